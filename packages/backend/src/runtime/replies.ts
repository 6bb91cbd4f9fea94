// XEP-0461 replies: the reference and fallback quote of incoming replies (the quote is cut
// from what we store and show; its text is kept as a preview in case we lack the original),
// and the reply elements plus fallback quote of outgoing ones (clients without support still
// see what was answered). Only an id of the same conversation is ever resolved: a reply naming
// a message of another chat, a retracted or an unknown one shows its own quote, unlinked.
import type { Message } from '@parley/contract';
import type { ReplyRecord } from '@parley/store';
import { quoteForFallback, type OutgoingMessage, type ParsedReply } from '@parley/xmpp';
import { HandlerError } from '../handler-types.js';
import type { AccountScope } from './account-scope.js';
import type { IncomingFacts, MessageDraft, MessageFeature } from './message-feature.js';

/** Characters of the original shown above a reply. */
const PREVIEW_LENGTH = 200;

export class Replies {
  /** Incoming replies as a registered message feature. */
  readonly feature: MessageFeature = {
    name: 'XEP-0461 replies',
    order: 40,
    // The fallback quote is cut from what is stored and shown. A body that was nothing but the
    // quote keeps its text: an empty message shows nothing.
    prepare: (msg: IncomingFacts, draft: MessageDraft) => {
      const reply = msg.envelope.parts.reply;
      if (reply && reply.body.trim() !== '') draft.body = reply.body;
    },
    // What a new message answers is recorded with it.
    stored: (msg: IncomingFacts, message: Message) => {
      const reply = msg.envelope.parts.reply;
      return reply ? this.record(message, reply) : message;
    },
  };
  constructor(private readonly scope: AccountScope) {}

  /** Inside a write, after the reply was stored. */
  record(message: Message, reply: ParsedReply): Message {
    const record: ReplyRecord = {
      messageId: message.id,
      target: reply.id,
      author: reply.to,
      quote: reply.quote,
    };
    this.scope.store.replies.set(this.scope.accountId, record);
    return { ...message, replyTo: this.view(message, record) };
  }

  /**
   * Before an outgoing reply is stored: what it answers, checked to be a message of this very
   * conversation. The wire id is the room's stanza-id in a room, else the message's own id.
   */
  prepare(
    peer: string,
    kind: 'chat' | 'room' | 'private',
    replyTo: string,
    wireIdOf: (message: Message) => string | null,
  ): ReplyRecord & { original: Message } {
    const { store, accountId } = this.scope;
    const original = store.messages.get(accountId, replyTo);
    if (!original || original.peer !== peer) {
      throw new HandlerError('not-found', 'The message replied to is not in this conversation');
    }
    const target = kind === 'room' ? original.stanzaId : wireIdOf(original);
    if (!target) throw new HandlerError('failed', 'This message cannot be replied to yet');
    return {
      messageId: '',
      target,
      author: this.authorOf(original),
      quote: Array.from(original.body).slice(0, PREVIEW_LENGTH).join(''),
      original,
    };
  }

  /** Who wrote a message, as a reply names them: a JID (a room occupant: room/nick). */
  private authorOf(m: Message): string {
    if (m.direction === 'out') return this.scope.ownJid;
    const kind = this.scope.store.conversations.get(this.scope.accountId, m.peer)?.kind;
    return kind === 'room' && m.resource ? `${m.peer}/${m.resource}` : m.peer;
  }

  /**
   * A stored reply's outgoing message: the quote in front of the body (for clients without
   * replies) and the reference, which the reply section turns into `<reply>` and `<fallback>`.
   */
  decorateOutgoing(message: Message, outgoing: OutgoingMessage): OutgoingMessage {
    const record = this.scope.store.replies
      .forMessages(this.scope.accountId, [message.id])
      .get(message.id);
    if (!record || outgoing.body === null) return outgoing;
    const quote = record.quote ? quoteForFallback(record.quote) : '';
    return {
      ...outgoing,
      body: quote + outgoing.body,
      reply: { id: record.target, to: record.author, quoteLength: Array.from(quote).length },
    };
  }

  /** Messages with what they answer (the original's id when we have it, else its quote). */
  decorate(messages: Message[]): Message[] {
    const records = this.scope.store.replies.forMessages(
      this.scope.accountId,
      messages.map((m) => m.id),
    );
    return messages.map((m) => {
      const record = records.get(m.id);
      return record ? { ...m, replyTo: this.view(m, record) } : m;
    });
  }

  private view(message: Message, record: ReplyRecord): Message['replyTo'] {
    const { store, accountId } = this.scope;
    const kind =
      store.conversations.get(accountId, message.peer)?.kind === 'room' ? 'room' : 'chat';
    const id = store.messageRefs.resolve(accountId, message.peer, record.target, kind);
    const original = id ? store.messages.get(accountId, id) : null;
    const author = original
      ? original.direction === 'out'
        ? this.scope.ownJid
        : original.resource && kind === 'room'
          ? original.resource
          : original.peer
      : (record.author ?? '');
    const preview = original
      ? Array.from(original.body).slice(0, PREVIEW_LENGTH).join('')
      : (record.quote ?? '');
    return { id: original?.id ?? null, author, preview };
  }
}
