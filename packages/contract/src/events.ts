import { z } from 'zod';
import {
  account,
  accountId,
  chatState,
  contact,
  conversation,
  jidText,
  message,
  subscriptionRequest,
} from './domain.js';

/** Every event the backend pushes to the renderer: name → payload schema. */
export const events = {
  'account.changed': account,
  'account.removed': z.object({ id: accountId }),
  'roster.changed': z.object({
    accountId,
    upserted: z.array(contact),
    removed: z.array(jidText),
  }),
  'subscription.requested': subscriptionRequest,
  'subscription.resolved': z.object({ accountId, jid: jidText }),
  'message.added': message,
  'message.updated': message,
  'conversation.changed': conversation,
  'chatState.changed': z.object({ accountId, peer: jidText, state: chatState }),
  'history.progress': z.object({
    accountId,
    /** Messages fetched from the archive so far in this catch-up. */
    fetched: z.number().int(),
    done: z.boolean(),
  }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<N extends EventName> = z.output<Events[N]>;
