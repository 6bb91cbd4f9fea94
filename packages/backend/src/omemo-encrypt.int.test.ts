// Parley encrypts what it sends with OMEMO (issue 10) and a python-omemo device (oldmemo +
// twomemo, Debian) receives it over a real Prosody and decrypts it: OMEMO 2 to a device on the
// v2 list, legacy to a device only on the legacy list, never the text in the clear, and nothing
// at all when no device of the contact is trusted.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, type TestServer, type TestUser } from '@parley/testkit';
import { LegacyOmemoAccount } from '@parley/omemo';
import { decrypt as decryptV2, ownDevice } from '@parley/omemo/v2';
import { OMEMO_FALLBACK_BODY, parseEncrypted, parseEncryptedMessage, parseXml } from '@parley/xmpp';
import { OmemoAccount } from './runtime/omemo/omemo-account.js';
import { testScope } from './test-support/scope.js';
import { addOnlineAccount } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';
import {
  slixmppMissing,
  startPythonPeer,
  type Peer,
  type PeerEvent,
  commandRunner,
} from './test-support/python-peer.js';

const missing = slixmppMissing('omemo, oldmemo, twomemo, xmlschema, slixmpp');
if (missing) console.warn(`omemo-encrypt.int.test.ts skipped: ${missing}`);

let server: TestServer;
let python: TestUser;
let peer: Peer;
let h: Harness;
let accountId: string;
let pythonDevice: number;

const run = commandRunner(() => peer);

/** What the python device made of the message with this text: decrypted, or why not. */
function received(text: string): Promise<PeerEvent> {
  const refused = h.waitFor('message.updated', (m) => m.status === 'failed', 25_000);
  const seen = () =>
    JSON.stringify(peer.events.filter((e) => e.event !== 'published')) + peer.stderr();
  return Promise.race([
    peer.next('received', (e) => e.text === text),
    peer.next('receive-error').then((e) => {
      throw new Error(`python could not decrypt: ${String(e.error)}\n${peer.stderr()}`);
    }),
    refused.then(
      (m) => {
        throw new Error(`not sent: ${String(m.error)}`);
      },
      () => new Promise<never>(() => {}),
    ),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`nothing arrived; python saw ${seen()}`)), 30_000),
    ),
  ]);
}

/** Messages the python device got so far (decrypted or not). */
const arrivals = () =>
  peer.events.filter((e) => e.event === 'received' || e.event === 'receive-error').length;

describe.skipIf(missing)('OMEMO: what Parley sends, python-omemo decrypts', () => {
  beforeAll(async () => {
    server = await startProsody({
      users: [
        { local: 'parley', password: 'parley-pw' },
        { local: 'python', password: 'y' },
        { local: 'late', password: 'late-pw' },
      ],
    });
    python = server.users[1]!;
    h = startHarness({ caPem: server.caPem, key: randomBytes(32) });
    await h.call('settings.set', { key: 'omemo', accountId: null, value: true });
    const account = await addOnlineAccount(h, server, 'parley');
    accountId = account.id;
    peer = startPythonPeer('omemo-pep-peer.py', ['--timeout', '100'], server, python, 110_000);
    await peer.next('ready');
    pythonDevice = (await run({ do: 'publish' }, 'published')).device_id as number;
    await run({ do: 'listen' }, 'listening');
  }, 90_000);

  afterAll(async () => {
    peer?.end();
    await peer?.finish().catch(() => peer.kill());
    await h?.close(true);
    await server?.stop();
  }, 30_000);

  it('the lock is on by default once the contact has OMEMO devices', async () => {
    const state = await h.call('omemo.conversation.get', { accountId, peer: python.jid });
    expect(state).toMatchObject({ encryption: 'omemo', chosen: true, hasDevices: true });
    expect(h.store.omemoConversations.get(accountId, python.jid)).toBe('omemo');
  }, 30_000);

  it('OMEMO 2 to a device on the v2 list: decrypted there, no body in the clear', async () => {
    const got = received('secret over omemo 2');
    const sent = await h.call('messages.send', {
      accountId,
      peer: python.jid,
      body: 'secret over omemo 2',
    });
    const delivered = await got;
    expect(delivered).toMatchObject({ ns: 'v2', text: 'secret over omemo 2', body: null });
    expect(delivered.id).toBe(sent.id);
    expect(h.store.messages.get(accountId, sent.id)?.encryption).toBe('omemo2');
    expect(peer.events.filter((e) => e.event === 'received-plain')).toEqual([]);
  }, 60_000);

  it('legacy to a device only on the legacy list, with the fallback body only', async () => {
    // As a Conversations device: on the legacy list only (our copy of the v2 list emptied).
    h.store.omemoDevices.applyList(accountId, python.jid, 'omemo2', [], Date.now());
    const got = received('secret over legacy');
    const sent = await h.call('messages.send', {
      accountId,
      peer: python.jid,
      body: 'secret over legacy',
    });
    const delivered = await got;
    expect(delivered).toMatchObject({ ns: 'legacy', text: 'secret over legacy' });
    expect(delivered.body).toBe(OMEMO_FALLBACK_BODY);
    expect(h.store.messages.get(accountId, sent.id)?.encryption).toBe('omemo');
    // A second message goes over the session the first one built.
    const again = received('and again');
    await h.call('messages.send', { accountId, peer: python.jid, body: 'and again' });
    expect(await again).toMatchObject({ ns: 'legacy', text: 'and again' });
    expect(peer.events.filter((e) => e.event === 'received-plain')).toEqual([]);
  }, 60_000);

  it('replies from the python device open with the sessions our sends stored', async () => {
    const ownJid = `parley@${server.domain}`;
    const omemo = new OmemoAccount(testScope(h.store, accountId, ownJid));
    for (const ns of ['legacy', 'v2'] as const) {
      const answer = await run(
        { do: 'encrypt', jid: ownJid, ns, text: `reply ${ns}` },
        'encrypted',
      );
      const element = parseXml(answer.xml as string);
      const parsed = element && parseEncrypted(element);
      if (!parsed || 'rejected' in parsed || parsed.version !== ns) throw new Error(`no ${ns}`);
      if (parsed.version === 'legacy') {
        const me = new LegacyOmemoAccount(omemo.legacyStorage, ownJid);
        const got = await me.decrypt(python.jid, parsed, () => true);
        // No prekey message: python answers over the session our first message started.
        expect(got.result.prekey).toBe(false);
        expect(new TextDecoder().decode(got.result.plaintext!)).toBe('reply legacy');
      } else {
        const identity = h.store.omemoIdentity.get(accountId)!;
        const got = decryptV2(ownDevice(ownJid, identity.deviceId, identity.seed), {
          senderJid: python.jid,
          message: { sid: parsed.sid, keys: parsed.keys, payload: parsed.payload! },
          session: omemo.v2State.session(python.jid, parsed.sid),
          preKeys: omemo.v2State.preKeys(),
        });
        expect(got.usedPreKeyId).toBeNull();
        expect(new TextDecoder().decode(got.plaintext!)).toBe('reply v2');
      }
    }
  }, 60_000);

  it('a correction: its new text encrypted, the <replace/> beside it in the clear', async () => {
    const first = received('to be corrected');
    const sent = await h.call('messages.send', {
      accountId,
      peer: python.jid,
      body: 'to be corrected',
    });
    await first;
    const fixed = received('corrected');
    await h.call('messages.correct', {
      accountId,
      peer: python.jid,
      messageId: sent.id,
      body: 'corrected',
    });
    expect(await fixed).toMatchObject({ ns: 'legacy', replaces: sent.id });
    expect(peer.events.filter((e) => e.event === 'received-plain')).toEqual([]);
  }, 60_000);

  it('our second Parley device gets a key too, and its keys open it (carbons, archive)', async () => {
    const second = startHarness({ caPem: server.caPem, key: randomBytes(32) });
    try {
      await second.call('settings.set', { key: 'omemo', accountId: null, value: true });
      const account = await addOnlineAccount(second, server, 'parley');
      const ownJid = account.jid;
      // Its device joins our own list (published at login); the first one learns it from PEP.
      const deviceId = await eventually(() => second.store.omemoIdentity.get(account.id)?.deviceId);
      await eventually(() =>
        h.store.omemoDevices.list(accountId, ownJid, 'omemo2').some((d) => d.deviceId === deviceId),
      );
      const got = received('for both of my devices');
      await h.call('messages.send', {
        accountId,
        peer: python.jid,
        body: 'for both of my devices',
      });
      // The python device is on our legacy list only now: the stanza carries both versions.
      const stanza = parseXml((await got).stanza as string);
      const parsed = stanza && parseEncryptedMessage(stanza);
      if (!parsed || 'rejected' in parsed || parsed.version !== 'v2') throw new Error('not v2');
      // The second device opens its carbon itself (the decrypt side): stored as our message,
      // in plaintext, marked as OMEMO 2 from our first device.
      const identity = h.store.omemoIdentity.get(accountId)!;
      const copy = await eventually(() =>
        second.store.messages
          .page(account.id, python.jid, { beforeId: null, limit: 10 })
          .messages.find((m) => m.body === 'for both of my devices'),
      );
      expect(copy).toMatchObject({
        direction: 'out',
        encryption: 'omemo2',
        senderDevice: identity.deviceId,
      });
    } finally {
      await second.close(true);
    }
  }, 60_000);

  it('no trusted device: the message fails with the reason and nothing is sent', async () => {
    h.store.omemoTrust.setTrust(accountId, python.jid, pythonDevice, 'distrusted', Date.now());
    const before = arrivals();
    const failed = h.waitFor('message.updated', (m) => m.status === 'failed', 30_000);
    const sent = await h.call('messages.send', { accountId, peer: python.jid, body: 'leak?' });
    const message = await failed;
    expect(message.id).toBe(sent.id);
    expect(message.error).toMatch(/Not sent: none of .*OMEMO devices.*distrusted/);
    // Nothing reaches the peer (bounded wait: the message would have arrived by now).
    await new Promise((r) => setTimeout(r, 2_000));
    expect(arrivals()).toBe(before);
  }, 60_000);

  it('turning the omemo setting on publishes our device at once, without a new login', async () => {
    const other = startHarness({ caPem: server.caPem, key: randomBytes(32) });
    try {
      await other.call('settings.set', { key: 'omemo', accountId: null, value: false });
      const late = await addOnlineAccount(other, server, 'late');
      expect(other.store.omemoIdentity.get(late.id)).toBeNull();
      await other.call('settings.set', { key: 'omemo', accountId: null, value: true });
      const listed = await eventually(() => {
        const identity = other.store.omemoIdentity.get(late.id);
        const own = other.store.omemoDevices.list(late.id, late.jid, 'omemo');
        return identity && own.some((d) => d.deviceId === identity.deviceId);
      }, 20_000);
      expect(listed).toBe(true);
    } finally {
      await other.close(true);
    }
  }, 60_000);
});
