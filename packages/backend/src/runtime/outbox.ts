import { randomUUID } from 'node:crypto';
import { sealFileBody } from './files/encrypted-files.js';
import type { Attachment, ConversationKind, Message } from '@parley/contract';
import {
  OutgoingRefused,
  OutgoingSequence,
  copyElement,
  createOutgoingPipeline,
  type Element,
  type OutgoingContext,
  type OutgoingMessage,
  type Session,
} from '@parley/xmpp';
import type { AccountScope } from './account-scope.js';
import type { MessagePipeline } from './message-pipeline.js';
import type { OutgoingPort, PortSent, SendAttempt } from './outgoing-port.js';
import { outgoingOf } from './rooms/route-outgoing.js';

/** The account's privacy choice: XEP-0085 chat states go out only while it is on. */
export function sendsChatStates(scope: AccountScope): boolean {
  return scope.store.settings.get('sendChatStates', scope.accountId);
}

/** What the account's settings decide for every outgoing stanza, read when it is built. */
export function outgoingContext(scope: AccountScope): OutgoingContext {
  return { sendChatStates: sendsChatStates(scope), account: scope.ownJid };
}

/**
 * Outgoing pipeline: persist as pending → build and transform (in the account's order) → send
 * → server ack (XEP-0198) → receipt (XEP-0184). The store is the outbox: whatever is still
 * pending after a lost session is built, transformed (encrypted anew) and sent again with the
 * same id and origin-id, so the peer and the archive can recognise a repeat.
 */
export class Outbox implements OutgoingPort {
  /**
   * Messages queued or handed to a session and not yet settled, by id, with their attempt and
   * the send awaiting its transforms and ack. One handed to the session is acked or resent by
   * the session itself (a resume) while its server-side session lives; one still waiting for
   * its turn is sent again, in order, once its attempt no longer covers it (see covers()).
   */
  private readonly inFlight = new Map<string, { attempt: SendAttempt; sending: Promise<void> }>();
  /**
   * Moves on whenever a tracked send is lost while its session lives on (the link dropped and
   * may resume): what was queued behind it and not handed over yet must not go before it, so
   * it goes stale too and the next flush sends it again, oldest first.
   */
  private generation = 0;
  /**
   * Messages wait in the store that are not in flight (written offline, or lost with a
   * session): a new message must not overtake them, or the peer sees them out of order.
   */
  private backlog = false;
  /**
   * The stanza each message first went out as (transformed: encrypted), by message id, until
   * the server acks it. A resend after a lost session sends it again as it was: encrypting anew
   * would spend a ratchet step per resend that the peer never decrypts (it drops the copy by its
   * origin-id first), and after many cuts its chain would have to skip more keys than a session
   * allows (1,000): every later message from us unreadable. Bounded; the oldest go first.
   */
  private readonly sealed = new Map<string, Element>();
  private static readonly maxSealed = 5_000;
  /**
   * Every stanza this account sends is built here: sections of the registered XEP modules,
   * then its transforms (the encryption seam), then the session.
   */
  readonly outgoing = createOutgoingPipeline();
  /**
   * The account's one ordered line from build to send: messages, their corrections and
   * retractions, reactions, markers and chat states leave in the order they were queued, even
   * while a transform is asynchronous.
   */
  readonly sequence = new OutgoingSequence();
  /**
   * What a stored message is on the wire; null holds it back (a room we are not in yet: it
   * goes when the room is joined). Default: a one-to-one chat message.
   */
  route: (message: Message) => OutgoingMessage | null = (message) => outgoingOf(message, 'chat');
  /** After each flush: what else waits to be sent again (our corrections and retractions). */
  afterFlush: (session: Session) => void = () => {};
  /**
   * A transform refused a stored message: it was not sent (never in plaintext instead) and is
   * to be shown failed with the reason (the runtime wires MessageErrors.refuse). By default it
   * is failed without one, so that it never waits as pending for a send that cannot happen.
   */
  onRefused: (message: Message, refusal: OutgoingRefused) => void = (message) =>
    this.pipeline.updateStatus(message, 'failed');

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

  /**
   * The stanza for a stored message as it would go out now (built, then transformed): an
   * Element while every transform is synchronous, else a promise of one.
   */
  stanzaFor(message: Message): Element | null | Promise<Element | null> {
    const outgoing = this.routed(message);
    return outgoing ? this.prepare(outgoing) : null;
  }

  /** Any outgoing message of this account (a chat state too) through the same builder. */
  prepare(outgoing: OutgoingMessage): Element | Promise<Element> {
    return this.outgoing.prepare(outgoing, outgoingContext(this.scope));
  }

  /**
   * Queues a stanza in the account's order: `build` runs in its turn (null holds it back), then
   * the transforms, then the session gets it. Resolves 'acked' (tracked) or 'sent' once the
   * session has taken it, 'held' when build gave nothing, 'stale' when its attempt no longer
   * stood at its turn (see covers(); nothing sent: whoever keeps it sends it again with the
   * next flush, behind what is older). Rejects with OutgoingRefused when a transform refused
   * (nothing sent), or with the session's error.
   */
  send(
    session: Session,
    build: () => OutgoingMessage | null,
    tracked: boolean,
    attempt: SendAttempt = this.attempt(session),
    /** A stored message's id: its first prepared stanza is kept and sent again as it was. */
    sealedAs?: string,
  ): Promise<PortSent> {
    const stale = () => !this.covers(attempt, session);
    // A tracked send lost while its server-side session lives: what waits behind it goes stale.
    const lost = () => {
      if (attempt.epoch === session.epoch && attempt.generation === this.generation) {
        this.generation++;
      }
    };
    return new Promise<PortSent>((resolve, reject) => {
      this.sequence.push(
        () => {
          if (stale()) return null;
          const kept = sealedAs === undefined ? undefined : this.sealed.get(sealedAs);
          if (kept) return copyElement(kept);
          const outgoing = build();
          return outgoing ? this.prepare(outgoing) : null;
        },
        (prepared) => {
          if (sealedAs !== undefined && prepared.kind === 'ready')
            this.seal(sealedAs, prepared.stanza);
          if (stale()) resolve('stale');
          else if (prepared.kind === 'held') resolve('held');
          else if (prepared.kind === 'refused') reject(prepared.refusal);
          else if (!tracked) session.send(prepared.stanza).then(() => resolve('sent'), reject);
          else if (session.state !== 'online') {
            // The link dropped while it was in its transforms: not sent; it and whatever is
            // queued behind it go again, in order, once the session is back.
            lost();
            resolve('stale');
          } else {
            attempt.handed = true;
            session.sendTracked(prepared.stanza).then(resolve, (error: unknown) => {
              lost();
              reject(error);
            });
          }
        },
      );
    });
  }

  /** Keeps the first stanza a message went out as (a copy: the session may add to its own). */
  private seal(id: string, stanza: Element): void {
    if (this.sealed.has(id)) return;
    this.sealed.set(id, copyElement(stanza));
    if (this.sealed.size > Outbox.maxSealed) {
      const oldest = this.sealed.keys().next().value;
      if (oldest !== undefined) this.sealed.delete(oldest);
    }
  }

  /** A new attempt to send on `session`, for send() and for whoever keeps track of it. */
  attempt(session: Session): SendAttempt {
    return { epoch: session.epoch, generation: this.generation, handed: false };
  }

  /**
   * Whether `attempt` still stands on `session` (nothing to queue again): handed over on this
   * server-side session (the session acks or resends it on a resume), or still waiting for its
   * turn with no send lost since it was queued.
   */
  covers(attempt: SendAttempt, session: Session): boolean {
    if (attempt.epoch !== session.epoch) return false;
    return attempt.handed || attempt.generation === this.generation;
  }

  private transmit(session: Session, message: Message): void {
    const earlier = this.inFlight.get(message.id);
    if (earlier && this.covers(earlier.attempt, session)) return;
    const attempt = this.attempt(session);
    // Sent on a session that is gone (its outcome may still be on its way): it goes again
    // now, in its place in the outbox's order, and that late outcome no longer counts.
    let sending: Promise<void> = Promise.resolve();
    const current = () => this.inFlight.get(message.id)?.sending === sending;
    sending = this.send(session, () => this.routed(message), true, attempt, message.id)
      .then((outcome) => {
        if (outcome === 'acked') {
          this.sealed.delete(message.id);
          return this.pipeline.updateStatus(message, outcome);
        }
        // Its attempt no longer stood when its turn came (see covers): the next flush sends it.
        if (outcome === 'stale' && current()) this.backlog = true;
        return undefined;
      })
      .catch((error: unknown) => {
        if (error instanceof OutgoingRefused) {
          this.sealed.delete(message.id);
          if (current()) this.onRefused(message, error);
          return;
        }
        // Lost with the session: it stays pending and goes again on the next fresh session,
        // before anything written after it.
        if (current()) this.backlog = true;
      })
      .finally(() => {
        if (current()) this.inFlight.delete(message.id);
      });
    this.inFlight.set(message.id, { attempt, sending });
  }

  /** What a stored message is on the wire, with the stored message it is (for transforms). */
  private routed(message: Message): OutgoingMessage | null {
    // XEP-0454 (files runtime): an encrypted file goes as its aesgcm:// URL, with no OOB/SFS.
    const { store, accountId } = this.scope;
    const outgoing = sealFileBody(store, accountId, message, this.route(message));
    return outgoing && { ...outgoing, about: { messageId: message.id, peer: message.peer } };
  }

  /**
   * Resolves once no send of this message awaits its transforms or its ack: a retry must not
   * start before the earlier attempt's ack is handled, or that ack would count for the retry.
   */
  async settled(id: string): Promise<void> {
    await this.inFlight.get(id)?.sending;
  }
}
