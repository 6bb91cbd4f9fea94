import { z } from 'zod';
import { accountId, jidText } from './ids.js';

/*
 * Blocking (XEP-0191) and spam reports (XEP-0377), issue 11. The server keeps the list; the
 * backend mirrors it per account (bounded) and drops anything from a blocked address that still
 * reaches us.
 */

/** Most addresses kept per account (the backend drops the rest of a longer server list). */
export const MAX_BLOCKED = 10_000;

/** Addresses blocked at once: a user selects a few, never thousands. */
const someJids = z.array(jidText).min(1).max(100);

/**
 * One account's blocklist as the server told it: addresses as blocked (bare JIDs, full JIDs or
 * whole domains). `supported`: the server has XEP-0191 (null until it answered after login);
 * `reporting`: it takes XEP-0377 reports (without, a report blocks only).
 */
export const blocklistState = z.object({
  accountId,
  jids: z.array(jidText).max(MAX_BLOCKED),
  /** Those of `jids` only this client enforces (blocked where the server has no XEP-0191). */
  local: z.array(jidText).max(MAX_BLOCKED).optional(),
  supported: z.boolean().nullable(),
  reporting: z.boolean(),
});
export type BlocklistState = z.infer<typeof blocklistState>;

export const reportReason = z.enum(['spam', 'abuse']);
export type ReportReason = z.infer<typeof reportReason>;

/** The blocking commands: spread into `commands`. */
export const blockingCommands = {
  /** The account's blocklist as last fetched (empty before the first login). */
  'blocking.list': { request: z.object({ accountId }), response: blocklistState },
  /** Blocks addresses (bare, full, or a domain: everyone there). */
  'blocking.block': {
    request: z.object({ accountId, jids: someJids }),
    response: blocklistState,
  },
  'blocking.unblock': {
    request: z.object({ accountId, jids: someJids }),
    response: blocklistState,
  },
  /**
   * Reports `jid` to our server and blocks it (XEP-0377 reports travel inside a block).
   * `messageIds`: our ids of its messages to name by their archive ids. `reported` is false
   * when the server takes no reports: then only the block was made.
   */
  'blocking.report': {
    request: z.object({
      accountId,
      jid: jidText,
      reason: reportReason.default('spam'),
      messageIds: z.array(z.string().min(1).max(64)).max(20).default([]),
      text: z.string().max(4096).default(''),
    }),
    response: z.object({ reported: z.boolean(), state: blocklistState }),
  },
} as const;

/** The blocking events: spread into `events`. */
export const blockingEvents = {
  /** The account's blocklist changed (our block, another of our clients', a fresh fetch). */
  'blocking.changed': blocklistState,
} as const;
