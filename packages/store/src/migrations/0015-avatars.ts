import type { Migration } from './types.js';

/*
 * Avatars (XEP-0084, XEP-0153, room vCards) cached by their SHA-1.
 *
 * - avatar_images: the bytes of each image once, by the SHA-1 every protocol names them with.
 *   A hash already here is never fetched again, whoever announces it next.
 * - avatar_users: which address shows which image, per account (contacts, rooms, ourselves),
 *   and where we learned it ('pep' outranks 'vcard': the vCard photo is the fallback for
 *   contacts without a PEP avatar). An image nobody uses any more is deleted by the repository.
 */
const SQL = `
CREATE TABLE avatar_images (
  hash      TEXT PRIMARY KEY NOT NULL CHECK (length(hash) = 40),
  mime      TEXT NOT NULL CHECK (mime IN ('image/png', 'image/jpeg', 'image/webp', 'image/gif')),
  data      BLOB NOT NULL,
  stored_at INTEGER NOT NULL
) STRICT;

CREATE TABLE avatar_users (
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  jid        TEXT NOT NULL,
  hash       TEXT NOT NULL REFERENCES avatar_images(hash),
  source     TEXT NOT NULL CHECK (source IN ('pep', 'vcard', 'room')),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, jid)
) STRICT;
CREATE INDEX avatar_users_by_hash ON avatar_users (hash);
`;

export const avatars: Migration = {
  version: 15,
  name: 'avatars',
  up(db) {
    db.exec(SQL);
  },
};
