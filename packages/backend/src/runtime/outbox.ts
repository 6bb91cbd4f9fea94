import { randomUUID } from 'node:crypto';
import { sealFileBody } from './files/encrypted-files.js';
import type { Attachment, ConversationKind, Message } from '@parley/contract';
import {
  createOutgoingPipeline,
  type Element,
  type OutgoingContext,
  type OutgoingMessage,
  type Session,
} from '@parley/xmpp';
import type { AccountScope } from './account-scope.js';
import type { MessagePipeline } from './message-pipeline.js';
import { outgoingOf } from './rooms/route-outgoing.js';

/** The account's privacy choice: XEP-0085 chat states go out only while it is on. */
export function sendsChatStates(scope: AccountScope): boolean {
  return scope.store.settings.get('sendChatStates', scope.accountId);
}

/** What the account's settings decide for every outgoing stanza, read when it is built. */
export function outgoingContext(scope: AccountScope): OutgoingContext {
  return { sendChatStates: sendsChatStates(scope) };
}

/**
 * Outgoing pipeline: persist as pending → send → server ack (XEP-0198) → receipt (XEP-0184).
 * The store is the outbox: whatever is still pending after a lost session is sent again with
 * the same id and origin-id, so the peer and the archive can recognise a repeat.
 */
export class Outbox {
  /**
   * Messages handed to a session and not yet settled, by id, with the server-side session
   * (Session.epoch) they went out on and the send awaiting its ack. On that same session they
   * are acked or resent by the session itself (a resume); once a newer one exists they are sent
   * again, in order.
   */
  private readonly inFlight = new Map<string, { epoch: number; sending: Promise<void> }>();
  /**
   * Messages wait in the store that are not in flight (written offline, or lost with a
   * session): a new message must not overtake them, or the peer sees them out of order.
   */
  private backlog = false;
  /**
   * Every stanza this account sends is built here: sections of the registered XEP modules,
   * then its transforms (the encryption seam), then the session.
   */
  readonly outgoing = createOutgoingPipeline();
  /**
   * What a stored message is on the wire; null holds it back (a room we are not in yet: it
   * goes when the room is joined). Default: a one-to-one chat message.
   */
  route: (message: Message) => OutgoingMessage | null = (message) => outgoingOf(message, 'chat');
  /** After each flush: what else waits to be sent again (our corrections and retractions). */
  afterFlush: (session: Session) => void = () => {};

  constructor(
    private readonly scope: AccountScope,
    private readonly pipeline: MessagePipeline,
  ) {}

  /** Store first, then try to send; never throws for a network problem. */
  queue(
    peer: string,
    body: string,
    session: Session | null,
    kind: ConversationKind = 'chat',
    /** A shared file (the body is then its URL): the route sends it with its metadata. */
    attachment: Attachment | null = null,
    /** Inside the store transaction, right after the insert (a reply records what it answers). */
    onStored: (message: Message) => Message = (message) => message,
  ): Message {
    const { store, accountId, bus } = this.scope;
    // The local id doubles as XEP-0359 origin-id and stanza id, so a resend is recognisable.
    const id = randomUUID();
    const { message, conversation } = store.transaction(() => {
      const inserted = store.messages.insert({
        id,
        originId: id,
        accountId,
        peer,
        direction: 'out',
        body,
        timestamp: Date.now(),
        status: 'pending',
        attachment,
      });
      return {
        message: onStored(inserted.message),
        conversation: store.conversations.recordMessage(inserted.message, {
          countUnread: false,
          kind,
        }),
      };
    });
    bus.emit('message.added', message);
    bus.emit('conversation.changed', conversation);
    if (session?.state !== 'online') this.backlog = true;
    else if (this.backlog) this.flush(session);
    else this.transmit(session, message);
    return message;
  }

  /**
   * After a fresh (not resumed) session, or before a new message while older ones wait: send
   * everything the server never acknowledged, oldest first.
   */
  flush(session: Session): void {
    this.backlog = false;
    for (const message of this.scope.store.messages.outbox(this.scope.accountId)) {
      this.transmit(session, message);
    }
    this.afterFlush(session);
  }

  /** The stanza for a stored message as it would go out now (built, then transformed). */
  stanzaFor(message: Message): Element | null {
    // XEP-0454 (files runtime): an encrypted file goes as its aesgcm:// URL, with no OOB/SFS.
    const { store, accountId } = this.scope;
    const outgoing = sealFileBody(store, accountId, message, this.route(message));
    return outgoing ? this.prepare(outgoing) : null;
  }

  /** Any outgoing message of this account (a chat state too) through the same builder. */
  prepare(outgoing: OutgoingMessage): Element {
    return this.outgoing.prepare(outgoing, outgoingContext(this.scope));
  }

  private transmit(session: Session, message: Message): void {
    const epoch = session.epoch;
    const earlier = this.inFlight.get(message.id);
    if (earlier && earlier.epoch === epoch) return;
    const stanza = this.stanzaFor(message);
    if (!stanza) return;
    // Sent on a session that is gone (its outcome may still be on its way): it goes again
    // now, in its place in the outbox's order, and that late outcome no longer counts.
    let sending: Promise<void> = Promise.resolve();
    const current = () => this.inFlight.get(message.id)?.sending === sending;
    sending = session
      .sendTracked(stanza)
      .then((outcome) => this.pipeline.updateStatus(message, outcome))
      .catch(() => {
        // Lost with the session: it stays pending and goes again on the next fresh session,
        // before anything written after it.
        if (current()) this.backlog = true;
      })
      .finally(() => {
        if (current()) this.inFlight.delete(message.id);
      });
    this.inFlight.set(message.id, { epoch, sending });
  }

  /**
   * Resolves once no send of this message awaits its ack: a retry must not start before the
   * earlier attempt's ack is handled, or that ack would count for the retry.
   */
  async settled(id: string): Promise<void> {
    await this.inFlight.get(id)?.sending;
  }
}
