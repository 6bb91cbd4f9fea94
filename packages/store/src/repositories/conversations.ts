import type Database from 'better-sqlite3-multiple-ciphers';
import {
  callLog,
  type Conversation,
  type ConversationKind,
  type Message,
  type NotifyMode,
} from '@parley/contract';

interface ConversationRow {
  account_id: string;
  peer: string;
  name: string;
  last_body: string | null;
  last_direction: string | null;
  last_timestamp: number | null;
  last_retracted: 'sender' | 'moderator' | null;
  last_call: string | null;
  unread: number;
  kind: string;
  mentions: number;
  notify: string;
  updated_at: number;
}

/*
 * A call leaves an empty body as the preview: what it was (missed, its length) is read from the
 * newest message's call columns here, so an outcome settled later (the archive's answer to a
 * missed call) shows without touching this table. The messages_by_time index finds that row.
 *
 * The name is resolved at read time: the roster name when there is one, else the name given to
 * ensure() (a room title, a nick), else the JID. A roster rename then shows up without touching
 * this table.
 */
const SELECT = `
  SELECT c.account_id, c.peer,
    coalesce(nullif(k.name, ''), nullif(c.name, ''), c.peer) AS name,
    c.last_body, c.last_direction, c.last_timestamp, c.last_retracted, c.unread,
    CASE WHEN c.last_body = '' AND c.last_retracted IS NULL THEN (
      SELECT m.call_json FROM messages m
      WHERE m.account_id = c.account_id AND m.peer = c.peer AND m.timestamp = c.last_timestamp
      ORDER BY m.seq DESC LIMIT 1) END AS last_call,
    c.kind, c.mentions, c.notify,
    coalesce(c.last_timestamp, c.created_at) AS updated_at
  FROM conversations c
  LEFT JOIN contacts k ON k.account_id = c.account_id AND k.jid = c.peer`;

function fromRow(r: ConversationRow): Conversation {
  return {
    accountId: r.account_id,
    peer: r.peer,
    name: r.name,
    lastMessage:
      r.last_body !== null && r.last_direction !== null && r.last_timestamp !== null
        ? {
            body: r.last_body,
            direction: r.last_direction as Message['direction'],
            timestamp: r.last_timestamp,
            ...(r.last_retracted !== null ? { retracted: r.last_retracted } : {}),
            ...lastCall(r.last_call),
          }
        : null,
    unread: r.unread,
    kind: r.kind as ConversationKind,
    mentions: r.mentions,
    notify: r.notify as NotifyMode,
    updatedAt: r.updated_at,
  };
}

/** The call of the newest message, as the preview shows it; nothing for a message or bad JSON. */
function lastCall(json: string | null): {
  call?: NonNullable<Conversation['lastMessage']>['call'];
} {
  if (json === null) return {};
  try {
    const parsed = callLog.safeParse(JSON.parse(json));
    if (!parsed.success) return {};
    const { media, outcome, durationMs } = parsed.data;
    return { call: { media, outcome, durationMs } };
  } catch {
    return {};
  }
}

/** The preview text of a message: a shared file's body is its URL, so it names the file instead. */
export function previewBody(message: Pick<Message, 'body' | 'attachment'>): string {
  return message.attachment ? `📎 ${message.attachment.name}` : message.body;
}

export interface RecordOptions {
  /** True for an incoming message the user has not seen (not for carbons of our own or history). */
  countUnread: boolean;
  /**
   * How many unseen messages this record stands for, when one call records a batch of them
   * (its newest message as the preview); defaults to 1 with countUnread, else 0.
   */
  unread?: number;
  /** Of those unseen messages, how many mention our nickname (rooms). */
  mentions?: number;
  /** Used only when this record creates the conversation. */
  kind?: ConversationKind;
}

export class ConversationsRepository {
  readonly #list;
  readonly #get;
  readonly #ensure;
  readonly #record;
  readonly #markRead;
  readonly #setNotify;
  readonly #remove;

  constructor(db: Database.Database) {
    // Sorted by last activity: the newest message's time, or when it was opened if still empty.
    this.#list = db.prepare<[], ConversationRow>(
      `${SELECT} ORDER BY updated_at DESC, c.account_id, c.peer`,
    );
    this.#get = db.prepare<[string, string], ConversationRow>(
      `${SELECT} WHERE c.account_id = ? AND c.peer = ?`,
    );
    this.#ensure = db.prepare<[string, string, string | null, string, number]>(
      `INSERT INTO conversations (account_id, peer, name, kind, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id, peer) DO UPDATE SET name = coalesce(excluded.name, name)`,
    );
    // History arrives out of order (archive backfill, offline messages after live ones), so the
    // preview only moves forward in time; on equal timestamps the later-recorded message wins.
    // SET expressions all read the row as it was before this statement.
    this.#record = db.prepare<{
      accountId: string;
      peer: string;
      body: string;
      direction: string;
      timestamp: number;
      unread: number;
      mentions: number;
      kind: string;
      now: number;
    }>(
      `INSERT INTO conversations (account_id, peer, last_body, last_direction, last_timestamp,
         unread, mentions, kind, created_at)
       VALUES (@accountId, @peer, @body, @direction, @timestamp, @unread, @mentions, @kind, @now)
       ON CONFLICT (account_id, peer) DO UPDATE SET
         last_body = CASE WHEN last_timestamp IS NULL OR excluded.last_timestamp >= last_timestamp
                          THEN excluded.last_body ELSE last_body END,
         last_direction = CASE WHEN last_timestamp IS NULL OR excluded.last_timestamp >= last_timestamp
                          THEN excluded.last_direction ELSE last_direction END,
         last_retracted = CASE WHEN last_timestamp IS NULL OR excluded.last_timestamp >= last_timestamp
                          THEN NULL ELSE last_retracted END,
         last_timestamp = CASE WHEN last_timestamp IS NULL OR excluded.last_timestamp >= last_timestamp
                          THEN excluded.last_timestamp ELSE last_timestamp END,
         unread = unread + excluded.unread,
         mentions = mentions + excluded.mentions`,
    );
    this.#remove = db.prepare<[string, string]>(
      `DELETE FROM conversations WHERE account_id = ? AND peer = ?`,
    );
    this.#markRead = db.prepare<[string, string]>(
      `UPDATE conversations SET unread = 0, mentions = 0 WHERE account_id = ? AND peer = ?`,
    );
    this.#setNotify = db.prepare<[string, string, string]>(
      `UPDATE conversations SET notify = ? WHERE account_id = ? AND peer = ?`,
    );
  }

  /** Most recent activity first. */
  list(): Conversation[] {
    return this.#list.all().map(fromRow);
  }

  get(accountId: string, peer: string): Conversation | null {
    const row = this.#get.get(accountId, peer);
    return row ? fromRow(row) : null;
  }

  /**
   * Opens the conversation if it does not exist; a non-null `name` becomes its fallback title.
   * `kind` applies only to a new conversation: a peer keeps the kind it was opened with.
   */
  ensure(
    accountId: string,
    peer: string,
    name: string | null,
    kind: ConversationKind = 'chat',
  ): Conversation {
    this.#ensure.run(accountId, peer, name, kind, Date.now());
    return this.#getExisting(accountId, peer);
  }

  /** Call once per newly stored message (MessagesRepository.insert gave inserted: true). */
  recordMessage(
    message: Message,
    { countUnread, unread, mentions, kind }: RecordOptions,
  ): Conversation {
    this.#record.run({
      accountId: message.accountId,
      peer: message.peer,
      body: previewBody(message),
      direction: message.direction,
      timestamp: Math.round(message.timestamp),
      unread: unread ?? (countUnread ? 1 : 0),
      mentions: mentions ?? 0,
      kind: kind ?? 'chat',
      now: Date.now(),
    });
    return this.#getExisting(message.accountId, message.peer);
  }

  /** Returns the updated conversation, null if there is none. */
  markRead(accountId: string, peer: string): Conversation | null {
    this.#markRead.run(accountId, peer);
    return this.get(accountId, peer);
  }

  /**
   * Sets when to notify for this conversation (kept by ensure and recordMessage).
   * Returns the updated conversation, null if there is none (it is not created here).
   */
  setNotify(accountId: string, peer: string, notify: NotifyMode): Conversation | null {
    this.#setNotify.run(notify, accountId, peer);
    return this.get(accountId, peer);
  }

  /** Drops the conversation entry (its messages stay in the store). */
  remove(accountId: string, peer: string): boolean {
    return this.#remove.run(accountId, peer).changes > 0;
  }

  #getExisting(accountId: string, peer: string): Conversation {
    const conversation = this.get(accountId, peer);
    if (!conversation)
      throw new Error(`conversation ${accountId}/${peer} vanished right after its write`);
    return conversation;
  }
}
