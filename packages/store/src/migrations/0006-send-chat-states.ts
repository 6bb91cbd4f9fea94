import type { Migration } from './types.js';

/*
 * Whether the account sends XEP-0085 chat-state notifications (typing, and the <active/> on
 * outgoing messages): a per-account privacy choice that must survive a restart. Existing
 * accounts keep sending them, as they always did.
 */
export const sendChatStates: Migration = {
  version: 6,
  name: 'send-chat-states',
  up(db) {
    db.exec(
      `ALTER TABLE accounts ADD COLUMN send_chat_states INTEGER NOT NULL DEFAULT 1
         CHECK (send_chat_states IN (0, 1));`,
    );
  },
};
