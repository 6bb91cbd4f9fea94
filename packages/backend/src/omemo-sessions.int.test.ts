// OMEMO sessions with a python-omemo peer (oldmemo + twomemo, Debian) through a real Prosody:
// prekey messages found by the archive catch-up get one key transport per session once the
// catch-up ends (not one per message), and a session reset by the user is rebuilt from the
// peer's bundle so both sides talk again (a bundle that cannot be fetched fails clearly).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, OmemoVersion } from '@parley/contract';
import { startProsody, type TestServer, type TestUser } from '@parley/testkit';
import { addOnlineAccount } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';
import {
  commandRunner,
  slixmppMissing,
  startPythonPeer,
  type Peer,
  type PeerEvent,
} from './test-support/python-peer.js';

const missing = slixmppMissing('omemo, oldmemo, twomemo, xmlschema, slixmpp');
if (missing) console.warn(`omemo-sessions.int.test.ts skipped: ${missing}`);

let server: TestServer;
let h: Harness;
let accountId: string;
let ownJid: string;

const nsOf = (version: OmemoVersion) => (version === 'omemo' ? 'legacy' : 'v2');

function messagesWith(peerJid: string): Message[] {
  return h.store.messages.page(accountId, peerJid, { beforeId: null, limit: 1_000 }).messages;
}

/** Key transports (empty OMEMO messages) the peer received from us in `ns`. */
function keyTransports(peer: Peer, ns: string): PeerEvent[] {
  return peer.events.filter((e) => e.event === 'received' && e.ns === ns && e.body === null);
}

/** A python device logged in as `who`, its device published. */
async function pythonDevice(
  who: TestUser,
): Promise<{ peer: Peer; run: ReturnType<typeof commandRunner>; device: number }> {
  const peer = startPythonPeer('omemo-pep-peer.py', ['--timeout', '100'], server, who, 110_000);
  const run = commandRunner(() => peer);
  await peer.next('ready');
  const device = (await run({ do: 'publish' }, 'published')).device_id as number;
  return { peer, run, device };
}

/** `check`'s value once truthy (20 s at most); else what the peer and the store saw. */
async function within<T>(what: string, peer: Peer, check: () => T | undefined | false): Promise<T> {
  return eventually(check, 20_000).catch((error: unknown) => {
    const seen = peer.events.filter((e) => e.event !== 'published');
    const stored = h.store.conversations
      .list()
      .flatMap((c) => messagesWith(c.peer).map((m) => [c.peer, m.body, m.decryptError]));
    throw new Error(
      `${what}: ${String(error)}; peer saw ${JSON.stringify(seen)}; stored ${JSON.stringify(stored)}\n${peer.stderr().slice(-2_000)}`,
    );
  }) as Promise<T>;
}

async function stop(peer: Peer): Promise<void> {
  peer.end();
  await peer.finish().catch(() => peer.kill());
}

async function reconnect(): Promise<void> {
  const offline = h.waitFor(
    'account.changed',
    (a) => a.id === accountId && a.state === 'disconnected',
  );
  await h.call('accounts.disconnect', { id: accountId });
  await offline;
}

describe.skipIf(missing)('OMEMO sessions with a python-omemo peer', () => {
  beforeAll(async () => {
    server = await startProsody({
      users: [
        { local: 'parley', password: 'parley-pw' },
        { local: 'away', password: 'a' },
        { local: 'reset', password: 'r' },
        { local: 'reset2', password: 'r2' },
      ],
    });
    h = startHarness({ caPem: server.caPem, key: randomBytes(32) });
    const account = await addOnlineAccount(h, server, 'parley');
    accountId = account.id;
    ownJid = account.jid;
    // Turned on now: a new (random) identity, our device and bundles are published at once.
    await h.call('settings.set', { key: 'omemo', accountId: null, value: true });
    const deviceId = await eventually(() => h.store.omemoIdentity.get(accountId)?.deviceId);
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

  it('prekey messages in the archive catch-up: one key transport per session, after it', async () => {
    const away = server.users[1]!;
    const { peer, run } = await pythonDevice(away);
    try {
      await reconnect();
      // Three messages per version while we are offline: all prekey messages (the peer gets no
      // answer in between), all in the archive.
      for (const version of ['omemo', 'omemo2'] as const) {
        await run(
          { do: 'send', jid: ownJid, ns: nsOf(version), text: `away ${version}`, count: 3 },
          'sent',
        );
      }
      const progressBefore = h.events.length;
      await h.call('accounts.connect', { id: accountId });
      await eventually(
        () =>
          h.events
            .slice(progressBefore)
            .some((e) => e.name === 'history.progress' && (e.payload as { done: boolean }).done),
        30_000,
      );
      await eventually(
        () => messagesWith(away.jid).filter((m) => m.body.startsWith('away')).length === 6,
        20_000,
      ).catch((error: unknown) => {
        const got = h.store.conversations
          .list()
          .flatMap((c) =>
            messagesWith(c.peer).map((m) => [c.peer, m.body, m.decryptError, m.encryption]),
          );
        throw new Error(`${String(error)}: stored ${JSON.stringify(got)}`);
      });
      for (const m of messagesWith(away.jid)) expect(m.decryptError ?? null).toBeNull();
      for (const ns of ['legacy', 'v2']) {
        await eventually(() => keyTransports(peer, ns).length >= 1, 20_000);
      }
      // Nothing more comes: one per session, not one per prekey message.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(keyTransports(peer, 'legacy')).toHaveLength(1);
      expect(keyTransports(peer, 'v2')).toHaveLength(1);
      expect(peer.events.filter((e) => e.event === 'undecryptable')).toEqual([]);
    } finally {
      await stop(peer);
    }
  }, 90_000);

  // One python device per version, so each version's reset is seen on its own.
  for (const [version, user] of [
    ['omemo', 2],
    ['omemo2', 3],
  ] as const) {
    it(`reset session (${version}): a new session from the bundle, messages decrypt both ways`, async () => {
      const other = server.users[user]!;
      const ns = nsOf(version);
      const { peer, run, device } = await pythonDevice(other);
      try {
        await run({ do: 'send', jid: ownJid, ns, text: `before ${version}` }, 'sent');
        await within(`"before ${version}" stored`, peer, () =>
          messagesWith(other.jid).find((m) => m.body === `before ${version}`),
        );
        const before = h.store.omemoSessions.get(accountId, other.jid, version, device)!.record;
        await within('the session completion', peer, () => keyTransports(peer, ns).length >= 1);
        const transports = keyTransports(peer, ns).length;

        const request = { accountId, jid: other.jid, deviceId: device, version };
        expect(await h.call('omemo.session.reset', request)).toEqual({});
        // A new session (not the old one moved on), announced by an empty prekey message that
        // the peer's python-omemo accepts.
        const after = h.store.omemoSessions.get(accountId, other.jid, version, device)!.record;
        expect(Buffer.from(after).equals(Buffer.from(before))).toBe(false);
        await within(
          'the reset key transport',
          peer,
          () => keyTransports(peer, ns).length > transports,
        );
        expect(peer.events.filter((e) => e.event === 'undecryptable')).toEqual([]);

        // The peer answers over the new session: we decrypt it.
        await run({ do: 'send', jid: ownJid, ns, text: `after ${version}` }, 'sent');
        const reply = await within(`"after ${version}" stored`, peer, () =>
          messagesWith(other.jid).find((m) => m.body === `after ${version}`),
        );
        expect(reply).toMatchObject({ encryption: version, senderDevice: device });
        expect(reply.decryptError ?? null).toBeNull();
        if (version === 'omemo2') {
          // And we write over it (the device is on the v2 list); python decrypts it (what it
          // decrypts is the SCE envelope around our body).
          await h.call('messages.send', {
            accountId,
            peer: other.jid,
            body: 'ours after the reset',
          });
          const got = await peer.next('received', (e) =>
            String(e.body).includes('>ours after the reset</body>'),
          );
          expect(got.ns).toBe('v2');
        }
      } finally {
        await stop(peer);
      }
    }, 90_000);
  }

  it('reset session with a device whose bundle cannot be fetched fails clearly, changing nothing', async () => {
    const other = server.users[2]!;
    await expect(
      h.call('omemo.session.reset', {
        accountId,
        jid: other.jid,
        deviceId: 4242,
        version: 'omemo',
      }),
    ).rejects.toThrow(/failed: The device's keys could not be fetched/);
    expect(h.store.omemoSessions.get(accountId, other.jid, 'omemo', 4242)).toBeNull();
  }, 30_000);
});
