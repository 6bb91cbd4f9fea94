// One identity for both OMEMO versions, as python-omemo sees it: python-oldmemo takes our Ed25519
// key from our legacy bundle (the Curve25519 key plus the sign bit in the signed-prekey
// signature) and refuses a later OMEMO 2 key exchange of ours under any other key. With an
// identity whose Ed25519 key has sign bit 1, python first writes to us in legacy OMEMO (so it
// learns our identity from the legacy bundle), then we write to it over OMEMO 2: it decrypts.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, type TestServer } from '@parley/testkit';
import { deriveIdentity } from '@parley/omemo';
import { ensureIdentity } from './runtime/omemo/own-keys.js';
import { addOnlineAccount } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';
import {
  commandRunner,
  slixmppMissing,
  startPythonPeer,
  type Peer,
} from './test-support/python-peer.js';

const missing = slixmppMissing('omemo, oldmemo, twomemo, xmlschema, slixmpp');
if (missing) console.warn(`omemo-sign-bit.int.test.ts skipped: ${missing}`);

let server: TestServer;
let h: Harness;
let accountId: string;
let ownJid: string;

describe.skipIf(missing)('our identity with Ed25519 sign bit 1 and python-omemo', () => {
  beforeAll(async () => {
    server = await startProsody({
      users: [
        { local: 'parley', password: 'parley-pw' },
        { local: 'python', password: 'py' },
      ],
    });
    h = startHarness({ caPem: server.caPem, key: randomBytes(32) });
    const account = await addOnlineAccount(h, server, 'parley');
    accountId = account.id;
    ownJid = account.jid;
    // An identity whose Ed25519 key has sign bit 1 (half of them have; 64 tries miss for 2^-64).
    for (let tries = 0; tries < 64; tries++) {
      const { identity } = ensureIdentity(h.store, accountId, [], Date.now());
      if ((deriveIdentity(identity.seed).ed25519Public[31]! & 0x80) !== 0) break;
      h.store.omemoIdentity.delete(accountId);
    }
    const { seed, deviceId } = h.store.omemoIdentity.get(accountId)!;
    expect(deriveIdentity(seed).ed25519Public[31]! & 0x80).toBe(0x80);
    await h.call('settings.set', { key: 'omemo', accountId: null, value: true });
    await eventually(
      () =>
        h.store.omemoDevices.list(accountId, ownJid, 'omemo2').some((d) => d.deviceId === deviceId),
      20_000,
    );
  }, 90_000);

  afterAll(async () => {
    await h?.close(true);
    await server?.stop();
  }, 30_000);

  it('python learns our identity from the legacy bundle, then decrypts our OMEMO 2 message', async () => {
    const python = server.users[1]!;
    const peer: Peer = startPythonPeer(
      'omemo-pep-peer.py',
      ['--timeout', '100'],
      server,
      python,
      110_000,
    );
    const run = commandRunner(() => peer);
    try {
      await peer.next('ready');
      await run({ do: 'publish' }, 'published');
      await run({ do: 'listen' }, 'listening');
      await run({ do: 'send', jid: ownJid, ns: 'legacy', text: 'legacy first' }, 'sent');
      await eventually(
        () =>
          h.store.messages
            .page(accountId, python.jid, { beforeId: null, limit: 100 })
            .messages.some((m) => m.body === 'legacy first'),
        20_000,
      );
      await h.call('messages.send', { accountId, peer: python.jid, body: 'ours over OMEMO 2' });
      // Our message, or python's refusal of our key exchange (PublicDataInconsistency before).
      const got = await eventually(
        () =>
          peer.events.find(
            (e) =>
              (e.event === 'receive-error' && e.ns === 'v2') ||
              (e.event === 'received' && String(e.text).includes('ours over OMEMO 2')),
          ),
        20_000,
      ).catch((error: unknown) => {
        const seen = peer.events.filter((e) => e.event !== 'published');
        throw new Error(`${String(error)}; python saw ${JSON.stringify(seen)}`);
      });
      expect(got, String(got.error)).toMatchObject({ event: 'received', ns: 'v2' });
    } finally {
      peer.end();
      await peer.finish().catch(() => peer.kill());
    }
  }, 90_000);
});
