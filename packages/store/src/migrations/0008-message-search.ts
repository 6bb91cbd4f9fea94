import type { Migration } from './types.js';

/*
 * Full-text search over message bodies (SQLite FTS5, inside the encrypted file like the rest).
 *
 * External content: the index stores only tokens and points at messages.seq, so the bodies are
 * not kept twice. Triggers keep it in step with every write path (insert, a body changed by a
 * correction, a row deleted by a retraction or an account removal): a deleted or corrected
 * message can never be found by its old text, whoever changed the row.
 *
 * Tokenizer: unicode61 with remove_diacritics 2 (word search, case- and accent-insensitive in
 * every alphabetic script: "creme" finds "Crème", "ПРИВЕТ" finds "привет"; prefix queries for
 * search-as-you-type). trigram was measured as the alternative (substring search, also inside
 * CJK runs of three or more characters) but costs more on every insert and on disk; see
 * docs/benchmarks.md "Search" for the figures that decided it.
 *
 * prefix '2 3': an index of every word's first two and three letters, so a short prefix (the
 * user has typed "th") is one lookup instead of a merge of every word it starts (measured at
 * 10^6: "the"* took 256 ms without it). One-letter prefixes are not offered (search-query.ts).
 *
 * The version is the next free one in this branch: the settings migration (0007) lands beside
 * it, after which this one becomes version 8 (the runner refuses a list that is not contiguous,
 * so a wrong number cannot slip through a merge).
 */
const SQL = `
CREATE VIRTUAL TABLE messages_search USING fts5(
  body,
  content = 'messages',
  content_rowid = 'seq',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_search (rowid, body) VALUES (new.seq, new.body);
END;

CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_search (messages_search, rowid, body) VALUES ('delete', old.seq, old.body);
END;

CREATE TRIGGER messages_search_update AFTER UPDATE OF body ON messages BEGIN
  INSERT INTO messages_search (messages_search, rowid, body) VALUES ('delete', old.seq, old.body);
  INSERT INTO messages_search (rowid, body) VALUES (new.seq, new.body);
END;

INSERT INTO messages_search (messages_search) VALUES ('rebuild');
`;

export const messageSearch: Migration = {
  version: 7,
  name: 'message-search',
  up(db) {
    db.exec(SQL);
  },
};
