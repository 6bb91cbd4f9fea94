import type { Migration } from './types.js';

/*
 * Full-text search over message bodies (SQLite FTS5, inside the encrypted file like the rest).
 *
 * External content: the index stores only tokens and points at messages.seq, so the bodies are
 * not kept twice.
 *
 * Indexed soon after, not during, the insert: a new row only puts its seq in
 * messages_search_queue (a rowid insert, ~1 µs), and the queue is indexed in batches while the
 * app is quiet and before every search (MessageSearchRepository.indexPending). Tokenizing in
 * the insert trigger cost the receive path more than its throughput target allows (docs/
 * benchmarks.md "Search"). Correctness does not depend on timing: triggers keep the index in
 * step with every change of a row already indexed (a correction's new body, a retraction's or an
 * account removal's delete), so a deleted or corrected message can never be found by its old
 * text, and a row still queued is simply indexed as it then is (or dropped from the queue).
 *
 * Tokenizer: unicode61 with remove_diacritics 2 (word search, case- and accent-insensitive in
 * every alphabetic script: "creme" finds "Crème", "ПРИВЕТ" finds "привет"; prefix queries for
 * search-as-you-type). trigram was measured as the alternative (substring search, also inside
 * CJK runs of three or more characters) but is larger and slower to build and query; see
 * docs/benchmarks.md "Search".
 *
 * prefix '2 3': an index of every word's first two and three letters, so a short prefix (the
 * user has typed "th") is one lookup instead of a merge of every word it starts (measured at
 * 10^6: "the"* took 256 ms without it). One-letter prefixes are not offered (search-query.ts).
 *
 * Rows stored before this version are queued, not indexed here: the upgrade stays quick however
 * large the history, and the index fills in the background.
 */
const SQL = `
CREATE VIRTUAL TABLE messages_search USING fts5(
  body,
  content = 'messages',
  content_rowid = 'seq',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

-- Rows stored but not indexed yet.
CREATE TABLE messages_search_queue (seq INTEGER PRIMARY KEY) STRICT;

CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN
  INSERT OR IGNORE INTO messages_search_queue (seq) VALUES (new.seq);
END;

-- An indexed row leaves the index with the text it was indexed under; a queued one the queue.
CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_search (messages_search, rowid, body)
    SELECT 'delete', old.seq, old.body
    WHERE NOT EXISTS (SELECT 1 FROM messages_search_queue WHERE seq = old.seq);
  DELETE FROM messages_search_queue WHERE seq = old.seq;
END;

CREATE TRIGGER messages_search_update AFTER UPDATE OF body ON messages
WHEN NOT EXISTS (SELECT 1 FROM messages_search_queue WHERE seq = old.seq) BEGIN
  INSERT INTO messages_search (messages_search, rowid, body) VALUES ('delete', old.seq, old.body);
  INSERT INTO messages_search (rowid, body) VALUES (new.seq, new.body);
END;

INSERT INTO messages_search_queue (seq) SELECT seq FROM messages;
`;

export const messageSearch: Migration = {
  version: 8,
  name: 'message-search',
  up(db) {
    db.exec(SQL);
  },
};
