import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Message } from '@parley/contract';
import { openStore, type Store } from '@parley/store';
import { rosterFixture } from './roster-fixture.js';

export interface HistoryFixture {
  accountId: string;
  /** Chats then rooms, each with the number of messages it got. */
  conversations: Array<{ peer: string; kind: 'chat' | 'room'; messages: number }>;
  messages: number;
  /** Wall time to fill the store (inserts, previews, search index). */
  buildMs: number;
}

const BODIES = [
  'ok',
  'See you at the station at six?',
  'I pushed the fix; the roster no longer flickers when a hundred presences arrive at once.',
  'Ha, yes 😄',
  'Could you send me the slides from Tuesday? The ones with the throughput graph.',
  'On my way.',
  'Has anyone tried the new build on Windows yet? The installer asked me twice for the path.',
  'lunch?',
];
const NICKS = Array.from({ length: 30 }, (_, i) => `member${i}`);
/** Rooms are busier than chats: this share of the messages goes to them. */
const ROOM_SHARE = 0.6;

/**
 * Splits `total` over `n` conversations, one message each and the rest by a Zipf-like weight
 * (the k-th busiest gets 1/k of the first's share): a few conversations hold most of the
 * history, as in real use, and none is empty (an empty one would list first, by its creation).
 */
function zipf(total: number, n: number): number[] {
  if (n === 0) return [];
  if (total < n) throw new RangeError(`${total} messages cannot fill ${n} conversations`);
  const weights = Array.from({ length: n }, (_, k) => 1 / (k + 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => 1 + Math.floor(((total - n) * w) / sum));
  let left = total - counts.reduce((a, b) => a + b, 0);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) counts[k]!++;
  return counts;
}

/**
 * A profile store as a long-time user's: one account (disabled, so it never connects and the
 * figures are the store's and the renderer's alone), a roster of `contacts`, `rooms` bookmarked
 * rooms, and `messages` stored messages over all of them, written through the store's
 * repositories in large transactions, with each conversation's preview and a few unread counts,
 * and the search index built (as it is after the background indexer has run). Every contact
 * and room has a conversation of at least one message, so two fixtures of the same shape list
 * the same rows whatever their message count (at least contacts + rooms).
 */
export function buildHistory(options: {
  profile: string;
  key: Buffer;
  contacts: number;
  rooms: number;
  messages: number;
}): HistoryFixture {
  const started = performance.now();
  const domain = 'example.org';
  const store = openStore({ path: join(options.profile, 'parley.db'), key: options.key });
  try {
    const accountId = randomUUID();
    store.accounts.insert({
      id: accountId,
      jid: `reader@${domain}`,
      password: 'pw',
      host: null,
      port: null,
      tlsMode: 'auto',
      pinnedFingerprint256: null,
      pinnedCertPem: null,
      enabled: false,
      resource: 'bench',
      ownPresence: { show: 'available', status: '' },
    });
    const roster = rosterFixture(options.contacts, domain);
    store.contacts.replaceAll(accountId, roster.contacts, '1');
    const chats = roster.contacts.map((c) => c.jid);
    const rooms = Array.from({ length: options.rooms }, (_, i) => `room${i}@conference.${domain}`);
    for (const [i, room] of rooms.entries()) {
      store.rooms.upsert(accountId, room, {
        nick: 'reader',
        name: `Room ${i + 1}`,
        joined: true,
        bookmarked: true,
        autojoin: true,
      });
    }
    // The rooms' share, but never so much that a conversation is left without a message.
    const roomTotal = Math.max(
      rooms.length,
      Math.min(
        options.messages - chats.length,
        Math.round(options.messages * (rooms.length ? ROOM_SHARE : 0)),
      ),
    );
    const plan = [
      ...zipf(options.messages - roomTotal, chats.length).map((n, i) => ({
        peer: chats[i]!,
        kind: 'chat' as const,
        messages: n,
      })),
      ...zipf(roomTotal, rooms.length).map((n, i) => ({
        peer: rooms[i]!,
        kind: 'room' as const,
        messages: n,
      })),
    ];
    const now = Date.now();
    for (const [c, conversation] of plan.entries()) {
      store.transaction(() => {
        store.conversations.ensure(accountId, conversation.peer, null, conversation.kind);
        let last: Message | null = null;
        // Spread over the last year, newest a few minutes ago, the busiest most recently active.
        const newest = now - (c + 1) * 7 * 60_000;
        const step = Math.max(1, Math.floor((365 * 86_400_000) / (conversation.messages + 1)));
        for (let i = 0; i < conversation.messages; i++) {
          const isRoom = conversation.kind === 'room';
          const out = i % (isRoom ? 9 : 3) === 0;
          last = store.messages.insert({
            accountId,
            peer: conversation.peer,
            direction: out ? 'out' : 'in',
            body: `${BODIES[(i + c) % BODIES.length]} (#${i})`,
            timestamp: newest - (conversation.messages - 1 - i) * step,
            status: out ? (isRoom ? 'delivered' : 'acked') : 'received',
            originId: `o-${c}-${i}`,
            stanzaId: `s-${c}-${i}`,
            resource: isRoom ? (out ? 'reader' : NICKS[(i * 7 + c) % NICKS.length]!) : null,
          }).message;
        }
        // Every seventh conversation has a few unread messages.
        const unread = c % 7 === 3 ? Math.min(conversation.messages, 1 + (c % 5)) : 0;
        if (last) store.conversations.recordMessage(last, { countUnread: false, unread });
      });
    }
    indexAll(store);
    store.checkpoint();
    return {
      accountId,
      conversations: plan,
      messages: options.messages,
      buildMs: performance.now() - started,
    };
  } finally {
    store.close();
  }
}

/** Builds the search index over everything stored (bounded by the queue's length). */
function indexAll(store: Store): void {
  const queued = store.messageSearch.unindexed();
  for (let done = 0; done < queued;) {
    const n = store.messageSearch.indexPending(5_000);
    if (n === 0) break;
    done += n;
  }
}
