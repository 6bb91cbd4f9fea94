// OMEMO sessions with a python-omemo peer (oldmemo + twomemo, Debian) through a real Prosody:
// prekey messages found by the archive catch-up get one key transport per session once the
// catch-up ends (not one per message), and a session reset by the user is rebuilt from the
// peer's bundle so both sides talk again.
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
      ],
    });
    h = startHarness({ caPem: server.caPem, key: randomBytes(32) });
    await h.call('settings.set', { key: 'omemo', accountId: null, value: true });
    const account = await addOnlineAccount(h, server, 'parley');
    accountId = account.id;
    ownJid = account.jid;
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
});
