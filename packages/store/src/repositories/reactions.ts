import type Database from 'better-sqlite3-multiple-ciphers';

/** One reactor's whole set on one message. */
export interface ReactionSet {
  /** Who: a bare JID (1:1, and always ours), `occupant:<id>` or `nick:<nick>` in rooms. */
  reactor: string;
  /** How to name them (a JID or a nick). */
  display: string;
  emojis: string[];
  mine: boolean;
  /** The reaction's own time (UTC ms): an older set never replaces a newer one. */
  at: number;
}

export type SetOutcome = 'applied' | 'stale' | 'full';

interface Row {
  message_id: string;
  reactor: string;
  display: string;
  emojis_json: string;
  mine: number;
  updated_at: number;
}

function fromRow(r: Row): ReactionSet {
  let emojis: unknown = [];
  try {
    emojis = JSON.parse(r.emojis_json);
  } catch {
    // Written by us as JSON; a damaged row reads as no reactions.
  }
  return {
    reactor: r.reactor,
    display: r.display,
    emojis: Array.isArray(emojis) ? emojis.filter((e): e is string => typeof e === 'string') : [],
    mine: r.mine === 1,
    at: r.updated_at,
  };
}

export class ReactionsRepository {
  readonly #db: Database.Database;
  readonly #get;
  readonly #count;
  readonly #upsert;
  readonly #delete;
  readonly #keep;
  readonly #pendingCount;
  readonly #pendingOfPeer;
  readonly #evict;
  readonly #takeSelect;
  readonly #takeDelete;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#get = db.prepare<[string, string, string], Row>(
      `SELECT * FROM reactions WHERE account_id = ? AND message_id = ? AND reactor = ?`,
    );
    this.#count = db
      .prepare<[string, string], number>(
        `SELECT count(*) FROM reactions WHERE account_id = ? AND message_id = ?`,
      )
      .pluck();
    this.#upsert = db.prepare(
      `INSERT INTO reactions (account_id, message_id, reactor, display, emojis_json, mine,
         updated_at) VALUES (@accountId, @messageId, @reactor, @display, @emojis, @mine, @at)
       ON CONFLICT (account_id, message_id, reactor) DO UPDATE SET display = excluded.display,
         emojis_json = excluded.emojis_json, mine = excluded.mine, updated_at = excluded.updated_at`,
    );
    this.#delete = db.prepare<[string, string, string]>(
      `DELETE FROM reactions WHERE account_id = ? AND message_id = ? AND reactor = ?`,
    );
    this.#keep = db.prepare(
      `INSERT INTO reactions_pending (account_id, peer, target, reactor, display, emojis_json,
         mine, updated_at) VALUES (@accountId, @peer, @target, @reactor, @display, @emojis, @mine,
         @at)
       ON CONFLICT (account_id, peer, target, reactor) DO UPDATE SET
         display = excluded.display, emojis_json = excluded.emojis_json, mine = excluded.mine,
         updated_at = excluded.updated_at WHERE excluded.updated_at >= updated_at`,
    );
    this.#pendingCount = db
      .prepare<[string], number>(`SELECT count(*) FROM reactions_pending WHERE account_id = ?`)
      .pluck();
    this.#pendingOfPeer = db
      .prepare<[string, string], number>(
        `SELECT count(*) FROM reactions_pending WHERE account_id = ? AND peer = ?`,
      )
      .pluck();
    this.#evict = db.prepare<[string, string, number]>(
      `DELETE FROM reactions_pending WHERE seq IN (SELECT seq FROM reactions_pending
         WHERE account_id = ? AND peer = ? ORDER BY seq LIMIT ?)`,
    );
    this.#takeSelect = db.prepare<[string, string, string], Row>(
      `SELECT target AS message_id, reactor, display, emojis_json, mine, updated_at
       FROM reactions_pending WHERE account_id = ? AND peer = ? AND target = ?`,
    );
    this.#takeDelete = db.prepare<[string, string, string]>(
      `DELETE FROM reactions_pending WHERE account_id = ? AND peer = ? AND target = ?`,
    );
  }

  /**
   * Replaces one reactor's set on a message (an empty set removes it). 'stale' when a newer
   * set is stored; 'full' when the message already has `maxReactors` other reactors.
   */
  set(accountId: string, messageId: string, set: ReactionSet, maxReactors: number): SetOutcome {
    const existing = this.#get.get(accountId, messageId, set.reactor);
    if (existing && existing.updated_at > set.at) return 'stale';
    if (set.emojis.length === 0) {
      if (existing) this.#delete.run(accountId, messageId, set.reactor);
      return 'applied';
    }
    if (!existing && this.#count.get(accountId, messageId)! >= maxReactors) return 'full';
    this.#upsert.run({
      accountId,
      messageId,
      reactor: set.reactor,
      display: set.display,
      emojis: JSON.stringify(set.emojis),
      mine: set.mine ? 1 : 0,
      at: Math.round(set.at),
    });
    return 'applied';
  }

  /** Every reactor's set on each of these messages (messages without any are absent). */
  forMessages(accountId: string, messageIds: readonly string[]): Map<string, ReactionSet[]> {
    const out = new Map<string, ReactionSet[]>();
    // Pages are at most a few hundred ids: chunks keep under SQLite's parameter limit.
    for (let i = 0; i < messageIds.length; i += 500) {
      const chunk = messageIds.slice(i, i + 500);
      const rows = this.#db
        .prepare<string[], Row>(
          `SELECT * FROM reactions WHERE account_id = ? AND message_id IN (${chunk
            .map(() => '?')
            .join(',')}) ORDER BY updated_at`,
        )
        .all(accountId, ...chunk);
      for (const r of rows) {
        const list = out.get(r.message_id) ?? [];
        list.push(fromRow(r));
        out.set(r.message_id, list);
      }
    }
    return out;
  }

  /**
   * Keeps aside a set for a message we do not have (yet): at most `maxPerPeer` per
   * conversation, the oldest dropped first.
   */
  keepPending(
    accountId: string,
    peer: string,
    target: string,
    set: ReactionSet,
    maxPerPeer: number,
  ): void {
    this.#keep.run({
      accountId,
      peer,
      target,
      reactor: set.reactor,
      display: set.display,
      emojis: JSON.stringify(set.emojis),
      mine: set.mine ? 1 : 0,
      at: Math.round(set.at),
    });
    const count = this.#pendingOfPeer.get(accountId, peer) ?? 0;
    if (count > maxPerPeer) this.#evict.run(accountId, peer, count - maxPerPeer);
  }

  /** Sets kept aside for `target` in this conversation, removed from the side table. */
  takePending(accountId: string, peer: string, target: string): ReactionSet[] {
    const rows = this.#takeSelect.all(accountId, peer, target);
    if (rows.length > 0) this.#takeDelete.run(accountId, peer, target);
    return rows.map(fromRow);
  }

  pendingCount(accountId: string): number {
    return this.#pendingCount.get(accountId) ?? 0;
  }
}
