import type Database from 'better-sqlite3-multiple-ciphers';

export type AvatarSource = 'pep' | 'vcard' | 'room';
export type AvatarMime = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';

export interface AvatarImage {
  hash: string;
  mime: AvatarMime;
  data: Uint8Array;
}

export interface AvatarUse {
  jid: string;
  hash: string;
  source: AvatarSource;
}

/**
 * The avatar cache: images by SHA-1 (checked by the backend before they get here) and who shows
 * which. Images nobody shows are deleted as soon as their last user moves on.
 */
export class AvatarsRepository {
  readonly #hasImage;
  readonly #image;
  readonly #putImage;
  readonly #use;
  readonly #uses;
  readonly #assign;
  readonly #unassign;
  readonly #collect;
  readonly #transaction;

  constructor(db: Database.Database) {
    this.#hasImage = db.prepare<[string], { n: number }>(
      `SELECT 1 AS n FROM avatar_images WHERE hash = ?`,
    );
    this.#image = db.prepare<[string], { hash: string; mime: AvatarMime; data: Buffer }>(
      `SELECT hash, mime, data FROM avatar_images WHERE hash = ?`,
    );
    this.#putImage = db.prepare<[string, string, Buffer, number]>(
      `INSERT INTO avatar_images (hash, mime, data, stored_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (hash) DO NOTHING`,
    );
    this.#use = db.prepare<[string, string], AvatarUse>(
      `SELECT jid, hash, source FROM avatar_users WHERE account_id = ? AND jid = ?`,
    );
    this.#uses = db.prepare<[string], AvatarUse>(
      `SELECT jid, hash, source FROM avatar_users WHERE account_id = ? ORDER BY jid`,
    );
    this.#assign = db.prepare<[string, string, string, string, number]>(
      `INSERT INTO avatar_users (account_id, jid, hash, source, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id, jid) DO UPDATE
         SET hash = excluded.hash, source = excluded.source, updated_at = excluded.updated_at`,
    );
    this.#unassign = db.prepare<[string, string]>(
      `DELETE FROM avatar_users WHERE account_id = ? AND jid = ?`,
    );
    // Also catches images left by an account removed (its rows went with it by cascade).
    this.#collect = db.prepare(
      `DELETE FROM avatar_images
       WHERE NOT EXISTS (SELECT 1 FROM avatar_users u WHERE u.hash = avatar_images.hash)`,
    );
    this.#transaction = <T>(fn: () => T): T => db.transaction(fn)();
  }

  /** Whether the image is cached (then it is never fetched again). */
  has(hash: string): boolean {
    return this.#hasImage.get(hash) !== undefined;
  }

  image(hash: string): AvatarImage | null {
    const row = this.#image.get(hash);
    return row ? { hash: row.hash, mime: row.mime, data: new Uint8Array(row.data) } : null;
  }

  /** What `jid` shows for this account, or null for the initials. */
  get(accountId: string, jid: string): AvatarUse | null {
    return this.#use.get(accountId, jid) ?? null;
  }

  /** Every address of the account that shows an image. */
  list(accountId: string): AvatarUse[] {
    return this.#uses.all(accountId);
  }

  /**
   * `jid` shows `image` from now on (stored if new); an image no longer shown is deleted.
   * Returns whether what `jid` shows changed.
   */
  assign(accountId: string, jid: string, image: AvatarImage, source: AvatarSource): boolean {
    return this.#transaction(() => {
      const before = this.#use.get(accountId, jid);
      this.#putImage.run(image.hash, image.mime, Buffer.from(image.data), Date.now());
      this.#assign.run(accountId, jid, image.hash, source, Date.now());
      if (before && before.hash !== image.hash) this.#collect.run();
      return before?.hash !== image.hash;
    });
  }

  /** `jid` shows a cached image (no bytes needed); false when it is not cached. */
  assignCached(accountId: string, jid: string, hash: string, source: AvatarSource): boolean {
    return this.#transaction(() => {
      if (!this.has(hash)) return false;
      const before = this.#use.get(accountId, jid);
      this.#assign.run(accountId, jid, hash, source, Date.now());
      if (before && before.hash !== hash) this.#collect.run();
      return true;
    });
  }

  /** `jid` shows no image any more; true when it had one. */
  clear(accountId: string, jid: string): boolean {
    return this.#transaction(() => {
      const removed = this.#unassign.run(accountId, jid).changes > 0;
      if (removed) this.#collect.run();
      return removed;
    });
  }

  /** Deletes every image nobody shows (e.g. after an account was removed); returns how many. */
  collectGarbage(): number {
    return this.#collect.run().changes;
  }
}
