import type { Migration } from './types.js';

/*
 * Calls in the timeline (XEP-0353/Jingle): a message row with an empty body whose call_json
 * holds the contract's CallLog (media, outcome, duration). call_id is the Jingle session id,
 * unique per account, so a call seen live, as a carbon and again in the archive is one row.
 */
const SQL = `
ALTER TABLE messages ADD COLUMN call_json TEXT;
ALTER TABLE messages ADD COLUMN call_id TEXT;
CREATE UNIQUE INDEX messages_call_id ON messages(account_id, call_id) WHERE call_id IS NOT NULL;
`;

export const callLog: Migration = {
  version: 17,
  name: 'call-log',
  up(db) {
    db.exec(SQL);
  },
};
