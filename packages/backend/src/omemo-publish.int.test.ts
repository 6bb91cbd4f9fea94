// Our OMEMO device on a real Prosody: with the omemo setting on, a login publishes both device
// lists and bundles with open access (read here by a non-contact), devices of one account merge,
// an overwritten own list gets us back, a restart keeps the device, used prekeys are refilled
// under new ids and republished — after the archive catch-up when one runs.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LegacyOmemoAccount, validateBundle as validateLegacyBundle } from '@parley/omemo';
import { validateBundle as validateV2Bundle } from '@parley/omemo/v2';
import { startProsody, type TestServer } from '@parley/testkit';
import {
  buildBundlePublish,
  buildDeviceListPublish,
  fetchBundle,
  fetchDeviceList,
  OMEMO_VERSIONS,
  publishWithOptions,
  Session,
  type IqSender,
  type OmemoBundle,
  type OmemoVersion,
} from '@parley/xmpp';
import { makeDevice } from '../../omemo/src/test-support/legacy-pair.js';
import { OmemoAccount } from './runtime/omemo/omemo-account.js';
import { addOnlineAccount, subscribeBothWays } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';
import { testScope } from './test-support/scope.js';

let server: TestServer;
let reader: Session;
const opened: Harness[] = [];
const sessions: Session[] = [];

function rawSession(local: string, resource: string): Session {
  const user = server.users.find((u) => u.local === local)!;
  const s = new Session({
    jid: user.jid,
    password: user.password,
    resource,
    host: server.host,
    port: server.c2sPort,
    tlsMode: 'starttls',
    trust: { caPem: server.caPem },
  });
  sessions.push(s);
  return s;
}

const read: IqSender = (iq) => reader.iq(iq);

async function listOf(jid: string, version: OmemoVersion): Promise<number[]> {
  return (await fetchDeviceList(read, jid, version)).map((d) => d.id).sort((a, b) => a - b);
}

async function bundleOf(jid: string, id: number, version: OmemoVersion): Promise<OmemoBundle> {
  const bundle = await fetchBundle(read, jid, id, version);
  if ('rejected' in bundle) throw new Error(`${version} bundle of ${id}: ${bundle.rejected}`);
  return bundle;
}

/** A backend with the omemo setting on, `local` logged in. */
async function omemoDevice(local: string, options: { dir?: string; key?: Buffer } = {}) {
  const key = options.key ?? randomBytes(32);
  const h = startHarness({
    caPem: server.caPem,
    key,
    ...(options.dir ? { dir: options.dir } : {}),
  });
  opened.push(h);
  await h.call('settings.set', { key: 'omemo', accountId: null, value: true });
  const account = await addOnlineAccount(h, server, local);
  return { h, key, account };
}

function deviceIdOf(h: Harness, accountId: string): number {
  return h.store.omemoIdentity.get(accountId)!.deviceId;
}

beforeAll(async () => {
  server = await startProsody({
    users: [
      { local: 'alice', password: 'alice-pw' },
      { local: 'bob', password: 'bob-pw' },
      { local: 'carol', password: 'carol-pw' },
      { local: 'dave', password: 'dave-pw' },
      { local: 'erin', password: 'erin-pw' },
      { local: 'frank', password: 'frank-pw' },
      { local: 'gina', password: 'gina-pw' },
      { local: 'hank', password: 'hank-pw' },
    ],
  });
  reader = rawSession('bob', 'reader');
  await reader.start();
}, 60_000);

afterAll(async () => {
  for (const h of opened) await h.close(true).catch(() => {});
  for (const s of sessions) await s.stop().catch(() => {});
  await server?.stop();
}, 30_000);

describe('publishing our OMEMO device', () => {
  it('turned off: nothing is published', async () => {
    const h = startHarness({ caPem: server.caPem });
    opened.push(h);
    await h.call('settings.set', { key: 'omemo', accountId: null, value: false });
    await addOnlineAccount(h, server, 'dave');
    for (const version of OMEMO_VERSIONS)
      expect(await listOf('dave@' + server.domain, version)).toEqual([]);
  }, 60_000);

  it('is on by default: a new profile publishes without the setting being touched', async () => {
    const h = startHarness({ caPem: server.caPem });
    opened.push(h);
    const account = await addOnlineAccount(h, server, 'hank');
    const id = deviceIdOf(h, account.id);
    for (const version of OMEMO_VERSIONS)
      await eventually(async () => (await listOf(account.jid, version)).includes(id));
  }, 60_000);

  it('publishes both device lists and bundles, readable by a non-contact', async () => {
    const { h, account } = await omemoDevice('alice');
    const id = deviceIdOf(h, account.id);
    for (const version of OMEMO_VERSIONS) {
      await eventually(async () => (await listOf(account.jid, version)).includes(id));
      const bundle = await bundleOf(account.jid, id, version);
      expect(bundle.preKeys).toHaveLength(100);
      if (version === 'legacy') {
        expect(() =>
          validateLegacyBundle({
            identityKey: bundle.identityKey,
            signedPreKey: {
              id: bundle.signedPreKey.id,
              publicKey: bundle.signedPreKey.key,
              signature: bundle.signedPreKey.signature,
            },
            preKeys: bundle.preKeys.map((p) => ({ id: p.id, publicKey: p.key })),
          }),
        ).not.toThrow();
      } else {
        expect(() =>
          validateV2Bundle({
            spkId: bundle.signedPreKey.id,
            spk: bundle.signedPreKey.key,
            spkSig: bundle.signedPreKey.signature,
            ik: bundle.identityKey,
            preKeys: bundle.preKeys.map((p) => ({ id: p.id, pub: p.key })),
          }),
        ).not.toThrow();
      }
    }
  }, 60_000);

  it('merges a second device of the account; an overwritten list gets both back', async () => {
    const first = await omemoDevice('carol');
    const second = await omemoDevice('carol');
    const ids = [deviceIdOf(first.h, first.account.id), deviceIdOf(second.h, second.account.id)];
    expect(ids[0]).not.toBe(ids[1]);
    const both = [...ids].sort((a, b) => a - b);
    for (const version of OMEMO_VERSIONS) {
      await eventually(async () => {
        const list = await listOf(first.account.jid, version);
        return both.every((id) => list.includes(id));
      });
    }
    // Another client of carol's publishes a list without us (ChatSecure#725, profanity#1538).
    const rogue = rawSession('carol', 'rogue');
    await rogue.start();
    const send: IqSender = (iq) => rogue.iq(iq);
    for (const version of OMEMO_VERSIONS) {
      await publishWithOptions(send, buildDeviceListPublish([{ id: 4242 }], version));
    }
    for (const version of OMEMO_VERSIONS) {
      const list = await eventually(async () => {
        const now = await listOf(first.account.jid, version);
        return both.every((id) => now.includes(id)) && now;
      });
      expect(list, version).toContain(4242);
    }
  }, 90_000);

  it('keeps its identity and device id across a restart', async () => {
    const { h, key, account } = await omemoDevice('alice');
    const before = h.store.omemoIdentity.get(account.id)!;
    for (const version of OMEMO_VERSIONS) {
      await eventually(async () => (await listOf(account.jid, version)).includes(before.deviceId));
    }
    const listBefore = await listOf(account.jid, 'legacy');
    const dir = h.dir;
    await h.close();
    const again = startHarness({ caPem: server.caPem, dir, key });
    opened.push(again);
    const online = again.waitFor(
      'account.changed',
      (a) => a.id === account.id && a.state === 'online',
    );
    await again.backend.start();
    await online;
    const after = again.store.omemoIdentity.get(account.id)!;
    expect(after.deviceId).toBe(before.deviceId);
    expect(Buffer.from(after.seed).equals(Buffer.from(before.seed))).toBe(true);
    // The same device on the list, no second one next to it.
    expect(await listOf(account.jid, 'legacy')).toEqual(listBefore);
    await bundleOf(account.jid, before.deviceId, 'legacy');
  }, 90_000);

  it('refills used prekeys with new ids and republishes, after the catch-up', async () => {
    const { h, account } = await omemoDevice('alice');
    const id = deviceIdOf(h, account.id);
    await eventually(async () => (await listOf(account.jid, 'legacy')).includes(id));
    const published = await bundleOf(account.jid, id, 'legacy');
    const oldIds = published.preKeys.map((p) => p.id);
    // The service of this account, over the same store and a session of its own.
    const session = rawSession('alice', 'omemo-upkeep');
    await session.start();
    const omemo = new OmemoAccount(testScope(h.store, account.id, account.jid));
    omemo.beginHistorySync();
    // A contact's first message uses one prekey (through the legacy facade)...
    const peer = await makeDevice('bob@' + server.domain);
    const built = await peer.account.buildSession(
      { jid: account.jid, deviceId: id },
      {
        identityKey: published.identityKey,
        signedPreKey: {
          id: published.signedPreKey.id,
          publicKey: published.signedPreKey.key,
          signature: published.signedPreKey.signature,
        },
        preKeys: published.preKeys.map((p) => ({ id: p.id, publicKey: p.key })),
      },
    );
    await peer.storage.commit(built.writes);
    const sent = await peer.account.encrypt('hi', [{ jid: account.jid, deviceId: id }]);
    const me = new LegacyOmemoAccount(omemo.legacyStorage, account.jid);
    const got = await me.decrypt(peer.jid, sent.result.encrypted, () => true);
    await omemo.legacyStorage.commit(got.writes);
    const [used] = got.result.consumedPreKeys;
    // ...and 29 more were used the same way (marked directly, to keep the test short).
    for (const p of h.store.omemoPrekeys.published(account.id, 'omemo').slice(0, 29)) {
      h.store.omemoPrekeys.markConsumed(account.id, 'omemo', p.id, Date.now());
    }
    await omemo.preKeysConsumed(session);
    // Still in the catch-up: the used prekeys are kept and the bundle is as it was.
    expect(h.store.omemoPrekeys.get(account.id, 'omemo', used!)).not.toBeNull();
    expect((await bundleOf(account.jid, id, 'legacy')).preKeys.map((p) => p.id)).toEqual(oldIds);

    await omemo.endHistorySync(session);
    expect(h.store.omemoPrekeys.get(account.id, 'omemo', used!)).toBeNull();
    const after = (await bundleOf(account.jid, id, 'legacy')).preKeys.map((p) => p.id);
    expect(after).toHaveLength(100);
    expect(after).not.toContain(used);
    const fresh = after.filter((p) => !oldIds.includes(p));
    expect(fresh).toHaveLength(30);
    expect(Math.min(...fresh)).toBeGreaterThan(Math.max(...oldIds));
  }, 90_000);
});

describe("contacts' devices", () => {
  it('follows a contact’s device lists from its notifications', async () => {
    const erin = await omemoDevice('erin');
    const frank = await omemoDevice('frank');
    await subscribeBothWays(erin, frank);
    const frankId = deviceIdOf(frank.h, frank.account.id);
    for (const version of ['omemo', 'omemo2'] as const) {
      await eventually(() =>
        erin.h.store.omemoDevices
          .list(erin.account.id, frank.account.jid, version)
          .some((d) => d.deviceId === frankId && d.active),
      );
    }
  }, 90_000);

  it('fetches an unknown list; a bad bundle marks its device broken, no throw', async () => {
    const { h, account } = await omemoDevice('alice');
    const gina = rawSession('gina', 'broken-client');
    await gina.start();
    const send: IqSender = (iq) => gina.iq(iq);
    const good = await bundleOf(account.jid, deviceIdOf(h, account.id), 'legacy');
    // A bundle whose signed prekey signature does not verify (Conversations#1857).
    const bad: OmemoBundle = {
      ...good,
      signedPreKey: { ...good.signedPreKey, signature: new Uint8Array(64).fill(7) },
    };
    await publishWithOptions(send, buildBundlePublish(7, bad, 'legacy'));
    await publishWithOptions(send, buildDeviceListPublish([{ id: 7 }], 'legacy'));
    const omemo = new OmemoAccount(testScope(h.store, account.id, account.jid));
    const ginaJid = 'gina@' + server.domain;
    expect(await omemo.devices.devicesOf(read, ginaJid)).toEqual({ legacy: [7], v2: [] });
    expect(await omemo.devices.bundleOf(read, ginaJid, 7, 'legacy')).toBeNull();
    expect(h.store.omemoDevices.get(account.id, ginaJid, 'omemo', 7)?.bundleError).toMatch(
      /signature/,
    );
    // A device without any bundle is broken too, with its reason.
    expect(await omemo.devices.bundleOf(read, ginaJid, 7, 'v2')).toBeNull();
    // Our own published bundle passes.
    const ours = await omemo.devices.bundleOf(read, account.jid, deviceIdOf(h, account.id), 'v2');
    expect(ours?.version).toBe('v2');
  }, 90_000);
});
