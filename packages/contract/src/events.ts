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
import { invitation, nick, occupant, room, roomNotice } from './rooms.js';
import { transfer } from './files.js';
import { settingEntry } from './settings.js';
import { omemoConversationState, omemoTrustEvents } from './omemo.js';
import { avatarEvents } from './avatars.js';
import { blockingEvents } from './blocking.js';
import { callEvents } from './calls.js';

/** Every event the backend pushes to the renderer: name → payload schema. */
export const events = {
  'account.changed': account,
  /** A preference changed (from this window or another). */
  'settings.changed': settingEntry,
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
  /** In a room, `nick` is the occupant typing; null in a one-to-one or private chat. */
  'chatState.changed': z.object({
    accountId,
    peer: jidText,
    state: chatState,
    nick: nick.nullable().default(null),
  }),
  'room.changed': room,
  'room.removed': z.object({ accountId, room: jidText }),
  /**
   * Occupant changes, batched (a join burst of thousands arrives as a few events).
   * reset: drop every occupant held for this room first (a fresh join).
   */
  'room.occupants': z.object({
    accountId,
    room: jidText,
    reset: z.boolean(),
    upserted: z.array(occupant),
    removed: z.array(nick),
  }),
  'room.notice': roomNotice,
  'invitation.received': invitation,
  'invitation.resolved': z.object({ accountId, room: jidText }),
  /** A transfer started, moved (at most every 100 ms), finished, failed or was cancelled. */
  'transfer.changed': transfer,
  /** The system opened an xmpp: link with Parley: fetch it with links.take. */
  'link.opened': z.object({}),
  'history.progress': z.object({
    accountId,
    /** Messages fetched from the archive so far in this catch-up. */
    fetched: z.number().int(),
    done: z.boolean(),
  }),
  /** A conversation's OMEMO lock changed (the user, or the default once decided). */
  'omemo.conversation.changed': omemoConversationState,
  ...omemoTrustEvents,
  ...avatarEvents,
  ...blockingEvents,
  ...callEvents,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<N extends EventName> = z.output<Events[N]>;
