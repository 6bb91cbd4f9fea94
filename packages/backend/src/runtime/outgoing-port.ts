// How message features send their own stanzas (corrections, retractions, reactions, displayed
// markers, chat states): through the account's outgoing builder and its one ordered line, so
// every XEP section and every transform (the encrypt seam) covers them as it covers messages,
// and none overtakes a message queued before it. The outbox is that port.
import type { Message } from '@parley/contract';
import type { OutgoingMessage, Session, TrackedOutcome } from '@parley/xmpp';

/**
 * How a queued stanza went: acked by the server (tracked), handed to the session (untracked),
 * held back (build gave nothing), or stale (its session was replaced first; nothing sent).
 */
export type PortSent = TrackedOutcome | 'sent' | 'held' | 'stale';

export interface OutgoingPort {
  /** What a stored message is on the wire now; null holds it back (a room not joined yet). */
  route(message: Message): OutgoingMessage | null;
  /**
   * Queues a stanza in the account's order; `build` runs in its turn. Rejects with
   * OutgoingRefused when a transform refused it: then nothing was sent.
   */
  send(session: Session, build: () => OutgoingMessage | null, tracked: boolean): Promise<PortSent>;
}

/** The wire kind of a conversation's body-less notifications (reactions, markers). */
export function notificationKind(kind: 'chat' | 'room' | 'private'): 'chat' | 'groupchat' {
  // A private message's notifications go to room/nick as plain chat, as they always have.
  return kind === 'room' ? 'groupchat' : 'chat';
}
