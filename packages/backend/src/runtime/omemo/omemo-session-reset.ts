/**
 * "Reset session" with one device (XEP-0384 §Security: a client MUST offer it, and MUST NOT do
 * it by itself on a decryption error; OMEMO.md §4 pitfall 9): the stored session is dropped, a
 * new one is built from the device's current bundle, and an empty prekey message (a key
 * transport) tells the device to replace its side. The bundle is fetched before the crypto
 * lock is taken; dropping, building, encrypting and committing happen under it.
 */
import { randomUUID } from 'node:crypto';
import { LegacyOmemoAccount, withoutDjbType } from '@parley/omemo';
import {
  edwardsToMontgomery,
  encrypt as encryptV2,
  ownDevice,
  startSession,
} from '@parley/omemo/v2';
import type { OmemoVersion } from '@parley/contract';
import {
  buildEncryptedMessageChildren,
  jid as parseJid,
  xml,
  type Element,
  type IqSender,
  type Session,
} from '@parley/xmpp';
import type { AccountScope } from '../account-scope.js';
import type { FetchedBundle } from './device-directory.js';
import type { OmemoAccount } from './omemo-account.js';
import { STORED } from './own-keys.js';

/** Why a reset could not be done, in words for the user. */
export class SessionResetError extends Error {}

export interface ResetTarget {
  jid: string;
  deviceId: number;
  version: OmemoVersion;
}

export class SessionReset {
  constructor(
    private readonly scope: AccountScope,
    private readonly omemo: OmemoAccount,
    private readonly now: () => number = Date.now,
  ) {}

  /** Rebuilds the session with the device and sends it the key transport that starts it. */
  async reset(session: Session, target: ResetTarget): Promise<void> {
    const jid = parseJid(target.jid).bare().toString();
    const { deviceId } = target;
    const wire = target.version === 'omemo' ? 'legacy' : 'v2';
    if (jid === this.scope.ownJid && deviceId === this.omemo.identity().deviceId) {
      throw new SessionResetError('This is this device: there is no session with it.');
    }
    const send: IqSender = (iq) => session.iq(iq);
    let fetched: FetchedBundle | null;
    try {
      fetched = await this.omemo.devices.bundleOf(send, jid, deviceId, wire);
    } catch (error) {
      throw new SessionResetError(`The device's keys could not be fetched: ${String(error)}`);
    }
    if (fetched === null) {
      const { store, accountId } = this.scope;
      const why = store.omemoDevices.get(accountId, jid, STORED[wire], deviceId)?.bundleError;
      throw new SessionResetError(
        `The device's keys could not be fetched${why ? ` (${why})` : ''}: the session was kept.`,
      );
    }
    this.pin(jid, deviceId, fetched);
    const stanza = await this.omemo.lock.exclusive(() => this.rebuild(jid, deviceId, fetched));
    await session.send(stanza);
  }

  /** The bundle's key must be the one pinned (pinned now if none was). */
  private pin(jid: string, deviceId: number, fetched: FetchedBundle): void {
    const { store, accountId } = this.scope;
    const key =
      fetched.version === 'legacy'
        ? withoutDjbType(fetched.bundle.identityKey)
        : edwardsToMontgomery(fetched.bundle.ik);
    const sighting = store.omemoTrust.seen(accountId, jid, deviceId, key, this.now());
    if (sighting.kind === 'key-changed') {
      throw new SessionResetError(
        'The device now shows a different identity key: decide about it in its trust settings first.',
      );
    }
  }

  /** Under the lock: the old session dropped, the new one built, the key transport encrypted. */
  private async rebuild(jid: string, deviceId: number, fetched: FetchedBundle): Promise<Element> {
    const { store, ownJid } = this.scope;
    const identity = this.omemo.identity();
    const address = { jid, deviceId };
    let children: Element[];
    if (fetched.version === 'legacy') {
      const storage = this.omemo.legacyStorage;
      const legacy = new LegacyOmemoAccount(storage, ownJid, this.now);
      await storage.commit(legacy.resetSession(address).writes);
      await storage.commit((await legacy.buildSession(address, fetched.bundle)).writes);
      const staged = await legacy.encrypt(null, [address]);
      await storage.commit(staged.writes);
      const { sid, keys, iv } = staged.result.encrypted;
      children = buildEncryptedMessageChildren({ version: 'legacy', sid, keys: [...keys], iv });
    } else {
      const own = ownDevice(ownJid, identity.deviceId, identity.seed);
      const fresh = startSession(own, fetched.bundle);
      const out = encryptV2(own, null, [{ jid, deviceId, session: fresh }]);
      const next = out.sessions[0]!;
      store.transaction(() => this.omemo.v2State.putSession(jid, deviceId, next.session)());
      children = buildEncryptedMessageChildren({ version: 'v2', ...out.message });
    }
    return xml('message', { to: jid, type: 'chat', id: randomUUID() }, ...children);
  }
}
