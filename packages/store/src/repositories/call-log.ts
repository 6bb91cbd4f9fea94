import type Database from 'better-sqlite3-multiple-ciphers';
import { callLog, type CallLog, type Message } from '@parley/contract';
import {
  MESSAGE_COLUMNS,
  fromRow,
  type MessageReadRow,
  type MessagesRepository,
} from './messages.js';

/** A call to put in the timeline: who it was with, which way, when it started. */
export interface CallRow {
  accountId: string;
  peer: string;
  direction: 'in' | 'out';
  /** UTC ms the call was proposed. */
  timestamp: number;
  call: CallLog;
}

/**
 * Calls in the timeline (migration 17): one message row per Jingle session id, with an empty
 * body and the CallLog beside it. The row is found again by the call's id, whether the call
 * was seen live, as a carbon or in an archive catch-up.
 */
export class CallLogRepository {
  readonly #find;
  readonly #set;

  constructor(
    db: Database.Database,
    private readonly messages: MessagesRepository,
  ) {
    this.#find = db.prepare<[string, string], MessageReadRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE account_id = ? AND call_id = ?`,
    );
    this.#set = db.prepare<[string, string, string, string]>(
      'UPDATE messages SET call_json = ?, call_id = ? WHERE account_id = ? AND id = ?',
    );
  }

  find(accountId: string, callId: string): Message | null {
    const row = this.#find.get(accountId, callId);
    return row ? fromRow(row) : null;
  }

  /**
   * The call's row: inserted when the call has none yet (`inserted` true), else the stored one
   * unchanged. Call it inside a transaction (the insert and the call columns go together).
   * @throws RangeError for a CallLog outside the contract
   */
  record(row: CallRow): { inserted: boolean; message: Message } {
    const call = callLog.parse(row.call);
    const existing = this.find(row.accountId, call.callId);
    if (existing) return { inserted: false, message: existing };
    const { message } = this.messages.insert({
      accountId: row.accountId,
      peer: row.peer,
      direction: row.direction,
      body: '',
      timestamp: row.timestamp,
      status: row.direction === 'out' ? 'acked' : 'received',
    });
    this.#set.run(JSON.stringify(call), call.callId, row.accountId, message.id);
    return { inserted: true, message: { ...message, call } };
  }

  /** A new outcome or duration for a call's row; null when the call has no row. */
  update(accountId: string, call: CallLog): Message | null {
    const checked = callLog.parse(call);
    const existing = this.find(accountId, checked.callId);
    if (!existing) return null;
    this.#set.run(JSON.stringify(checked), checked.callId, accountId, existing.id);
    return { ...existing, call: checked };
  }
}
