import type { Migration } from './types.js';

/*
 * XEP-0393 §6: a message whose sender sent `<unstyled/>` is shown as written. One flag per
 * message, 0 for every message stored before (they were shown styled).
 */
const SQL = `
ALTER TABLE messages ADD COLUMN unstyled INTEGER NOT NULL DEFAULT 0 CHECK (unstyled IN (0, 1));
`;

export const unstyledMessages: Migration = {
  version: 12,
  name: 'unstyled-messages',
  up(db) {
    db.exec(SQL);
  },
};
