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

/**
 * One try at sending a stanza: on which server-side session (Session.epoch), after how many
 * lost sends on it, and whether the session has it yet (then the session acks or resends it).
 */
export interface SendAttempt {
  readonly epoch: number;
  readonly generation: number;
  handed: boolean;
}

export interface OutgoingPort {
  /** What a stored message is on the wire now; null holds it back (a room not joined yet). */
  route(message: Message): OutgoingMessage | null;
  /**
   * Queues a stanza in the account's order; `build` runs in its turn. Rejects with
   * OutgoingRefused when a transform refused it: then nothing was sent.
   */
  send(
    session: Session,
    build: () => OutgoingMessage | null,
    tracked: boolean,
    attempt?: SendAttempt,
  ): Promise<PortSent>;
  /** A new attempt on `session`, to pass to send() and keep while it is under way. */
  attempt(session: Session): SendAttempt;
  /** Whether an attempt still stands (else it is to be queued again; its own send goes stale). */
  covers(attempt: SendAttempt, session: Session): boolean;
}

/** The wire kind of a conversation's body-less notifications (reactions, markers). */
export function notificationKind(kind: 'chat' | 'room' | 'private'): 'chat' | 'groupchat' {
  // A private message's notifications go to room/nick as plain chat, as they always have.
  return kind === 'room' ? 'groupchat' : 'chat';
}
