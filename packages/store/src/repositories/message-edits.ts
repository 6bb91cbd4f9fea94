import type Database from 'better-sqlite3-multiple-ciphers';
import type { Message, MessageVersion } from '@parley/contract';
import { previewBody } from './conversations.js';
import { MESSAGE_COLUMNS, fromRow, retractedByColumn, type MessageReadRow } from './messages.js';
import { OrphanEditsRepository } from './orphan-edits.js';
import { forgetTransfersSql } from './transfers.js';

/** A message a correction or retraction may apply to, with the facts the trust checks need. */
export interface EditTarget {
  message: Message;
  /** The stanza id its sender gave (what XEP-0308 refers to). */
  senderId: string | null;
  /** A room sender's XEP-0421 occupant id, if the room stamped one. */
  occupantId: string | null;
}

export interface CorrectionWrite {
  body: string;
  /** UTC ms the correction was made (sent or received). */
  at: number;
  /** The correcting stanza's id: the same correction seen again is applied once. */
  editId: string | null;
}

/** A correction or retraction of ours, stored until the server has it. */
export interface OutgoingEdit {
  /** The stanza id it goes with (the same on every resend). */
  id: string;
  messageId: string;
  kind: 'correct' | 'retract';
  createdAt: number;
}

export interface RetractionWrite {
  /** The sender (their address) or, moderated, the moderator / the room. */
  by: string;
  at: number;
  moderated: boolean;
  reason: string | null;
}

/**
 * Corrections and retractions of stored messages. The message row keeps the newest text in
 * `body` (changed in place, so a search index kept by triggers forgets the old words) and its
 * place in the timeline; the versions live in message_edits. A retraction empties the body,
 * drops the file and the whole edit history: the content is gone from the store, not hidden.
 * The file's transfer records forget its name, URL and local path; the copies Parley downloaded
 * or cached are queued in files_to_remove, for the backend to delete once this commits.
 * Callers run these inside their own transaction (a write batch or an archive page).
 */
export class MessageEditsRepository {
  readonly #bySenderId;
  readonly #byOriginId;
  readonly #byStanzaId;
  readonly #byEditId;
  readonly #facts;
  readonly #versionCount;
  readonly #hasEdit;
  readonly #insertVersion;
  readonly #setBody;
  readonly #retract;
  readonly #dropVersions;
  readonly #queueFiles;
  readonly #forgetTransfers;
  readonly #forgetQuotes;
  readonly #history;
  readonly #preview;
  readonly #tombstonePreview;
  readonly #retractedBy;
  readonly #queue;
  readonly #outgoing;
  readonly #sent;
  readonly #dropOutgoing;
  /** Edits that came before the message they name (an archive page), kept in the store. */
  readonly orphans: OrphanEditsRepository;

  constructor(db: Database.Database) {
    const select = `SELECT ${MESSAGE_COLUMNS} FROM messages`;
    this.#bySenderId = db.prepare<[string, string, string], MessageReadRow>(
      // The partial index's own terms: a wire id equal to the origin-id is found by that.
      `${select} WHERE account_id = ? AND peer = ? AND sender_id = ?
         AND sender_id IS NOT NULL AND (origin_id IS NULL OR origin_id <> sender_id)
         ORDER BY seq DESC LIMIT 8`,
    );
    this.#byOriginId = db.prepare<[string, string, string], MessageReadRow>(
      `${select} WHERE account_id = ? AND origin_id = ? AND peer = ?`,
    );
    this.#byStanzaId = db.prepare<[string, string, string], MessageReadRow>(
      `${select} WHERE account_id = ? AND peer = ? AND stanza_id = ?`,
    );
    this.#byEditId = db.prepare<{ accountId: string; peer: string; ref: string }, MessageReadRow>(
      `${select} WHERE account_id = @accountId AND peer = @peer AND id IN
         (SELECT message_id FROM message_edits WHERE account_id = @accountId AND edit_id = @ref)
       LIMIT 8`,
    );
    this.#facts = db.prepare<
      [string, string],
      { sender_id: string | null; occupant_id: string | null }
    >(`SELECT sender_id, occupant_id FROM messages WHERE account_id = ? AND id = ?`);
    this.#versionCount = db
      .prepare<[string, string], number>(
        `SELECT count(*) FROM message_edits WHERE account_id = ? AND message_id = ?`,
      )
      .pluck();
    this.#hasEdit = db
      .prepare<[string, string, string], number>(
        `SELECT count(*) FROM message_edits WHERE account_id = ? AND message_id = ? AND edit_id = ?`,
      )
      .pluck();
    this.#insertVersion = db.prepare<[string, string, number, string, number, string | null]>(
      `INSERT INTO message_edits (account_id, message_id, version, body, at, edit_id)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.#setBody = db.prepare<[string, number, string, string]>(
      `UPDATE messages SET body = ?, edited_at = ?, edit_count = edit_count + 1
       WHERE account_id = ? AND id = ? AND retracted_at IS NULL`,
    );
    this.#retract = db.prepare<[number, string, string | null, string, string]>(
      `UPDATE messages SET body = '', attachment_json = NULL, edited_at = NULL, edit_count = 0,
         retracted_at = ?, retracted_by = ?, retract_reason = ?
       WHERE account_id = ? AND id = ? AND retracted_at IS NULL`,
    );
    this.#dropVersions = db.prepare<[string, string]>(
      `DELETE FROM message_edits WHERE account_id = ? AND message_id = ?`,
    );
    // The transfer records of a retracted file name it, its URL and where it lies: they forget
    // all three (kept as rows so the renderer hears of it); the files go after the commit.
    this.#queueFiles = db.prepare<{ accountId: string; messageId: string; now: number }>(
      `INSERT OR IGNORE INTO files_to_remove (path, account_id, queued_at)
       SELECT local_path, account_id, @now FROM transfers
       WHERE account_id = @accountId AND message_id = @messageId AND local_path IS NOT NULL`,
    );
    this.#forgetTransfers = db.prepare<{ accountId: string; messageId: string }>(
      forgetTransfersSql,
    );
    // Replies to it in its conversation carried a quote of its text: that copy goes too (the
    // original is still found, as a tombstone, so the quote was only a fallback preview).
    this.#forgetQuotes = db.prepare<{ accountId: string; messageId: string }>(
      `UPDATE message_replies SET quote = NULL
       WHERE account_id = @accountId AND quote IS NOT NULL
         AND target IN (
           SELECT sender_id FROM messages WHERE account_id = @accountId AND id = @messageId
           UNION SELECT origin_id FROM messages WHERE account_id = @accountId AND id = @messageId
           UNION SELECT stanza_id FROM messages WHERE account_id = @accountId AND id = @messageId)
         AND message_id IN (SELECT r.id FROM messages r WHERE r.account_id = @accountId
           AND r.peer = (SELECT peer FROM messages WHERE account_id = @accountId AND id = @messageId))`,
    );
    this.#history = db.prepare<[string, string], { body: string; at: number }>(
      `SELECT body, at FROM message_edits WHERE account_id = ? AND message_id = ?
       ORDER BY version`,
    );
    // The conversation's preview is a copy of its newest message's text: it follows the change.
    this.#preview = db.prepare<[string, string, string, number, string]>(
      `UPDATE conversations SET last_body = ?
       WHERE account_id = ? AND peer = ? AND last_timestamp = ? AND last_body = ?
         AND last_retracted IS NULL`,
    );
    // A retracted newest message: the preview becomes its tombstone, never its old text or ''.
    this.#tombstonePreview = db.prepare<[string, string, string, number, string]>(
      `UPDATE conversations SET last_body = '', last_retracted = ?
       WHERE account_id = ? AND peer = ? AND last_timestamp = ? AND last_body = ?
         AND last_retracted IS NULL`,
    );
    this.#retractedBy = db
      .prepare<[string, string], string | null>(
        `SELECT CASE WHEN retracted_at IS NULL THEN NULL
                     WHEN retracted_by LIKE 'moderated:%' THEN 'moderator' ELSE 'sender' END
         FROM messages WHERE account_id = ? AND id = ?`,
      )
      .pluck();
    this.#queue = db.prepare<[string, string, string, string, number]>(
      `INSERT OR IGNORE INTO outgoing_edits (account_id, id, message_id, kind, created_at)
       VALUES (?, ?, ?, ?, ?)`,
    );
    this.#outgoing = db.prepare<[string], OutgoingEdit>(
      `SELECT id, message_id AS messageId, kind, created_at AS createdAt FROM outgoing_edits
       WHERE account_id = ? ORDER BY created_at, rowid`,
    );
    this.#sent = db.prepare<[string, string]>(
      `DELETE FROM outgoing_edits WHERE account_id = ? AND id = ?`,
    );
    this.#dropOutgoing = db.prepare<[string, string]>(
      `DELETE FROM outgoing_edits WHERE account_id = ? AND message_id = ? AND kind = 'correct'`,
    );
    this.orphans = new OrphanEditsRepository(db);
  }

  /**
   * The messages of conversation `peer` that `ref` may name, newest first: by their sender's
   * stanza id, their origin-id, their stanza-id (only where `byStanzaId`: a room's own ids), or
   * as the id of a correction of them (a correction of a correction chains to the original).
   * Ids are the senders' choice and may repeat across senders: the caller takes the first one
   * its sender may change, so someone who copies an id cannot take a correction away.
   */
  candidates(
    accountId: string,
    peer: string,
    ref: string,
    { byStanzaId = false } = {},
  ): EditTarget[] {
    const rows = [
      ...this.#bySenderId.all(accountId, peer, ref),
      ...this.#byOriginId.all(accountId, ref, peer),
      ...(byStanzaId ? this.#byStanzaId.all(accountId, peer, ref) : []),
      ...this.#byEditId.all({ accountId, peer, ref }),
    ];
    const seen = new Set<string>();
    const targets: EditTarget[] = [];
    for (const row of rows) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      targets.push({ message: fromRow(row), senderId: row.sender_id, occupantId: row.occupant_id });
    }
    return targets;
  }

  /** The newest of `candidates`, or null. */
  find(
    accountId: string,
    peer: string,
    ref: string,
    options: { byStanzaId?: boolean } = {},
  ): EditTarget | null {
    return this.candidates(accountId, peer, ref, options)[0] ?? null;
  }

  /** The sender facts of a stored message by our id. */
  target(accountId: string, message: Message): EditTarget {
    const facts = this.#facts.get(accountId, message.id);
    return { message, senderId: facts?.sender_id ?? null, occupantId: facts?.occupant_id ?? null };
  }

  /**
   * Replaces the text of a message, keeping the original as version 0 and this one after it.
   * False (nothing written) when the message is retracted or this correction was applied already.
   */
  correct(accountId: string, message: Message, edit: CorrectionWrite): boolean {
    if (edit.editId !== null && this.#hasEdit.get(accountId, message.id, edit.editId)) return false;
    if (message.retracted) return false;
    let versions = this.#versionCount.get(accountId, message.id) ?? 0;
    if (versions === 0) {
      this.#insertVersion.run(accountId, message.id, 0, message.body, message.timestamp, null);
      versions = 1;
    }
    const at = Math.round(edit.at);
    if (this.#setBody.run(edit.body, at, accountId, message.id).changes === 0) return false;
    this.#insertVersion.run(accountId, message.id, versions, edit.body, at, edit.editId);
    return true;
  }

  /** Turns a message into a tombstone; false if unknown or retracted already. */
  retract(accountId: string, messageId: string, r: RetractionWrite): boolean {
    const by = retractedByColumn(r.by, r.moderated);
    const done =
      this.#retract.run(Math.round(r.at), by, r.reason, accountId, messageId).changes > 0;
    if (done) {
      this.#dropVersions.run(accountId, messageId);
      this.#queueFiles.run({ accountId, messageId, now: Date.now() });
      this.#forgetTransfers.run({ accountId, messageId });
      this.#forgetQuotes.run({ accountId, messageId });
      // A correction of ours not sent yet would only send the emptied text.
      this.#dropOutgoing.run(accountId, messageId);
    }
    return done;
  }

  /**
   * After a correction or retraction of `before` (the message as it was): the conversation
   * preview, if it showed this message, shows the new text, or the tombstone once the message is
   * retracted (`body` is then ignored). Whether it changed.
   */
  updatePreview(before: Message, body: string): boolean {
    const { accountId, peer } = before;
    const timestamp = Math.round(before.timestamp);
    const shown = previewBody(before);
    const retracted = this.#retractedBy.get(accountId, before.id);
    const run = retracted
      ? this.#tombstonePreview.run(retracted, accountId, peer, timestamp, shown)
      : this.#preview.run(body, accountId, peer, timestamp, shown);
    return run.changes > 0;
  }

  /** Stores one of our edits before it is sent. */
  queueOutgoing(accountId: string, edit: OutgoingEdit): void {
    this.#queue.run(accountId, edit.id, edit.messageId, edit.kind, edit.createdAt);
  }

  /** Our edits the server has not acknowledged yet, oldest first. */
  outgoing(accountId: string): OutgoingEdit[] {
    return this.#outgoing.all(accountId);
  }

  /** The server has it: forget it. */
  sentOutgoing(accountId: string, id: string): void {
    this.#sent.run(accountId, id);
  }

  /** Every version, the original first; [] if the message was never corrected. */
  history(accountId: string, messageId: string): MessageVersion[] {
    return this.#history.all(accountId, messageId);
  }
}
