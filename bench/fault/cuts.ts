/**
 * Forced connection cuts during a message exchange both ways between two Parley devices, each
 * behind its own testkit relay, on a Prosody that keeps a dropped session only briefly: most
 * cuts are resumed, the longer outages are not (a fresh session and an archive catch-up).
 * Passes with 0 lost, 0 duplicated, 0 order inversions per sender and every sent message
 * 'delivered', reached by the devices themselves: no fresh login at the end.
 *   smoke: 600 messages each way, 12 cuts; full: 10,000 each way, 100 cuts.
 */
import { startProsody, startProxy, type TestProxy } from '@parley/testkit';
import {
  addOnlineAccount,
  subscribeBothWays,
  type Device,
} from '../../packages/backend/src/test-support/accounts.js';
import { startHarness, type Harness } from '../../packages/backend/src/test-support/harness.js';
import type { FaultScenario, FaultSize } from './scenario.js';
import { figures, notDeliveredText, seed, seededRandom, sleep, waitUntil } from './lib/exchange.js';

const sizes = {
  smoke: { perSide: 600, cuts: 12, hibernationS: 2, sendMs: 20_000, settleMs: 90_000 },
  full: { perSide: 10_000, cuts: 100, hibernationS: 3, sendMs: 180_000, settleMs: 300_000 },
} as const;

async function run(size: FaultSize) {
  const { perSide, cuts, hibernationS, sendMs, settleMs } = {
    ...sizes[size],
    // For investigating a failure at an in-between size.
    ...(process.env['FAULT_CUTS'] ? { cuts: Number(process.env['FAULT_CUTS']) } : {}),
    // On a machine too busy for the catch-ups to finish in time: how long they really take.
    ...(process.env['FAULT_SETTLE_S']
      ? { settleMs: Number(process.env['FAULT_SETTLE_S']) * 1000 }
      : {}),
  };
  const runSeed = seed();
  const random = seededRandom(runSeed);
  const server = await startProsody({
    smacksHibernationSeconds: hibernationS,
    users: [
      { local: 'ann', password: 'ann-pw' },
      { local: 'bob', password: 'bob-pw' },
    ],
  });
  const relays: TestProxy[] = [];
  const harnesses: Harness[] = [];
  try {
    const device = async (local: string): Promise<Device> => {
      const relay = await startProxy(server.c2sPort);
      relays.push(relay);
      const h = startHarness({ caPem: server.caPem, validateEvents: false });
      harnesses.push(h);
      if (process.env['FAULT_DEBUG']) {
        h.backend.onEvent((name, payload) => {
          const p = payload as { state?: string; error?: { message: string } | null };
          if (name === 'account.changed' && p.error)
            console.error(`${new Date().toISOString()} ${local} ${p.state}: ${p.error.message}`);
        });
      }
      const account = await addOnlineAccount(h, server, local, { port: relay.port });
      return { h, account, key: Buffer.alloc(0) };
    };
    const ann = await device('ann');
    const bob = await device('bob');
    await subscribeBothWays(ann, bob);

    // Both send at a steady pace for sendMs; the cuts are spread over the same time.
    const started = Date.now();
    const sendAll = async (from: Device, to: Device, prefix: string) => {
      for (let i = 0; i < perSide; i++) {
        const due = started + (i * sendMs) / perSide;
        if (due > Date.now()) await sleep(due - Date.now());
        await from.h.call('messages.send', {
          accountId: from.account.id,
          peer: to.account.jid,
          body: `${prefix} ${i}`,
        });
      }
    };
    let resumable = 0;
    let outages = 0;
    const cutAll = async () => {
      for (let c = 0; c < cuts; c++) {
        const due = started + ((c + random()) * sendMs) / cuts;
        if (due > Date.now()) await sleep(due - Date.now());
        const which = random();
        const targets = which < 0.4 ? [relays[0]] : which < 0.8 ? [relays[1]] : relays;
        // One in four is longer than the server keeps the session: the resume fails.
        if (random() < 0.25) {
          outages++;
          const ms = hibernationS * 1_000 + 500 + Math.floor(random() * 1_000);
          for (const relay of targets) relay?.outage(ms);
        } else {
          resumable++;
          for (const relay of targets) relay?.cut();
        }
      }
    };
    await Promise.all([sendAll(ann, bob, 'ann'), sendAll(bob, ann, 'bob'), cutAll()]);

    const figuresNow = (final = false) => ({
      atBob: figures(bob, ann.account.jid, 'ann', perSide, final),
      atAnn: figures(ann, bob.account.jid, 'bob', perSide, final),
    });
    const settled = () => {
      const { atBob, atAnn } = figuresNow();
      return [atBob, atAnn].every((f) => f.lost === 0 && Object.keys(f.notDelivered).length === 0);
    };
    const healed = await waitUntil(settled, settleMs);
    const healedInS = ((Date.now() - started - sendMs) / 1000).toFixed(0);
    const { atBob, atAnn } = figuresNow(true);
    const reconnects = harnesses
      .map(
        (h) =>
          h.events.filter(
            (e) =>
              e.name === 'account.changed' &&
              (e.payload as { state: string }).state === 'connecting',
          ).length,
      )
      .reduce((a, b) => a + b, 0);
    const lost = atBob.lost + atAnn.lost;
    const duplicated = atBob.duplicated + atAnn.duplicated;
    const inversions = atBob.inversions + atAnn.inversions;
    const ok = healed && duplicated === 0 && inversions === 0;
    const summary =
      `${perSide * 2} msgs (${perSide} each way), ${cuts} cuts (${resumable} resumable, ` +
      `${outages} outages past hibernation ${hibernationS} s): ${lost} lost, ${duplicated} dup, ` +
      `${inversions} inversions; statuses ann ${notDeliveredText(atAnn)}, bob ` +
      `${notDeliveredText(atBob)}; ${healed ? `settled ${healedInS} s after the last send` : 'NOT settled'}` +
      `; ${reconnects} reconnects; seed ${runSeed}`;
    return { ok, summary };
  } finally {
    await Promise.all(harnesses.map((h) => h.close(true)));
    await Promise.all(relays.map((r) => r.close()));
    await server.stop();
  }
}

const scenario: FaultScenario = { name: 'cuts', run };
export default scenario;
