import type { Migration } from './types.js';

/*
 * The blocklist (XEP-0191) per account, kept so it shows offline and so a block made where the
 * server has no blocking survives a restart.
 *
 * origin 'server': an entry of the server's list (replaced by the server's answer at each
 * login); 'local': a block only this client enforces (made on a server without XEP-0191), kept
 * until the user lifts it.
 */
const SQL = `
CREATE TABLE blocklist (
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  jid        TEXT NOT NULL,
  origin     TEXT NOT NULL CHECK (origin IN ('server', 'local')),
  added_at   INTEGER NOT NULL,
  PRIMARY KEY (account_id, jid)
) STRICT;
`;

export const blocklist: Migration = {
  version: 16,
  name: 'blocklist',
  up(db) {
    db.exec(SQL);
  },
};
