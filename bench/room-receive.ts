/**
 * Room receive throughput: N groupchat messages sent into a room, received, persisted and
 * emitted by Parley's backend, against a bare @xmpp/client occupant of the same kind of room in
 * the same run (the one-to-one bench's baseline, bench/lib/bare-client.ts). Target: Parley ≥ 80%
 * of the bare rate.
 *   pnpm tsx bench/room-receive.ts [count] [rounds]
 *
 * Per receiver and round: a fresh room, created by the testkit's crowd component (one occupant,
 * the sender), so no receiver inherits another's history or occupants; the receiver joins (bare:
 * presence with <history maxstanzas='0'/>; Parley: `rooms.join`), a probe message proves it is in,
 * then the sender writes N messages as fast as its socket takes them and the time runs from the
 * first to the last message the receiver counts (bare: groupchat stanzas with a body; Parley:
 * `message.added` events for the room). No archive (mamStorage 'none', which also turns muc_mam
 * off), as in the one-to-one bench: the memory archive grows with every message and would slow
 * whichever receiver runs later. Rounds alternate which receiver goes first.
 */
import type { Element } from '@xmpp/xml';
import { joinRoom } from '@parley/testkit';
import { startHarness, type Harness } from '../packages/backend/src/test-support/harness.js';
import { addOnlineAccount } from '../packages/backend/src/test-support/accounts.js';
import { bareClient } from './lib/bare-client.js';
import { median, table } from './lib/figures.js';
import { profilePhase } from './lib/profile.js';
import { startRemoteCrowd, type RemoteCrowd } from './lib/remote-crowd.js';
import { withServer } from './lib/with-server.js';
import { size, verdict } from './lib/smoke.js';

const count = Number(process.argv[2] ?? size(10_000, 200));
const rounds = Number(process.argv[3] ?? size(3, 1));
const timeoutMs = 180_000;

const server = await withServer({
  mamStorage: 'none',
  users: ['bare', 'parley'].flatMap((who) =>
    Array.from({ length: rounds }, (_, i) => ({ local: `${who}${i}`, password: 'pw' })),
  ),
});
const service = `xmpp://${server.host}:${server.c2sPort}`;
// Nothing below may hang the bench.
setTimeout(() => {
  console.error('room-receive: watchdog (20 min) fired');
  process.exit(2);
}, 1_200_000).unref();

/**
 * A fresh room with the crowd's one sender in it (the crowd creates and unlocks it). The crowd
 * runs in its own process: in this one, its pending writes would wait whenever the receiver
 * being measured holds the event loop, and starve the server of input.
 */
async function senderRoom(name: string): Promise<{ room: string; crowd: RemoteCrowd }> {
  const room = `${name}@${server.mucDomain}`;
  const crowd = await startRemoteCrowd(server, { count: 1, room, nickPrefix: 'sender' });
  return { room, crowd };
}

/** N groupchat messages from the sender, as fast as the component socket takes them. */
function blast(crowd: RemoteCrowd): void {
  crowd
    .blast(0, count, 'room message number ')
    .catch((err: unknown) => console.error(`room-receive: sender failed: ${String(err)}`));
}

/** Sends probes until `arrived(body)` sees one (bounded): the receiver is in the room. */
async function probe(
  crowd: RemoteCrowd,
  arrived: (body: string) => Promise<boolean>,
): Promise<number> {
  for (let n = 0; n < 30; n++) {
    const body = `probe ${n}`;
    const seen = arrived(body);
    await crowd.send(0, body);
    if (await seen) return n + 1;
  }
  throw new Error('the receiver never got a live room message');
}

/** The baseline: a bare @xmpp/client occupant counting groupchat messages with a body. */
async function bareReceiver(round: number): Promise<number> {
  const { room, crowd } = await senderRoom(`rr-bare-${round}`);
  // Carbons on, as Parley has them (they do not apply to groupchat, but keep the sessions alike).
  const bare = await bareClient(service, server.domain, `bare${round}`, 'pw', { carbons: true });
  try {
    await joinRoom(bare, room, 'bare');
    await probe(crowd, (body) => stanzaWith(bare, body));
    return await new Promise<number>((resolve, reject) => {
      let received = 0;
      let started = 0;
      const timer = setTimeout(() => reject(new Error(`bare got ${received}/${count}`)), timeoutMs);
      bare.on('stanza', (stanza) => {
        if (!stanza.is('message') || stanza.attrs['type'] !== 'groupchat') return;
        if (!stanza.getChild('body')) return;
        if (received++ === 0) started = performance.now();
        if (received === count) {
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      });
      blast(crowd);
    });
  } finally {
    await crowd.close();
    await bare.stop();
  }
}

function stanzaWith(bare: Awaited<ReturnType<typeof bareClient>>, body: string): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => (bare.removeListener('stanza', on), resolve(false)), 1_000);
    const on = (stanza: Element): void => {
      if (!stanza.is('message') || stanza.getChildText('body') !== body) return;
      clearTimeout(timer);
      bare.removeListener('stanza', on);
      resolve(true);
    };
    bare.on('stanza', on);
  });
}

/** Parley: the real backend and encrypted store; counts message.added events for the room. */
async function parleyReceiver(round: number): Promise<{ ms: number; stored: number }> {
  const { room, crowd } = await senderRoom(`rr-parley-${round}`);
  const h = startHarness({ caPem: server.caPem, validateEvents: false });
  try {
    const account = await addOnlineAccount(h, server, `parley${round}`, {
      password: 'pw',
      timeoutMs: 30_000,
    });
    await joinParley(h, account.id, room);
    const probes = await probe(crowd, (body) =>
      h
        .waitFor('message.added', (m) => m.peer === room && m.body === body, 1_000)
        .then(
          () => true,
          () => false,
        ),
    );
    const ms = await profilePhase(`room-receive-${round}`, () => parleyCount(h, room, crowd));
    const stored = h.store.messages.count(account.id, room) - probes;
    return { ms, stored };
  } finally {
    await crowd.close();
    await h.close(true);
  }
}

function parleyCount(h: Harness, room: string, crowd: RemoteCrowd): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let received = 0;
    let started = 0;
    const timer = setTimeout(() => reject(new Error(`Parley got ${received}/${count}`)), timeoutMs);
    h.backend.onEvent((name, payload) => {
      if (name !== 'message.added' || (payload as { peer: string }).peer !== room) return;
      if (received++ === 0) started = performance.now();
      if (received === count) {
        clearTimeout(timer);
        resolve(performance.now() - started);
      }
    });
    blast(crowd);
  });
}

async function joinParley(h: Harness, accountId: string, room: string): Promise<void> {
  const joined = await h.call('rooms.join', { accountId, room, nick: 'parley', password: null });
  if (joined.state !== 'joined') throw new Error(`rooms.join ended in state ${joined.state}`);
}

const rows: Array<{ first: string; bare: number; parley: number; stored: number }> = [];
for (let round = 0; round < rounds; round++) {
  // Alternate who goes first, so a slower moment of the machine does not fall on one side only.
  const parleyFirst = round % 2 === 1;
  const parley = parleyFirst ? await parleyReceiver(round) : null;
  const bare = await bareReceiver(round);
  const { ms, stored } = parley ?? (await parleyReceiver(round));
  rows.push({ first: parleyFirst ? 'Parley' : 'bare', bare, parley: ms, stored });
}

const rate = (ms: number): number => Math.round((count / ms) * 1000);
table(
  rows.map((r, i) => ({
    round: i + 1,
    first: r.first,
    'bare @xmpp/client (baseline) msg/s': rate(r.bare),
    'Parley msg/s': rate(r.parley),
    'Parley / bare': `${Math.round((r.bare / r.parley) * 100)}%`,
    'Parley stored': r.stored,
  })),
);
const ratio = median(rows.map((r) => r.bare / r.parley));
console.log(
  `median of ${rounds}: Parley / bare ${(ratio * 100).toFixed(0)}% (target ≥ 80%) ${verdict(ratio >= 0.8)}`,
);
process.exit(rows.every((r) => r.stored === count) ? 0 : 1);
