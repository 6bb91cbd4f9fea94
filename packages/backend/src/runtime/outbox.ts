import { randomUUID } from 'node:crypto';
import type { Attachment, ConversationKind, Message } from '@parley/contract';
import { buildChatMessage, type Element, type Session } from '@parley/xmpp';
import type { AccountScope } from './account-scope.js';
import type { MessagePipeline } from './message-pipeline.js';

/** The account's privacy choice: XEP-0085 chat states go out only while it is on. */
export function sendsChatStates(scope: AccountScope): boolean {
  return scope.store.accounts.get(scope.accountId)?.sendChatStates ?? true;
}

/**
 * Outgoing pipeline: persist as pending → send → server ack (XEP-0198) → receipt (XEP-0184).
 * The store is the outbox: whatever is still pending after a lost session is sent again with
 * the same id and origin-id, so the peer and the archive can recognise a repeat.
 */
export class Outbox {
  private readonly inFlight = new Set<string>();
  /**
   * Messages wait in the store that are not in flight (written offline, or lost with a
   * session): a new message must not overtake them, or the peer sees them out of order.
   */
  private backlog = false;
  /**
   * Builds the stanza for a stored message; null holds it back (a room we are not in yet: it
   * goes when the room is joined). Default: a one-to-one chat message.
   */
  route: (message: Message) => Element | null = (message) =>
    buildChatMessage({
      to: message.peer,
      body: message.body,
      id: message.id,
      originId: message.originId ?? message.id,
      requestReceipt: true,
      chatState: sendsChatStates(this.scope) ? 'active' : null,
    });

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
  }

  private transmit(session: Session, message: Message): void {
    if (this.inFlight.has(message.id)) return;
    const stanza = this.route(message);
    if (!stanza) return;
    this.inFlight.add(message.id);
    session
      .sendTracked(stanza)
      .then((outcome) => this.pipeline.updateStatus(message, outcome))
      .catch(() => {
        // Lost with the session: it stays pending and goes again on the next fresh session,
        // before anything written after it.
        this.backlog = true;
      })
      .finally(() => this.inFlight.delete(message.id));
  }
}
