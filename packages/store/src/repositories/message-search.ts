import type Database from 'better-sqlite3-multiple-ciphers';
import type { Message } from '@parley/contract';
import type { MessagesRepository } from './messages.js';
import { highlightRanges, parseSearchText, type HighlightRange } from './search-query.js';

export interface SearchRequest {
  /** What the user typed (never FTS syntax: see search-query.ts). */
  text: string;
  /** Only this account's messages; null for every account. */
  accountId: string | null;
  /** Only this conversation of `accountId`; null for every conversation. */
  peer: string | null;
  /** The `next` of the previous page; null for the newest hits. */
  before: string | null;
  limit: number;
}

export interface SearchHit {
  message: Message;
  ranges: HighlightRange[];
}

export interface SearchPage {
  /** Newest stored first. */
  hits: SearchHit[];
  /** Cursor for the next (older) page; null when there is none. */
  next: string | null;
  /** Stored messages not searchable yet (a large history still being indexed), 0 normally. */
  unindexed: number;
}

/** Rows a search indexes itself before it runs, at most; the background indexer does the rest. */
export const SEARCH_CATCH_UP = 20_000;

/** A `before` cursor that is not one this repository handed out. */
export class SearchCursorError extends RangeError {}

interface HitRow {
  seq: number;
  account_id: string;
  id: string;
}

/** Encodes a position in the index; opaque to callers, checked when it comes back. */
const CURSOR = /^s([1-9][0-9]{0,15})$/;

function parseCursor(before: string | null): number {
  if (before === null) return Number.MAX_SAFE_INTEGER;
  const m = CURSOR.exec(before);
  const seq = m ? Number(m[1]) : NaN;
  if (!Number.isSafeInteger(seq)) throw new SearchCursorError(`not a search cursor: ${before}`);
  return seq;
}

/**
 * Full-text search over stored message bodies (the FTS5 index of migration 0008).
 *
 * Hits come newest-stored first: the index walks its rowids (messages.seq) backwards and stops
 * at the page size, so a word found in 100,000 messages costs a page, not a sort of 100,000 rows.
 * Storage order equals time order except for history fetched later from an archive; within a
 * page the caller may sort by timestamp.
 */
export class MessageSearchRepository {
  readonly #everywhere;
  readonly #inAccount;
  readonly #inConversation;
  readonly #messages: MessagesRepository;
  readonly #queued;
  readonly #indexOne;
  readonly #dequeueThrough;
  readonly #queueLength;
  readonly #indexBatch;

  constructor(db: Database.Database, messages: MessagesRepository) {
    this.#messages = messages;
    this.#queued = db.prepare<[number], { seq: number; body: string }>(
      `SELECT q.seq, m.body FROM messages_search_queue q JOIN messages m ON m.seq = q.seq
       ORDER BY q.seq LIMIT ?`,
    );
    this.#indexOne = db.prepare<[number, string]>(
      `INSERT INTO messages_search (rowid, body) VALUES (?, ?)`,
    );
    this.#dequeueThrough = db.prepare<[number]>(`DELETE FROM messages_search_queue WHERE seq <= ?`);
    this.#queueLength = db
      .prepare<[], number>(`SELECT count(*) FROM messages_search_queue`)
      .pluck();
    this.#indexBatch = db.transaction((max: number): number => {
      const rows = this.#queued.all(max);
      for (const row of rows) this.#indexOne.run(row.seq, row.body);
      const last = rows.at(-1);
      if (last) this.#dequeueThrough.run(last.seq);
      return rows.length;
    });
    const select = (filter: string) =>
      db.prepare<Record<string, string | number>, HitRow>(
        `SELECT m.seq, m.account_id, m.id
         FROM messages_search JOIN messages m ON m.seq = messages_search.rowid
         WHERE messages_search MATCH @query AND messages_search.rowid < @before ${filter}
         ORDER BY messages_search.rowid DESC LIMIT @limit`,
      );
    this.#everywhere = select('');
    this.#inAccount = select('AND m.account_id = @accountId');
    this.#inConversation = select('AND m.account_id = @accountId AND m.peer = @peer');
  }

  /** Messages stored but not indexed yet. */
  unindexed(): number {
    return this.#queueLength.get() ?? 0;
  }

  /**
   * Indexes up to `max` queued messages, oldest first, in one transaction; returns how many.
   * Messages are queued when stored and indexed later (see migration 0008).
   */
  indexPending(max: number): number {
    if (!Number.isInteger(max) || max < 1)
      throw new RangeError(`index batch must be a positive integer, got ${max}`);
    return this.#indexBatch(max);
  }

  /**
   * One page of messages whose body holds every word of `text` (the last word as a prefix).
   * Text with no word in it (spaces, punctuation only) finds nothing.
   * @throws SearchCursorError for a `before` that is not a cursor from a previous page
   * @throws RangeError for a limit that is not a positive integer, or a peer without an account
   */
  search({ text, accountId, peer, before, limit }: SearchRequest): SearchPage {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`search limit must be a positive integer, got ${limit}`);
    if (peer !== null && accountId === null)
      throw new RangeError('a conversation is searched within its account');
    const beforeSeq = parseCursor(before);
    // What arrived since the indexer last ran is found too (bounded: a history still being
    // indexed after an upgrade is reported as unindexed instead of holding the search up).
    this.indexPending(SEARCH_CATCH_UP);
    const unindexed = this.unindexed();
    const terms = parseSearchText(text);
    if (terms === null) return { hits: [], next: null, unindexed };
    const params = { query: terms.fts, before: beforeSeq, limit: limit + 1 };
    const rows =
      peer !== null && accountId !== null
        ? this.#inConversation.all({ ...params, accountId, peer })
        : accountId !== null
          ? this.#inAccount.all({ ...params, accountId })
          : this.#everywhere.all(params);
    const more = rows.length > limit;
    if (more) rows.pop();
    const hits: SearchHit[] = [];
    for (const row of rows) {
      // Read through the messages repository so a hit is the same Message as everywhere else.
      const message = this.#messages.get(row.account_id, row.id);
      if (message) hits.push({ message, ranges: highlightRanges(message.body, terms) });
    }
    const last = rows.at(-1);
    return { hits, next: more && last ? `s${last.seq}` : null, unindexed };
  }
}
