import type Database from 'better-sqlite3-multiple-ciphers';
import type { TransferDirection, TransferErrorCode, TransferState } from '@parley/contract';

/** A stored transfer: the contract's Transfer minus live figures (rate), plus what resumes it. */
export interface TransferRecord {
  id: string;
  accountId: string;
  peer: string;
  direction: TransferDirection;
  messageId: string | null;
  name: string;
  size: number | null;
  mediaType: string | null;
  /** Base64 SHA-256 of the content: computed (upload) or announced (download). */
  sha256: string | null;
  /** Upload: the GET URL once the slot is known; download: where to fetch from. */
  url: string | null;
  bytes: number;
  state: TransferState;
  error: { code: TransferErrorCode; message: string } | null;
  localPath: string | null;
  createdAt: number;
}

export type TransferPatch = Partial<
  Omit<TransferRecord, 'id' | 'accountId' | 'direction' | 'createdAt'>
>;

interface Row {
  id: string;
  account_id: string;
  peer: string;
  direction: string;
  message_id: string | null;
  name: string;
  size: number | null;
  media_type: string | null;
  sha256: string | null;
  url: string | null;
  bytes: number;
  state: string;
  error_code: string | null;
  error_text: string | null;
  local_path: string | null;
  created_at: number;
}

const COLUMNS = `id, account_id, peer, direction, message_id, name, size, media_type, sha256, url,
  bytes, state, error_code, error_text, local_path, created_at`;

function fromRow(r: Row): TransferRecord {
  return {
    id: r.id,
    accountId: r.account_id,
    peer: r.peer,
    direction: r.direction as TransferDirection,
    messageId: r.message_id,
    name: r.name,
    size: r.size,
    mediaType: r.media_type,
    sha256: r.sha256,
    url: r.url,
    bytes: r.bytes,
    state: r.state as TransferState,
    error:
      r.error_code !== null
        ? { code: r.error_code as TransferErrorCode, message: r.error_text ?? '' }
        : null,
    localPath: r.local_path,
    createdAt: r.created_at,
  };
}

function toRow(t: TransferRecord): Row {
  return {
    id: t.id,
    account_id: t.accountId,
    peer: t.peer,
    direction: t.direction,
    message_id: t.messageId,
    name: t.name,
    size: t.size,
    media_type: t.mediaType,
    sha256: t.sha256,
    url: t.url,
    bytes: t.bytes,
    state: t.state,
    error_code: t.error?.code ?? null,
    error_text: t.error?.message ?? null,
    local_path: t.localPath,
    created_at: t.createdAt,
  };
}

/**
 * A retracted or moderated file: its transfer records forget what names it (name, URL, hash,
 * type, local path) and count as cancelled. Named parameters: accountId, messageId.
 */
export const forgetTransfersSql = `UPDATE transfers SET name = '', url = NULL, sha256 = NULL,
    media_type = NULL, local_path = NULL, state = 'cancelled', error_code = NULL, error_text = NULL
  WHERE account_id = @accountId AND message_id = @messageId`;

/** A copy of a retracted file, waiting to be deleted from disk. */
export interface FileToRemove {
  path: string;
  accountId: string;
}

/** Uploads and downloads, kept so finished files can be previewed and failed ones retried. */
export class TransfersRepository {
  readonly #insert;
  readonly #replace;
  readonly #get;
  readonly #byMessage;
  readonly #recent;
  readonly #allForMessage;
  readonly #forget;
  readonly #queueFile;
  readonly #filesToRemove;
  readonly #fileRemoved;

  constructor(db: Database.Database) {
    const values = COLUMNS.split(',')
      .map((c) => `@${c.trim()}`)
      .join(', ');
    this.#insert = db.prepare<Row>(`INSERT INTO transfers (${COLUMNS}) VALUES (${values})`);
    this.#replace = db.prepare<Row>(
      `INSERT OR REPLACE INTO transfers (${COLUMNS}) VALUES (${values})`,
    );
    this.#get = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM transfers WHERE id = ?`);
    this.#byMessage = db.prepare<[string, string], Row>(
      `SELECT ${COLUMNS} FROM transfers WHERE account_id = ? AND message_id = ?
       ORDER BY created_at DESC LIMIT 1`,
    );
    this.#recent = db.prepare<[number], Row>(
      `SELECT ${COLUMNS} FROM transfers ORDER BY created_at DESC, rowid DESC LIMIT ?`,
    );
    this.#allForMessage = db.prepare<[string, string], Row>(
      `SELECT ${COLUMNS} FROM transfers WHERE account_id = ? AND message_id = ?
       ORDER BY created_at, rowid LIMIT 100`,
    );
    this.#forget = db.prepare<{ accountId: string; messageId: string }>(forgetTransfersSql);
    this.#queueFile = db.prepare<[string, string, number]>(
      `INSERT OR IGNORE INTO files_to_remove (path, account_id, queued_at) VALUES (?, ?, ?)`,
    );
    this.#filesToRemove = db.prepare<[number], FileToRemove>(
      `SELECT path, account_id AS accountId FROM files_to_remove ORDER BY queued_at LIMIT ?`,
    );
    this.#fileRemoved = db.prepare<[string]>(`DELETE FROM files_to_remove WHERE path = ?`);
  }

  insert(t: TransferRecord): TransferRecord {
    this.#insert.run(toRow(t));
    return t;
  }

  get(id: string): TransferRecord | null {
    const row = this.#get.get(id);
    return row ? fromRow(row) : null;
  }

  /** The newest transfer of a message's file (a retry makes a new one). */
  forMessage(accountId: string, messageId: string): TransferRecord | null {
    const row = this.#byMessage.get(accountId, messageId);
    return row ? fromRow(row) : null;
  }

  /** Every transfer of a message's file, oldest first (retries make new ones). */
  allForMessage(accountId: string, messageId: string): TransferRecord[] {
    return this.#allForMessage.all(accountId, messageId).map(fromRow);
  }

  /**
   * The message's file was retracted: its records forget it (see forgetTransfersSql) and the
   * local copies they named are queued for removal. Run inside the retraction's transaction.
   */
  forgetMessage(accountId: string, messageId: string): void {
    const now = Date.now();
    for (const record of this.allForMessage(accountId, messageId)) {
      if (record.localPath !== null) this.#queueFile.run(record.localPath, accountId, now);
    }
    this.#forget.run({ accountId, messageId });
  }

  /** A file Parley wrote that must go (e.g. one finished after its message was retracted). */
  queueFileRemoval(accountId: string, path: string): void {
    this.#queueFile.run(path, accountId, Date.now());
  }

  /** Copies of retracted files still on disk (or not yet known to be gone), oldest first. */
  filesToRemove(limit = 1000): FileToRemove[] {
    return this.#filesToRemove.all(limit);
  }

  /** The file is gone from disk (or was never Parley's to delete): stop tracking it. */
  fileRemoved(path: string): void {
    this.#fileRemoved.run(path);
  }

  /** Applies the patch; returns the updated record, null when unknown. */
  update(id: string, patch: TransferPatch): TransferRecord | null {
    const current = this.get(id);
    if (!current) return null;
    const next = { ...current, ...patch };
    this.#replace.run(toRow(next));
    return next;
  }

  /** Newest first. */
  recent(limit = 200): TransferRecord[] {
    return this.#recent.all(limit).map(fromRow);
  }
}
