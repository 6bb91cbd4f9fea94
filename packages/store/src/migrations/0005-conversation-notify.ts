import type { Migration } from './types.js';

/*
 * When to raise a desktop notification for a conversation (the user's per-chat choice, e.g. a
 * muted room). It must survive a restart; existing conversations read 'default'.
 */
export const conversationNotify: Migration = {
  version: 5,
  name: 'conversation-notify',
  up(db) {
    db.exec(
      `ALTER TABLE conversations ADD COLUMN notify TEXT NOT NULL DEFAULT 'default'
         CHECK (notify IN ('default', 'all', 'mentions', 'never'));`,
    );
  },
};
