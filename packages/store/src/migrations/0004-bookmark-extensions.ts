import type { Migration } from './types.js';

/*
 * What other clients keep inside a XEP-0402 bookmark (<extensions/>, as XML text), so that our
 * republishing a bookmark (autojoin on/off, a new nick) does not erase it.
 */
export const bookmarkExtensions: Migration = {
  version: 4,
  name: 'bookmark-extensions',
  up(db) {
    db.exec(`ALTER TABLE rooms ADD COLUMN bookmark_extensions TEXT;`);
  },
};
