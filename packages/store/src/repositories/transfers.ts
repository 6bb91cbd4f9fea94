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

/** Uploads and downloads, kept so finished files can be previewed and failed ones retried. */
export class TransfersRepository {
  readonly #insert;
  readonly #replace;
  readonly #get;
  readonly #byMessage;
  readonly #recent;

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
