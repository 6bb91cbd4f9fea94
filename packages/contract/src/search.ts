import { z } from 'zod';
import { accountId, conversation, jidText, message } from './domain.js';

/** Where a search word was found in a body: UTF-16 offsets (JavaScript indices), end exclusive. */
export const highlightRange = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type HighlightRange = z.infer<typeof highlightRange>;

export const searchHit = z.object({
  message,
  /** The conversation the message belongs to (its name and kind), null if it was removed. */
  conversation: conversation.nullable(),
  ranges: z.array(highlightRange),
});
export type SearchHit = z.infer<typeof searchHit>;

/**
 * Full-text search. `text` is what the user typed: words, never query syntax (quotes, `*`, `-`,
 * NEAR are searched for as text). Every word must occur; the last may be the start of a word.
 */
export const searchRequest = z
  .object({
    text: z.string().min(1).max(1000),
    /** Only this account; null for all. */
    accountId: accountId.nullable().default(null),
    /** Only this conversation (needs `accountId`); null for all. */
    peer: jidText.nullable().default(null),
    /** The `next` of the previous page; null for the newest hits. */
    before: z.string().max(32).nullable().default(null),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .refine((r) => r.peer === null || r.accountId !== null, {
    message: 'a conversation is searched within its account: give accountId with peer',
    path: ['accountId'],
  });

export const searchPage = z.object({
  /** Newest stored first. */
  hits: z.array(searchHit),
  /** Cursor for older hits; null when there are none. */
  next: z.string().nullable(),
  /** Stored messages not searchable yet (a large history still being indexed); normally 0. */
  unindexed: z.number().int().nonnegative(),
});
export type SearchPage = z.infer<typeof searchPage>;
