// The message features that hang off a stored message: reactions (XEP-0444), replies
// (XEP-0461/0428) and displayed markers (XEP-0333). The one-to-one and room pipelines call in
// here at their marked hooks; the outgoing route passes its stanzas through `outgoing`.
import type { Message } from '@parley/contract';
import {
  isMarkable,
  parseOccupantId,
  type Element,
  type OutgoingMessage,
  type ParsedReply,
} from '@parley/xmpp';
import type { AccountScope } from './account-scope.js';
import { Markers } from './markers.js';
import type { MessageSource, WriteSink } from './message-pipeline.js';
import { Reactions } from './reactions.js';
import { Replies } from './replies.js';

export class MessageExtras {
  readonly reactions: Reactions;
  readonly replies: Replies;
  readonly markers: Markers;

  constructor(private readonly scope: AccountScope) {
    this.reactions = new Reactions(scope);
    this.replies = new Replies(scope);
    this.markers = new Markers(scope);
  }

  /** A stanza's own time for ordering sets: the archive's stamp, else now. */
  static timeOf(source: MessageSource): number {
    return source.kind === 'archive' ? (source.delay ?? Date.now()) : Date.now();
  }

  /**
   * One-to-one hook before the body is looked at. True when the stanza was a reaction (it is
   * then no chat message, whatever fallback body it has).
   */
  ingestChat(
    stanza: Element,
    ctx: { peer: string; kind: 'chat' | 'private'; outgoing: boolean; known: () => boolean },
    source: MessageSource,
    sink: WriteSink,
  ): boolean {
    const at = MessageExtras.timeOf(source);
    if (this.reactions.ingestChat(stanza, { ...ctx, at }, sink)) return true;
    this.markers.ingestChat(stanza, ctx, sink);
    return false;
  }

  /** Room hook for an occupant's stanza, before its body is looked at (as ingestChat). */
  ingestRoom(
    stanza: Element,
    ctx: { room: string; nick: string; ownNick: string; ownOccupantId?: string | null },
    source: MessageSource,
    sink: WriteSink,
  ): boolean {
    const occupantId = parseOccupantId(stanza);
    // Ours by occupant-id where the room stamps them, else by our nick while live.
    const ours =
      ctx.ownOccupantId && occupantId !== null
        ? occupantId === ctx.ownOccupantId
        : ctx.nick === ctx.ownNick && source.kind === 'live';
    const at = MessageExtras.timeOf(source);
    const reaction = { room: ctx.room, nick: ctx.nick, occupantId, ours, at };
    if (this.reactions.ingestRoom(stanza, reaction, sink)) return true;
    this.markers.ingestRoom(stanza, { room: ctx.room, ours }, sink);
    return false;
  }

  /**
   * Inside a write, right after a new message was stored: its wire id (1:1), what it answers,
   * reactions that came before it, and whether it may be marked displayed. Returns the message
   * as the event should show it.
   */
  stored(
    message: Message,
    stanza: Element,
    o: { wireId: string | null; reply: ParsedReply | null; room: boolean },
  ): Message {
    const ref = o.room ? message.stanzaId : (o.wireId ?? message.originId);
    this.reactions.adopt(message, [ref, message.originId, message.stanzaId]);
    if (isMarkable(stanza)) this.markers.noteMarkable(message, ref);
    return o.reply ? this.replies.record(message, o.reply) : message;
  }

  /** The id a one-to-one message goes by on the wire (what reactions and replies name). */
  wireIdOf(message: Message): string | null {
    if (message.direction === 'out') return message.originId ?? message.id;
    return this.scope.store.messageRefs.refOf(this.scope.accountId, message.id) ?? message.originId;
  }

  /** outgoing builder: replies, markers. A reply's elements; `<markable/>` on 1:1 messages. */
  outgoing(message: Message, outgoing: OutgoingMessage | null): OutgoingMessage | null {
    if (!outgoing) return null;
    return this.replies.decorateOutgoing(message, outgoing);
  }

  /** Messages as the renderer shows them: reactions, what they answer, "seen". */
  decorate(messages: Message[]): Message[] {
    if (messages.length === 0) return messages;
    return this.markers.decorate(this.replies.decorate(this.reactions.decorate(messages)));
  }
}
