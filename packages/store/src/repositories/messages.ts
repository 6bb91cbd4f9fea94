import { timeOrderedId } from '../time-ordered-id.js';
import type Database from 'better-sqlite3-multiple-ciphers';
import {
  callLog,
  omemoVersion,
  type CallLog,
  type Attachment,
  type Message,
  type MessageStatus,
  type OmemoVersion,
  type SealedAttachment,
} from '@parley/contract';
import { omemoFromRow, omemoToRow, type OmemoColumns } from './omemo-message-columns.js';
import { StoreConflictError, isSqliteError } from '../errors.js';
import { canTransition } from './message-status.js';

/** A message to store; the optional parts default to a fresh UUID, null and false. */
export type NewMessage = Omit<
  Message,
  | 'id'
  | 'originId'
  | 'stanzaId'
  | 'resource'
  | 'fromOtherDevice'
  | 'attachment'
  | 'edited'
  | 'retracted'
> &
  Partial<Pick<Message, 'id' | 'originId' | 'stanzaId' | 'resource' | 'fromOtherDevice'>> & {
    /** With an encrypted file's key (XEP-0454): stored, never handed back in a Message. */
    attachment?: SealedAttachment | null;
    /** The stanza's own `id` attribute: corrections and retractions refer to it. */
    senderId?: string | null;
    /** A room sender's XEP-0421 occupant id. */
    occupantId?: string | null;
  };

export interface InsertResult {
  /** False when the message was already stored; `message` is then the stored one. */
  inserted: boolean;
  message: Message;
}

export interface PageRequest {
  /** Id of the oldest message the caller already has; null for the newest page. */
  beforeId: string | null;
  limit: number;
}

export interface MessagePage {
  /** Oldest first, ready to prepend. */
  messages: Message[];
  /** Whether the store holds messages older than the first one returned. */
  hasOlder: boolean;
}

interface MessageRow extends OmemoColumns {
  id: string;
  account_id: string;
  peer: string;
  direction: string;
  body: string;
  timestamp: number;
  status: string;
  origin_id: string | null;
  stanza_id: string | null;
  resource: string | null;
  from_other_device: number;
  attachment_json: string | null;
  sender_id: string | null;
  occupant_id: string | null;
  /** XEP-0393 §6: 1 when the sender asked for no styling. */
  unstyled: number;
}

/** What only reads return: the edit and tombstone state (written by MessageEditsRepository). */
interface ReadRow extends MessageRow {
  edited_at: number | null;
  edit_count: number;
  retracted_at: number | null;
  retracted_by: string | null;
  retract_reason: string | null;
  /** A call's CallLog (migration 17), null for every other message. */
  call_json: string | null;
}

const WRITE_COLUMNS = `id, account_id, peer, direction, body, timestamp, status, origin_id,
  stanza_id, resource, from_other_device, attachment_json, sender_id, occupant_id, encryption,
  sender_device, trust_at_receipt, decrypt_error, unstyled`;
const COLUMNS = `${WRITE_COLUMNS}, edited_at, edit_count, retracted_at, retracted_by,
  retract_reason, call_json`;
const BY_PEER = 'account_id = @accountId AND peer = @peer';

/** Written by us from a validated Attachment; anything else reads as no attachment. */
function parseSealed(json: string | null): SealedAttachment | null {
  if (json === null) return null;
  try {
    return JSON.parse(json) as SealedAttachment;
  } catch {
    return null;
  }
}

/** What leaves the store in a Message: never an encrypted file's key (XEP-0454). */
function withoutSecret(sealed: SealedAttachment | null): Attachment | null {
  if (sealed === null || sealed.aesgcmSecret === undefined) return sealed;
  const { aesgcmSecret: _secret, ...shown } = sealed;
  return shown;
}

function parseAttachment(json: string | null): Attachment | null {
  return withoutSecret(parseSealed(json));
}

/** Moderation is recorded as a reason-or-not plus a marker prefix in retracted_by. */
const MODERATED = 'moderated:';

export function fromRow(r: ReadRow): Message {
  return {
    id: r.id,
    accountId: r.account_id,
    peer: r.peer,
    direction: r.direction as Message['direction'],
    body: r.body,
    timestamp: r.timestamp,
    status: r.status as MessageStatus,
    originId: r.origin_id,
    stanzaId: r.stanza_id,
    resource: r.resource,
    fromOtherDevice: r.from_other_device === 1,
    attachment: parseAttachment(r.attachment_json),
    edited: r.edited_at !== null ? { at: r.edited_at, count: r.edit_count } : null,
    retracted:
      r.retracted_at !== null
        ? {
            by: (r.retracted_by ?? '').replace(MODERATED, ''),
            at: r.retracted_at,
            moderated: (r.retracted_by ?? '').startsWith(MODERATED),
            reason: r.retract_reason,
          }
        : null,
    ...omemoFromRow(r),
    // Only when set: most messages are styled, and events stay as they were for them.
    ...(r.unstyled === 1 ? { unstyled: true } : {}),
    // Only for calls: a damaged column reads as no call rather than failing the page.
    ...(typeof r.call_json === 'string' ? { call: parseCall(r.call_json) } : {}),
  };
}

function parseCall(json: string): CallLog | null {
  const parsed = callLog.safeParse(safeJson(json));
  return parsed.success ? parsed.data : null;
}

function safeJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

/** The retracted_by column value: the moderator marked as such. */
export function retractedByColumn(by: string, moderated: boolean): string {
  return moderated ? `${MODERATED}${by}` : by;
}

export { COLUMNS as MESSAGE_COLUMNS };
export type { ReadRow as MessageReadRow };

type PeerKey = { accountId: string; peer: string };
type Cursor = PeerKey & { timestamp: number; seq: number; limit: number };

export class MessagesRepository {
  readonly #insert;
  readonly #get;
  readonly #byStanzaId;
  readonly #byOriginId;
  readonly #byOriginIdAnyPeer;
  readonly #setStanzaId;
  readonly #setTimestamp;
  readonly #setEncryption;
  readonly #getStatus;
  readonly #setStatus;
  readonly #cursorOf;
  readonly #newest;
  readonly #older;
  readonly #oldest;
  readonly #outbox;
  readonly #count;
  readonly #archiveIdTime;
  readonly #insertTx;

  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#insert = db.prepare<MessageRow>(
      `INSERT INTO messages (${WRITE_COLUMNS}) VALUES (@id, @account_id, @peer, @direction,
         @body, @timestamp, @status, @origin_id, @stanza_id, @resource, @from_other_device,
         @attachment_json, @sender_id, @occupant_id, @encryption, @sender_device,
         @trust_at_receipt, @decrypt_error, @unstyled)`,
    );
    this.#get = db.prepare<[string, string], ReadRow>(
      `SELECT ${COLUMNS} FROM messages WHERE account_id = ? AND id = ?`,
    );
    this.#byStanzaId = db.prepare<[string, string, string], ReadRow>(
      `SELECT ${COLUMNS} FROM messages WHERE account_id = ? AND peer = ? AND stanza_id = ?`,
    );
    this.#byOriginId = db.prepare<[string, string, string], ReadRow>(
      `SELECT ${COLUMNS} FROM messages WHERE account_id = ? AND origin_id = ? AND peer = ?`,
    );
    this.#byOriginIdAnyPeer = db.prepare<[string, string], ReadRow>(
      `SELECT ${COLUMNS} FROM messages WHERE account_id = ? AND origin_id = ?
       ORDER BY seq DESC LIMIT 1`,
    );
    // OR IGNORE: if another message of the conversation already carries this stanza-id, keep both
    // rows as they are rather than fail the caller's pipeline.
    this.#setStanzaId = db.prepare<[string, string, string]>(
      `UPDATE OR IGNORE messages SET stanza_id = ? WHERE account_id = ? AND id = ?`,
    );
    this.#setEncryption = db.prepare<[string, string, string]>(
      `UPDATE messages SET encryption = ? WHERE account_id = ? AND id = ?`,
    );
    this.#setTimestamp = db.prepare<[number, string, string]>(
      `UPDATE messages SET timestamp = ? WHERE account_id = ? AND id = ?`,
    );
    this.#getStatus = db.prepare<[string, string], { status: string }>(
      `SELECT status FROM messages WHERE account_id = ? AND id = ?`,
    );
    this.#setStatus = db.prepare<[string, string, string]>(
      `UPDATE messages SET status = ? WHERE account_id = ? AND id = ?`,
    );
    this.#cursorOf = db.prepare<[string, string, string], { timestamp: number; seq: number }>(
      `SELECT timestamp, seq FROM messages WHERE account_id = ? AND peer = ? AND id = ?`,
    );
    // Keyset paging on (timestamp, seq) walks messages_by_time backwards from the cursor: the cost
    // is the page size, however deep in history the page is (OFFSET would scan everything newer).
    this.#newest = db.prepare<PeerKey & { limit: number }, ReadRow>(
      `SELECT ${COLUMNS} FROM messages WHERE ${BY_PEER}
       ORDER BY timestamp DESC, seq DESC LIMIT @limit`,
    );
    this.#older = db.prepare<Cursor, ReadRow>(
      `SELECT ${COLUMNS} FROM messages WHERE ${BY_PEER} AND (timestamp, seq) < (@timestamp, @seq)
       ORDER BY timestamp DESC, seq DESC LIMIT @limit`,
    );
    this.#oldest = db.prepare<PeerKey, ReadRow>(
      `SELECT ${COLUMNS} FROM messages WHERE ${BY_PEER} ORDER BY timestamp, seq LIMIT 1`,
    );
    // The literal direction/status terms let SQLite pick the partial index messages_outbox.
    this.#outbox = db.prepare<[string], ReadRow>(
      `SELECT ${COLUMNS} FROM messages
       WHERE account_id = ? AND direction = 'out' AND status = 'pending' ORDER BY timestamp, seq`,
    );
    this.#count = db
      .prepare<PeerKey, number>(`SELECT count(*) FROM messages WHERE ${BY_PEER}`)
      .pluck();
    // Once per start of a catch-up; messages_by_stanza_id narrows it to the account.
    this.#archiveIdTime = db
      .prepare<[string, string], number | null>(
        `SELECT max(timestamp) FROM messages WHERE account_id = ? AND stanza_id = ?`,
      )
      .pluck();
    this.#insertTx = db.transaction((msg: NewMessage) => this.#insertOnce(msg));
  }

  /**
   * Stores a message unless it is already there: same conversation and XEP-0359 stanza-id, or same
   * conversation and origin-id (our own message coming back as a carbon or from the archive).
   * A duplicate that brings the stanza-id the stored copy lacks fills it in.
   * @throws StoreConflictError when an explicit `id` is taken by a different message.
   */
  insert(msg: NewMessage): InsertResult {
    // Inside the caller's transaction (a batch of messages) a savepoint per message buys
    // nothing: a failure rolls the whole batch back anyway.
    return this.#db.inTransaction ? this.#insertOnce(msg) : this.#insertTx(msg);
  }

  #insertOnce(msg: NewMessage): InsertResult {
    const stanzaId = msg.stanzaId ?? null;
    const originId = msg.originId ?? null;
    if (stanzaId !== null) {
      const row = this.#byStanzaId.get(msg.accountId, msg.peer, stanzaId);
      if (row) return { inserted: false, message: fromRow(row) };
    }
    if (originId !== null) {
      const row = this.#byOriginId.get(msg.accountId, originId, msg.peer);
      if (row) {
        const existing = fromRow(row);
        if (
          existing.stanzaId === null &&
          stanzaId !== null &&
          this.setStanzaId(msg.accountId, existing.id, stanzaId)
        ) {
          existing.stanzaId = stanzaId;
        }
        return { inserted: false, message: existing };
      }
    }
    // Validated before anything is written: a bad value is a caller bug, reported by name.
    const omemo = omemoToRow(msg);
    const message: Message = {
      id: msg.id ?? timeOrderedId(),
      accountId: msg.accountId,
      peer: msg.peer,
      direction: msg.direction,
      body: msg.body,
      // Stamps parsed from XML can carry fractions; the column is integer milliseconds.
      timestamp: Math.round(msg.timestamp),
      status: msg.status,
      originId,
      stanzaId,
      resource: msg.resource ?? null,
      fromOtherDevice: msg.fromOtherDevice ?? false,
      attachment: withoutSecret(msg.attachment ?? null),
      edited: null,
      retracted: null,
      ...omemoFromRow(omemo),
      ...(msg.unstyled ? { unstyled: true } : {}),
    };
    try {
      this.#insert.run({
        id: message.id,
        account_id: message.accountId,
        peer: message.peer,
        direction: message.direction,
        body: message.body,
        timestamp: message.timestamp,
        status: message.status,
        origin_id: message.originId,
        stanza_id: message.stanzaId,
        resource: message.resource,
        from_other_device: message.fromOtherDevice ? 1 : 0,
        attachment_json: msg.attachment ? JSON.stringify(msg.attachment) : null,
        sender_id: msg.senderId ?? null,
        occupant_id: msg.occupantId ?? null,
        ...omemo,
        unstyled: msg.unstyled ? 1 : 0,
      });
    } catch (err) {
      if (isSqliteError(err, 'SQLITE_CONSTRAINT_UNIQUE')) {
        throw new StoreConflictError(
          `message id ${message.id} is already used in account ${msg.accountId}`,
        );
      }
      throw err;
    }
    return { inserted: true, message };
  }

  /** An encrypted file's IV and key (hex, as in its aesgcm:// URL); null for any other message. */
  attachmentSecret(accountId: string, id: string): string | null {
    const row = this.#get.get(accountId, id);
    return parseSealed(row?.attachment_json ?? null)?.aesgcmSecret ?? null;
  }

  get(accountId: string, id: string): Message | null {
    const row = this.#get.get(accountId, id);
    return row ? fromRow(row) : null;
  }

  /** The newest message of the account with this origin-id (receipts and acks refer to it). */
  findByOriginId(accountId: string, originId: string): Message | null {
    const row = this.#byOriginIdAnyPeer.get(accountId, originId);
    return row ? fromRow(row) : null;
  }

  /** Moves the status forward (see canTransition); returns whether it changed. */
  updateStatus(accountId: string, id: string, status: MessageStatus): boolean {
    // One connection, synchronous calls: nothing can run between this read and the write.
    const current = this.#getStatus.get(accountId, id);
    if (!current || !canTransition(current.status as MessageStatus, status)) return false;
    return this.#setStatus.run(status, accountId, id).changes > 0;
  }

  /**
   * Moves a message to another place in its conversation's order (an archive catch-up found it
   * after a message it stored only now); false if the message is unknown.
   */
  setTimestamp(accountId: string, id: string, timestamp: number): boolean {
    return this.#setTimestamp.run(timestamp, accountId, id).changes > 0;
  }

  /**
   * Records how our own message went out (OMEMO): set when it is encrypted at send time.
   * @throws RangeError for a value that is not an OMEMO version
   */
  setEncryption(accountId: string, id: string, encryption: OmemoVersion): boolean {
    if (!omemoVersion.safeParse(encryption).success)
      throw new RangeError(`unknown encryption ${String(encryption)}`);
    return this.#setEncryption.run(encryption, accountId, id).changes > 0;
  }

  /** Records the server-assigned stanza-id; false if the message is unknown or the id is taken. */
  setStanzaId(accountId: string, id: string, stanzaId: string): boolean {
    return this.#setStanzaId.run(stanzaId, accountId, id).changes > 0;
  }

  /**
   * The `limit` newest messages older than `beforeId` (or the newest overall), oldest first.
   * An unknown `beforeId` yields an empty page.
   */
  page(accountId: string, peer: string, { beforeId, limit }: PageRequest): MessagePage {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`page limit must be a positive integer, got ${limit}`);
    // One extra row answers hasOlder without a second query.
    let rows: ReadRow[];
    if (beforeId === null) {
      rows = this.#newest.all({ accountId, peer, limit: limit + 1 });
    } else {
      const cursor = this.#cursorOf.get(accountId, peer, beforeId);
      if (!cursor) return { messages: [], hasOlder: false };
      rows = this.#older.all({ accountId, peer, ...cursor, limit: limit + 1 });
    }
    const hasOlder = rows.length > limit;
    if (hasOlder) rows.pop();
    return { messages: rows.reverse().map(fromRow), hasOlder };
  }

  /** The oldest stored message of a conversation, where archive backfill continues from. */
  oldest(accountId: string, peer: string): Message | null {
    const row = this.#oldest.get({ accountId, peer });
    return row ? fromRow(row) : null;
  }

  /** Outgoing messages still waiting to be sent, oldest first: resent after a reconnect. */
  outbox(accountId: string): Message[] {
    return this.#outbox.all(accountId).map(fromRow);
  }

  /** When the message with this archive (stanza-)id is shown, in any conversation; null if none. */
  timestampOfArchiveId(accountId: string, stanzaId: string): number | null {
    return this.#archiveIdTime.get(accountId, stanzaId) ?? null;
  }

  count(accountId: string, peer: string): number {
    return this.#count.get({ accountId, peer }) ?? 0;
  }

  /**
   * The message the conversation holds with this stanza-id, or with this origin-id
   * (`originOnlyOurs`: only a message we sent); null if none. Asked before an incoming message
   * is decrypted (it never is twice).
   */
  findHeld(
    accountId: string,
    peer: string,
    ids: { stanzaId?: string | null; originId?: string | null; originOnlyOurs?: boolean },
  ): Message | null {
    const { stanzaId = null, originId = null } = ids;
    const byStanzaId =
      stanzaId === null ? undefined : this.#byStanzaId.get(accountId, peer, stanzaId);
    if (byStanzaId) return fromRow(byStanzaId);
    if (originId === null) return null;
    const row = this.#byOriginId.get(accountId, originId, peer);
    return row && (!ids.originOnlyOurs || row.direction === 'out') ? fromRow(row) : null;
  }
}
