// python-omemo (oldmemo + twomemo, Debian) builds sessions from the bundles a Parley backend
// published on a real Prosody (the accounts are not contacts) and encrypts a message in each
// version; the keys in Parley's store decrypt it through the backend's OMEMO adapters. The
// incoming pipeline is not wired yet, so the test hands the <encrypted/> element over itself.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LegacyOmemoAccount } from '@parley/omemo';
import { decrypt as decryptV2, ownDevice } from '@parley/omemo/v2';
import { startProsody, type TestServer, type TestUser } from '@parley/testkit';
import { parseEncrypted, parseXml, type OmemoVersion } from '@parley/xmpp';
import { OmemoAccount } from './runtime/omemo/omemo-account.js';
import { addOnlineAccount } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';
import {
  slixmppMissing,
  startPythonPeer,
  type Peer,
  commandRunner,
} from './test-support/python-peer.js';
import { testScope } from './test-support/scope.js';

const missing = slixmppMissing('omemo, oldmemo, twomemo, xmlschema, slixmpp');
if (missing) console.warn(`interop-omemo-keys.int.test.ts skipped: ${missing}`);

let server: TestServer;
let python: TestUser;
let peer: Peer;
let h: Harness;
let accountId: string;
let ownJid: string;

const run = commandRunner(() => peer);

describe.skipIf(missing)('python-omemo encrypts to the keys we published', () => {
  beforeAll(async () => {
    server = await startProsody({
      users: [
        { local: 'parley', password: 'parley-pw' },
        { local: 'python', password: 'y' },
      ],
    });
    python = server.users[1]!;
    h = startHarness({ caPem: server.caPem, key: randomBytes(32) });
    await h.call('settings.set', { key: 'omemo', accountId: null, value: true });
    const account = await addOnlineAccount(h, server, 'parley');
    accountId = account.id;
    ownJid = account.jid;
    peer = startPythonPeer('omemo-pep-peer.py', ['--timeout', '80'], server, python, 90_000);
    await peer.next('ready');
    await run({ do: 'publish' }, 'published');
  }, 90_000);

  afterAll(async () => {
    peer?.end();
    await peer?.finish().catch(() => peer.kill());
    await h?.close(true);
    await server?.stop();
  }, 30_000);

  async function encrypted(version: OmemoVersion, text: string) {
    // Our device is on both lists once the login's publishing is through.
    let lastError: unknown = null;
    const answer = await eventually(async () => {
      const got = await run({ do: 'encrypt', jid: ownJid, ns: version, text }, 'encrypted').catch(
        (error: unknown) => {
          lastError = error;
          return undefined;
        },
      );
      return got;
    }, 30_000).catch((error: unknown) => {
      throw new Error(`${String(error)}; python said: ${String(lastError)}`);
    });
    const element = parseXml(answer.xml as string);
    const parsed = element && parseEncrypted(element);
    if (parsed === null || 'rejected' in parsed || parsed.version !== version) {
      throw new Error(`python sent no ${version} <encrypted/>: ${String(answer.xml)}`);
    }
    return parsed;
  }

  it('legacy: a prekey message decrypts with our stored keys, and uses one prekey', async () => {
    const message = await encrypted('legacy', 'hello from oldmemo');
    if (message.version !== 'legacy') throw new Error('not legacy');
    const omemo = new OmemoAccount(testScope(h.store, accountId, ownJid));
    const me = new LegacyOmemoAccount(omemo.legacyStorage, ownJid);
    const got = await me.decrypt(python.jid, message, () => true);
    expect(new TextDecoder().decode(got.result.plaintext!)).toBe('hello from oldmemo');
    expect(got.result.prekey).toBe(true);
    expect(got.result.consumedPreKeys).toHaveLength(1);
    await omemo.legacyStorage.commit(got.writes);
    expect(h.store.omemoPrekeys.countPublished(accountId, 'omemo')).toBe(99);
  }, 60_000);

  it('OMEMO 2: a key exchange decrypts with our stored keys, and uses one prekey', async () => {
    const message = await encrypted('v2', 'hello from twomemo');
    if (message.version !== 'v2') throw new Error('not OMEMO 2');
    const state = new OmemoAccount(testScope(h.store, accountId, ownJid)).v2State;
    const identity = h.store.omemoIdentity.get(accountId)!;
    const got = decryptV2(ownDevice(ownJid, identity.deviceId, identity.seed), {
      senderJid: python.jid,
      message: {
        sid: message.sid,
        keys: message.keys,
        ...(message.payload ? { payload: message.payload } : {}),
      },
      session: state.session(python.jid, message.sid),
      preKeys: state.preKeys(),
    });
    expect(new TextDecoder().decode(got.plaintext!)).toBe('hello from twomemo');
    expect(got.usedPreKeyId).not.toBeNull();
    h.store.transaction(() => {
      state.putSession(python.jid, message.sid, got.session)();
      state.consumePreKey(got.usedPreKeyId!)();
    });
    expect(state.session(python.jid, message.sid)).not.toBeNull();
    expect(h.store.omemoPrekeys.countPublished(accountId, 'omemo2')).toBe(99);
  }, 60_000);
});
