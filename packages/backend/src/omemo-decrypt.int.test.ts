// Incoming OMEMO through a real Prosody: a python-omemo peer (oldmemo + twomemo, Debian) sends
// encrypted messages to a Parley backend over XMPP; Parley decrypts them in its pipeline, stores
// the plaintext with its encryption facts, answers a prekey message with a key transport (the
// peer sees an empty message), ignores a replayed stanza and shows a message not encrypted for
// its device as such, never with its fallback body.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, OmemoVersion } from '@parley/contract';
import { startProsody, type TestServer, type TestUser } from '@parley/testkit';
import { buildEncryptedMessageChildren, xml } from '@parley/xmpp';
import { addOnlineAccount } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';
import {
  slixmppMissing,
  startPythonPeer,
  type Peer,
  commandRunner,
} from './test-support/python-peer.js';

const missing = slixmppMissing('omemo, oldmemo, twomemo, xmlschema, slixmpp');
if (missing) console.warn(`omemo-decrypt.int.test.ts skipped: ${missing}`);

let server: TestServer;
let python: TestUser;
let peer: Peer;
let peerDevice: number;
let h: Harness;
let accountId: string;
let ownJid: string;

const run = commandRunner(() => peer);

function messages(): Message[] {
  return h.store.messages.page(accountId, python.jid, { beforeId: null, limit: 1_000 }).messages;
}

/** The stored message whose body is `text`, once there. */
function stored(text: string): Promise<Message> {
  return eventually(() => messages().find((m) => m.body === text), 20_000);
}

/** Sends `text` from the peer; our device must be on its lists first (the login publishes). */
async function send(version: OmemoVersion, text: string, times = 1): Promise<void> {
  const ns = version === 'omemo' ? 'legacy' : 'v2';
  let lastError: unknown = null;
  await eventually(
    () =>
      run({ do: 'send', jid: ownJid, ns, text, times }, 'sent').catch((error: unknown) => {
        lastError = error;
        return undefined;
      }),
    30_000,
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; python said: ${String(lastError)}`);
  });
}

describe.skipIf(missing)('encrypted messages from a python-omemo peer', () => {
  beforeAll(async () => {
    server = await startProsody({
      users: [
        { local: 'parley', password: 'parley-pw' },
        { local: 'python', password: 'y' },
        { local: 'late', password: 'z' },
      ],
    });
    python = server.users[1]!;
    h = startHarness({ caPem: server.caPem, key: randomBytes(32) });
    await h.call('settings.set', { key: 'omemo', accountId: null, value: true });
    const account = await addOnlineAccount(h, server, 'parley');
    accountId = account.id;
    ownJid = account.jid;
    peer = startPythonPeer('omemo-pep-peer.py', ['--timeout', '110'], server, python, 120_000);
    await peer.next('ready');
    peerDevice = (await run({ do: 'publish' }, 'published')).device_id as number;
  }, 90_000);

  afterAll(async () => {
    peer?.end();
    await peer?.finish().catch(() => peer.kill());
    await h?.close(true);
    await server?.stop();
  }, 30_000);

  for (const version of ['omemo', 'omemo2'] as const) {
    const ns = version === 'omemo' ? 'legacy' : 'v2';
    it(`${version}: a first (prekey) message and a reply are stored in plaintext`, async () => {
      const before = h.store.omemoPrekeys.countPublished(accountId, version);
      await send(version, `first in ${version}`);
      const first = await stored(`first in ${version}`);
      expect(first).toMatchObject({ encryption: version, senderDevice: peerDevice });
      expect(first.trust).toBe('blind');
      expect(first.decryptError ?? null).toBeNull();
      // The session completion: one empty message back to the peer's device.
      const completion = await peer.next('received', (e) => e.ns === ns && e.body === null);
      expect(completion.from).toBe(ownJid);
      // The used prekey is off the bundle and, outside a catch-up, deleted at once.
      expect(h.store.omemoPrekeys.countPublished(accountId, version)).toBe(before - 1);
      await send(version, `reply in ${version}`);
      const reply = await stored(`reply in ${version}`);
      expect(reply).toMatchObject({ encryption: version, senderDevice: peerDevice });
    }, 90_000);
  }

  it('a replayed stanza stores nothing new', async () => {
    await send('omemo', 'said twice', 2);
    await stored('said twice');
    await send('omemo', 'after the replay');
    await stored('after the replay');
    expect(messages().filter((m) => m.body === 'said twice')).toHaveLength(1);
    expect(messages().some((m) => m.decryptError)).toBe(false);
  }, 60_000);

  it('a heartbeat answers the first message at counter 53 of a ratchet key, once', async () => {
    const keyTransports = () =>
      peer.events.filter((e) => e.event === 'received' && e.ns === 'legacy' && e.body === null);
    const before = keyTransports().length;
    await run({ do: 'send', jid: ownJid, ns: 'legacy', text: 'burst', count: 60 }, 'sent');
    await stored('burst 59');
    await eventually(() => keyTransports().length === before + 1, 20_000);
    // The messages after it on the same ratchet key get none.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(keyTransports()).toHaveLength(before + 1);
  }, 60_000);

  it('a prekey message in the archive catch-up: its prekey kept until the catch-up ends', async () => {
    // A second peer, so the message is a first (prekey) one.
    const late = server.users[2]!;
    const second = startPythonPeer('omemo-pep-peer.py', ['--timeout', '60'], server, late, 70_000);
    try {
      await second.next('ready');
      second.write({ do: 'publish', seq: 1 });
      await second.next('published');
      const published = new Set(
        h.store.omemoPrekeys.published(accountId, 'omemo').map((p) => p.id),
      );
      const offline = h.waitFor(
        'account.changed',
        (a) => a.id === accountId && a.state === 'disconnected',
      );
      await h.call('accounts.disconnect', { id: accountId });
      await offline;
      second.write({ do: 'send', jid: ownJid, ns: 'legacy', text: 'while you were away', seq: 2 });
      await second.next('sent');
      const progressBefore = h.events.length;
      const arrived = h.waitFor('message.added', (m) => m.body === 'while you were away', 20_000);
      await h.call('accounts.connect', { id: accountId });
      const added = await arrived;
      expect(added).toMatchObject({ encryption: 'omemo', direction: 'in' });
      const used = [...published].filter(
        (id) => h.store.omemoPrekeys.get(accountId, 'omemo', id)?.consumedAt != null,
      );
      // Consumed, yet still there: a second sender may have used it in the same catch-up.
      expect(used).toHaveLength(1);
      await eventually(
        () =>
          h.events
            .slice(progressBefore)
            .some((e) => e.name === 'history.progress' && (e.payload as { done: boolean }).done),
        20_000,
      );
      await eventually(() => h.store.omemoPrekeys.get(accountId, 'omemo', used[0]!) === null);
      // The session completion reached the peer once it was online.
      await second.next('received', (e) => e.ns === 'legacy' && e.body === null);
    } finally {
      second.end();
      await second.finish().catch(() => second.kill());
    }
  }, 90_000);

  it('a message not encrypted for our device shows so, without its fallback body', async () => {
    const ownDevice = h.store.omemoIdentity.get(accountId)!.deviceId;
    const other = ownDevice === 1 ? 2 : ownDevice - 1;
    const encrypted = {
      version: 'legacy' as const,
      sid: peerDevice,
      keys: [{ rid: other, prekey: false, data: randomBytes(40) }],
      iv: randomBytes(12),
      payload: randomBytes(20),
    };
    const stanza = xml(
      'message',
      { to: ownJid, type: 'chat', id: 'not-for-us' },
      ...buildEncryptedMessageChildren(encrypted, 'FALLBACK TEXT'),
    );
    await run({ do: 'raw', xml: stanza.toString() }, 'sent');
    const got = await eventually(
      () => messages().find((m) => m.decryptError === 'not-for-this-device'),
      20_000,
    );
    expect(got.body).toBe('');
    expect(got.encryption).toBe('omemo');
    expect(messages().some((m) => m.body.includes('FALLBACK'))).toBe(false);
  }, 60_000);
});
