// XEP-0461: the message this one answers, with the XEP-0428 fallback range that covers the
// quote at the start of the body (clients without replies show the quote, others cut it).
import { buildReplyElements } from '../../features/reply.js';
import type { OutgoingSection } from '../message.js';

declare module '../message.js' {
  interface OutgoingMessage {
    /**
     * What this message answers. The body already starts with the quote (`quoteLength` code
     * points of it) for clients without replies.
     */
    reply?: { id: string; to: string | null; quoteLength: number };
  }
}

export const replySection: OutgoingSection = {
  name: 'XEP-0461 reply',
  order: 15,
  build: (message) =>
    message.reply && message.body !== null
      ? buildReplyElements({
          id: message.reply.id,
          to: message.reply.to,
          quoteLength: message.reply.quoteLength,
        })
      : null,
};
