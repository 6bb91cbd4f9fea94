/**
 * Join a room of 2,000 occupants. Target: the presence burst processed and the occupant list
 * rendered in under 1 s; memory growth reported. Baseline in the same run: a bare
 * @xmpp/client joining the same room (join presence → its own self-presence, status 110, which
 * XEP-0045 sends after every other occupant's presence).
 *   pnpm build:web && pnpm tsx bench/room-join.ts [occupants] [runs]
 *
 * Set-up: a throwaway Prosody whose room is filled by the testkit's crowd component (one XEP-0114
 * connection, u0…u1999@crowd.localhost), seeded into Prosody's MUC storage (crowd-seed.ts: 2,000
 * real joins would cost Prosody ~4 million presence deliveries, ~10 minutes here). u0 owns the
 * room (moderator), the rest are participants.
 *
 * (a) Backend, in this process (the real backend and encrypted store, as receive-throughput):
 * per run a fresh account logs in, then `rooms.join`; from the command to the `room.occupants`
 * event that brings the count to 2,001 (the crowd and us), and to the command's answer; heap
 * after GC and RSS before and after (the account's other state is already there). Runs alternate
 * Parley and bare; one warm-up run each, not counted.
 * (b) Renderer (bench/lib/room-ui.ts): the dev/test host joins, then per run a fresh Chromium
 * page opens the room's conversation and the time runs from that click to the first occupant
 * row painted (plus the occupant-list toggle when the list is not shown on opening).
 */
import type { EventPayload } from '@parley/contract';
import { joinRoom, leaveRoom } from '@parley/testkit';
import { startHarness } from '../packages/backend/src/test-support/harness.js';
import { addOnlineAccount } from '../packages/backend/src/test-support/accounts.js';
import { bareClient } from './lib/bare-client.js';
import { mb, median, table } from './lib/figures.js';
import { memoryAfterGc } from './lib/memory.js';
import { profilePhase } from './lib/profile.js';
import { startRemoteCrowd } from './lib/remote-crowd.js';
import { measureRoomUi, uiSummary } from './lib/room-ui.js';
import { withServer } from './lib/with-server.js';
import { size, smoke, verdict } from './lib/smoke.js';

const OCCUPANTS = Number(process.argv[2] ?? size(2_000, 50));
const RUNS = Math.max(1, Number(process.argv[3] ?? size(5, 1)));
const TARGET_MS = 1_000;

const server = await withServer({
  users: [
    ...['parley', 'bare'].flatMap((who) =>
      Array.from({ length: RUNS + 1 }, (_, i) => ({ local: `${who}${i}`, password: 'pw' })),
    ),
    { local: 'viewer', password: 'pw' },
  ],
});
setTimeout(() => {
  console.error('room-join: watchdog (15 min) fired');
  process.exit(2);
}, 900_000).unref();
const service = `xmpp://${server.host}:${server.c2sPort}`;
const room = `big@${server.mucDomain}`;

const seedStarted = performance.now();
// In its own process, so that parsing the 2,000 copies of each joiner's presence neither slows
// nor adds to the memory of the backend measured here.
const crowd = await startRemoteCrowd(server, { count: OCCUPANTS, room, seed: true });
console.log(
  `room-join: ${room} seeded with ${OCCUPANTS} occupants in ${(performance.now() - seedStarted).toFixed(0)} ms`,
);

/** The baseline: join presence → self-presence, counting the occupants' presences before it. */
async function bareJoin(i: number): Promise<number> {
  const bare = await bareClient(service, server.domain, `bare${i}`, 'pw');
  try {
    const joined = await joinRoom(bare, room, `bare${i}`, { timeoutMs: 60_000 });
    if (joined.occupants.length !== OCCUPANTS)
      throw new Error(`bare saw ${joined.occupants.length} occupants, not ${OCCUPANTS}`);
    await leaveRoom(bare, room, `bare${i}`, 30_000);
    return joined.ms;
  } finally {
    await bare.stop();
  }
}

interface ParleyRun {
  /** rooms.join sent → room.occupants event that completes the list. */
  occupantsMs: number;
  /** rooms.join sent → its answer (state joined). */
  answerMs: number;
  events: number;
  /** CPU time (user + system) this process spent from rooms.join to the full list. */
  cpuMs: number;
  heapGrowth: number;
  rssGrowth: number;
}

async function parleyJoin(i: number): Promise<ParleyRun> {
  const h = startHarness({ caPem: server.caPem, validateEvents: false });
  try {
    const account = await addOnlineAccount(h, server, `parley${i}`, {
      password: 'pw',
      timeoutMs: 30_000,
    });
    const before = memoryAfterGc();
    const nicks = new Set<string>();
    let events = 0;
    let started = 0;
    const complete = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Parley has ${nicks.size} occupants`)),
        60_000,
      );
      h.backend.onEvent((name, data) => {
        if (name !== 'room.occupants') return;
        const payload = data as EventPayload<'room.occupants'>;
        if (payload.room !== room) return;
        events++;
        if (payload.reset) nicks.clear();
        for (const o of payload.upserted) nicks.add(o.nick);
        for (const n of payload.removed) nicks.delete(n);
        if (nicks.size >= OCCUPANTS + 1) {
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      });
    });
    const cpuBefore = process.cpuUsage();
    const { occupantsMs, answerMs } = await profilePhase(`room-join-${i}`, async () => {
      started = performance.now();
      const joined = await h.call('rooms.join', {
        accountId: account.id,
        room,
        nick: `parley${i}`,
        password: null,
      });
      const answerMs = performance.now() - started;
      if (joined.state !== 'joined') throw new Error(`rooms.join ended in state ${joined.state}`);
      return { occupantsMs: await complete, answerMs };
    });
    const cpu = process.cpuUsage(cpuBefore);
    const after = memoryAfterGc();
    await h.call('rooms.leave', { accountId: account.id, room });
    return {
      occupantsMs,
      answerMs,
      events,
      cpuMs: (cpu.user + cpu.system) / 1000,
      heapGrowth: after.heap - before.heap,
      rssGrowth: after.rss - before.rss,
    };
  } finally {
    await h.close(true);
  }
}

const bareMs: number[] = [];
const parley: ParleyRun[] = [];
// A smoke run skips the warm-up: its figures are not read, only that every join completes.
for (let i = smoke ? 1 : 0; i <= RUNS; i++) {
  // Alternate who goes first; run 0 is a warm-up for both and is not counted.
  const parleyFirst = i % 2 === 1;
  const p = parleyFirst ? await parleyJoin(i) : null;
  const b = await bareJoin(i);
  const q = p ?? (await parleyJoin(i));
  if (i === 0) continue;
  bareMs.push(b);
  parley.push(q);
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;
const pick = (f: (r: ParleyRun) => number): number => median(parley.map(f));
console.log(
  `(a) backend: join a room of ${OCCUPANTS}, median of ${RUNS} runs (one warm-up each not counted)`,
);
table([
  {
    'bare: join → self-presence (baseline)': ms(median(bareMs)),
    'Parley: rooms.join → all occupants': ms(pick((r) => r.occupantsMs)),
    'Parley: rooms.join answered': ms(pick((r) => r.answerMs)),
    'Parley − bare': ms(pick((r) => r.occupantsMs) - median(bareMs)),
    'Parley CPU during the join': ms(pick((r) => r.cpuMs)),
    'room.occupants events': pick((r) => r.events),
    'heap growth (after GC)': mb(pick((r) => r.heapGrowth)),
    'RSS growth': mb(pick((r) => r.rssGrowth)),
  },
]);

const ui = await measureRoomUi({
  server,
  local: 'viewer',
  room,
  occupants: OCCUPANTS,
  rowPrefix: 'crowd',
  runs: RUNS,
});
await crowd.close();

const backendMs = pick((r) => r.occupantsMs);
// Prosody needs the bare client's time to deliver 2,000 presences to anyone; what Parley adds on
// top of it is its processing of the burst. The target is that plus the list's first paint.
const processingMs = Math.max(0, backendMs - median(bareMs));
console.log(
  `backend: ${OCCUPANTS} occupants in ${ms(backendMs)} after rooms.join; the server alone takes ` +
    `${ms(median(bareMs))} (bare client), so Parley's processing adds ${ms(processingMs)} ` +
    `(CPU ${ms(pick((r) => r.cpuMs))}); heap +${mb(pick((r) => r.heapGrowth))}`,
);
if (typeof ui === 'string') {
  console.log(`(b) renderer: not measured: ${ui}`);
  process.exit(3);
}
console.log(
  `(b) renderer: Chromium ${ui.chromium}, median of ${RUNS} runs (one warm-up not counted)`,
);
table([uiSummary(ui)]);
const uiMs = median(ui.runs.map((r) => r.toRowsMs));
const rows = Math.max(...ui.runs.map((r) => r.rows));
console.log(
  `renderer: occupant list of ${OCCUPANTS + 1} painted ${ms(uiMs)} after opening the room, ${rows} rows in the DOM ` +
    `(${rows < 200 ? 'virtualised' : 'NOT virtualised'})`,
);
const totalMs = processingMs + uiMs;
console.log(
  `room-join: burst processed (${ms(processingMs)} beyond the server) + list painted (${ms(uiMs)}) = ` +
    `${ms(totalMs)} (target < ${TARGET_MS} ms): ${verdict(totalMs < TARGET_MS && rows < 200)}`,
);
