/**
 * Removing another device of our own account (OMEMO.md §7.4, "remove stale own devices"): our
 * device lists are republished without it and its bundle is deleted, so contacts stop
 * encrypting to it. Never the device Parley runs as.
 */
import {
  buildDeviceListPublish,
  bundleNode,
  fetchDeviceList,
  iqErrorCondition,
  NS_PUBSUB,
  NS_PUBSUB_OWNER,
  publishWithOptions,
  xml,
  type Element,
  type IqSender,
  type OmemoVersion,
} from '@parley/xmpp';
import type { AccountScope } from '../account-scope.js';
import type { OmemoAccount } from './omemo-account.js';
import { STORED, VERSIONS } from './own-keys.js';

export class OwnDeviceError extends Error {
  constructor(
    readonly code: 'invalid-payload' | 'not-found',
    message: string,
  ) {
    super(message);
  }
}

/** Legacy keeps one bundle node per device (deleted); OMEMO 2 one item per device (retracted). */
export function buildBundleRemoval(version: OmemoVersion, deviceId: number): Element {
  const node = bundleNode(version, deviceId);
  if (version === 'legacy') {
    return xml(
      'iq',
      { type: 'set' },
      xml('pubsub', { xmlns: NS_PUBSUB_OWNER }, xml('delete', { node })),
    );
  }
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'pubsub',
      { xmlns: NS_PUBSUB },
      xml('retract', { node, notify: 'true' }, xml('item', { id: String(deviceId) })),
    ),
  );
}

/**
 * Republishes each of our lists that holds `deviceId` without it (read fresh from the server,
 * in the account's publish queue), then deletes its bundles; forgets it in the store.
 * @throws OwnDeviceError for our current device or a device on none of our lists
 */
export async function removeOwnDevice(
  scope: AccountScope,
  omemo: OmemoAccount,
  send: IqSender,
  deviceId: number,
): Promise<void> {
  const { store, accountId, ownJid, bus } = scope;
  if (store.omemoIdentity.get(accountId)?.deviceId === deviceId) {
    throw new OwnDeviceError('invalid-payload', 'this is the device Parley runs as');
  }
  let found = false;
  await omemo.enqueue(async () => {
    for (const version of VERSIONS) {
      const list = await fetchDeviceList(send, ownJid, version);
      const kept = list.filter((d) => d.id !== deviceId);
      if (kept.length !== list.length) {
        found = true;
        await publishWithOptions(send, buildDeviceListPublish(kept, version));
      }
      omemo.devices.apply(ownJid, version, kept);
    }
  });
  const known = VERSIONS.some((v) =>
    store.omemoDevices.get(accountId, ownJid, STORED[v], deviceId),
  );
  if (!found && !known) throw new OwnDeviceError('not-found', `device ${deviceId} is not ours`);
  for (const version of VERSIONS) {
    await send(buildBundleRemoval(version, deviceId)).catch((error: unknown) => {
      // Already gone (or never published in this version): nothing left to delete.
      if (iqErrorCondition(error) !== 'item-not-found') throw error;
    });
    store.omemoDevices.remove(accountId, ownJid, STORED[version], deviceId);
  }
  bus.emit('omemo.devices.changed', { accountId, jid: ownJid });
}
