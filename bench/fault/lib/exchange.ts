/**
 * Figures for a message exchange between two Parley devices: what each side stored of what the
 * other sent, in the order it shows it, and the statuses of what it sent.
 */
import type { Message } from '@parley/contract';
import type { Device } from '../../../packages/backend/src/test-support/accounts.js';

export interface ExchangeFigures {
  /** Sent by the other side and not stored here. */
  lost: number;
  /** Stored more than once. */
  duplicated: number;
  /** Places where the conversation shows a later message of the sender above an earlier one. */
  inversions: number;
  /** Own messages not (yet) 'delivered', by status. */
  notDelivered: Record<string, number>;
}

/** The conversation with `peer` as shown (oldest first), every message. */
export function shown(d: Device, peer: string): Message[] {
  return d.h.store.messages.page(d.account.id, peer, { beforeId: null, limit: 1_000_000 }).messages;
}

/** Bodies are `${prefix} ${i}`; returns i, or null for anything else. */
function indexOf(body: string, prefix: string): number | null {
  if (!body.startsWith(`${prefix} `)) return null;
  const i = Number(body.slice(prefix.length + 1));
  return Number.isInteger(i) ? i : null;
}

/** `final`: the figures reported (with FAULT_DEBUG, what is missing is printed then). */
export function figures(
  d: Device,
  peer: string,
  prefix: string,
  sent: number,
  final = false,
): ExchangeFigures {
  const messages = shown(d, peer);
  const seen = new Set<number>();
  let duplicated = 0;
  let inversions = 0;
  let last = -1;
  let lastMessage: Message | null = null;
  const notDelivered: Record<string, number> = {};
  for (const m of messages) {
    if (m.direction === 'out') {
      if (m.status !== 'delivered') notDelivered[m.status] = (notDelivered[m.status] ?? 0) + 1;
      continue;
    }
    const i = indexOf(m.body, prefix);
    if (i === null) continue;
    if (seen.has(i)) duplicated++;
    seen.add(i);
    if (i < last) {
      inversions++;
      if (final && process.env['FAULT_DEBUG'] && inversions <= 6) {
        const at = messages.indexOf(m);
        const around = [
          ...(lastMessage ? [lastMessage] : []),
          ...messages.slice(Math.max(0, at - 2), at + 1),
        ];
        console.error(
          `inversion at ${prefix} ${i}:\n` +
            around
              .map((n) => `  ${n.direction} ${n.body} t=${n.timestamp} sid=${n.stanzaId ?? '-'}`)
              .join('\n'),
        );
      }
    }
    if (i > last) lastMessage = m;
    last = Math.max(last, i);
  }
  let lost = 0;
  const missing: number[] = [];
  for (let i = 0; i < sent; i++) {
    if (seen.has(i)) continue;
    lost++;
    missing.push(i);
  }
  if (final && process.env['FAULT_DEBUG'] && missing.length > 0)
    console.error(`${prefix} missing at ${d.account.jid}: ${ranges(missing)}`);
  return { lost, duplicated, inversions, notDelivered };
}

/** 3 4 5 9 → "3-5 9" (the first 20 runs), for a debug line. */
function ranges(list: number[]): string {
  const runs: string[] = [];
  let start = list[0] ?? 0;
  for (let k = 1; k <= list.length; k++) {
    const prev = list[k - 1] ?? 0;
    if (list[k] !== prev + 1) {
      runs.push(start === prev ? `${start}` : `${start}-${prev}`);
      start = list[k] ?? 0;
    }
  }
  return runs.slice(0, 20).join(' ') + (runs.length > 20 ? ` ... (${runs.length} runs)` : '');
}

export function notDeliveredText(f: ExchangeFigures): string {
  const parts = Object.entries(f.notDelivered).map(([status, n]) => `${n} ${status}`);
  return parts.length ? parts.join(', ') : '0 undelivered';
}

/** A small seeded generator, so a failing run can be repeated with FAULT_SEED. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seed(): number {
  const given = Number(process.env['FAULT_SEED']);
  return Number.isInteger(given) && given > 0 ? given : Math.floor(Math.random() * 2 ** 31) + 1;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` every 200 ms until true or `timeoutMs` passed; returns whether it held. */
export async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) return false;
    await sleep(200);
  }
  return true;
}
