// XEP-0444 reactions: incoming sets checked and stored, outgoing sets sent, and messages
// decorated with their reaction summary for the renderer. Trust rules:
// - 1:1: a set counts for the sender's bare JID only (ours only via carbon/archive, which the
//   pipeline has already verified), and only on a message of that very conversation.
// - rooms: a set counts for the occupant-id when the room gives one, else the nick, and only
//   on a message of that room (named by the room's stanza-id). Ours are recognised by the room.
// - A set replaces that reactor's previous one as a whole; an older one never replaces a newer.
// - A reaction to a message we do not have is kept aside (bounded per conversation) when it
//   comes from someone we know (a contact, an existing chat, a room we are in): the message may
//   be on an archive page not fetched yet. From a stranger it is dropped.
import type { Message, MessageReaction } from '@parley/contract';
import type { ReactionSet } from '@parley/store';
import {
  OutgoingRefused,
  keepsRestrictions,
  newId,
  validReaction,
  type ReactionRestrictions,
  type Session,
} from '@parley/xmpp';
import { HandlerError, textError } from '../handler-types.js';
import type { AccountScope } from './account-scope.js';
import { notificationKind, type OutgoingPort } from './outgoing-port.js';
import type { IncomingFacts, MessageFeature, StoredFacts } from './message-feature.js';
import type { MessageSource, WriteSink } from './message-pipeline.js';

/** Reactors per message: a hostile room cannot grow one message's reactions without end. */
export const MAX_REACTORS_PER_MESSAGE = 200;
/** Emoji one reactor may put on one message (beyond: the set is refused). */
export const MAX_EMOJIS_PER_REACTOR = 20;
/** Reactions kept aside per conversation for messages we do not have yet. */
export const MAX_PENDING_PER_CONVERSATION = 500;

/** A stanza's own time, for ordering sets: the archive's stamp, else now. */
export function timeOf(source: MessageSource): number {
  return source.kind === 'archive' ? (source.delay ?? Date.now()) : Date.now();
}

export class Reactions implements MessageFeature {
  readonly name = 'XEP-0444 reactions';
  readonly order = 20;
  /**
   * Whether any reaction waits for its message (null: not asked yet). Nearly always false, and
   * then a new message costs no lookups for early reactions (receive throughput).
   */
  private mayHavePending: boolean | null = null;
  /** Where our reaction sets are built and sent (see MessagePipeline.sendThrough). */
  port: OutgoingPort | null = null;

  constructor(private readonly scope: AccountScope) {}

  /**
   * Step 1 (consume): a reaction set is never a chat message, whatever fallback body it has.
   * The reactor: in a chat the peer's bare JID (or ours, from a carbon or archive copy); in a
   * room the occupant id where the room gives one, else the nick. Not from the room itself.
   */
  consume(msg: IncomingFacts, sink: WriteSink): boolean {
    const parsed = msg.envelope.parts.reactions;
    const { sender, conversation } = msg;
    if (!parsed || sender.kind === 'room') return false;
    if (parsed.emojis.length > MAX_EMOJIS_PER_REACTOR) return true;
    const at = timeOf(msg.source);
    if (sender.kind === 'direct') {
      const reactor = sender.outgoing ? this.scope.ownJid : conversation.peer;
      const set: ReactionSet = {
        reactor,
        display: reactor,
        emojis: parsed.emojis,
        mine: sender.outgoing,
        at,
      };
      const mayWait = () => sender.outgoing || msg.known();
      sink(() => this.apply(conversation.peer, 'chat', parsed.id, set, mayWait()));
      return true;
    }
    const reactor = sender.ours
      ? this.scope.ownJid
      : sender.occupantId !== null
        ? `occupant:${sender.occupantId}`
        : `nick:${sender.nick}`;
    const set: ReactionSet = {
      reactor,
      display: sender.nick,
      emojis: parsed.emojis,
      mine: sender.ours,
      at,
    };
    sink(() => this.apply(conversation.peer, 'room', parsed.id, set, true));
    return true;
  }

  /** Step 3 (stored): reactions that came before the message are applied to it. */
  stored(_msg: IncomingFacts, message: Message, facts: StoredFacts): Message {
    this.adopt(message, [facts.ref, message.originId, message.stanzaId]);
    return message;
  }

  /** Inside a write: stores the set (or keeps it aside); the event follows the commit. */
  private apply(
    peer: string,
    kind: 'chat' | 'room',
    target: string,
    set: ReactionSet,
    mayWait: boolean,
  ): (() => void) | undefined {
    const { store, accountId } = this.scope;
    const messageId = store.messageRefs.resolve(accountId, peer, target, kind);
    if (!messageId) {
      if (mayWait) {
        store.reactions.keepPending(accountId, peer, target, set, MAX_PENDING_PER_CONVERSATION);
        this.mayHavePending = true;
      }
      return undefined;
    }
    const outcome = store.reactions.set(accountId, messageId, set, MAX_REACTORS_PER_MESSAGE);
    return outcome === 'applied' ? this.updatedEvent(messageId) : undefined;
  }

  /**
   * Inside a write, after a message was stored: reactions that arrived before it are applied.
   * `refs` are the ids the wire may name it by.
   */
  adopt(message: Message, refs: readonly (string | null)[]): void {
    const { store, accountId } = this.scope;
    this.mayHavePending ??= store.reactions.pendingCount(accountId) > 0;
    if (!this.mayHavePending) return;
    for (const ref of new Set(refs)) {
      if (!ref) continue;
      for (const set of store.reactions.takePending(accountId, message.peer, ref)) {
        store.reactions.set(accountId, message.id, set, MAX_REACTORS_PER_MESSAGE);
      }
    }
  }

  private updatedEvent(messageId: string): (() => void) | undefined {
    const message = this.scope.store.messages.get(this.scope.accountId, messageId);
    if (!message) return undefined;
    const decorated = this.decorate([message])[0]!;
    return () => this.scope.bus.emit('message.updated', decorated);
  }

  /** Messages with their reaction summary (one entry per emoji, in first-use order). */
  decorate(messages: Message[]): Message[] {
    const { store, accountId } = this.scope;
    const sets = store.reactions.forMessages(
      accountId,
      messages.map((m) => m.id),
    );
    return messages.map((m) => ({ ...m, reactions: summarize(sets.get(m.id) ?? []) }));
  }

  /**
   * Our whole set on a message: stored at once (shown), then sent. 1:1: the message's id
   * (origin-id for ours); rooms: the room's stanza-id, which a message has once the room
   * reflected it.
   */
  async react(
    session: Session | null,
    o: {
      peer: string;
      kind: 'chat' | 'room' | 'private';
      messageId: string;
      emojis: string[];
      restrictions: ReactionRestrictions | null;
      wireId: string | null;
    },
  ): Promise<Message> {
    const { store, accountId } = this.scope;
    const emojis = [...new Set(o.emojis.map((e) => e.trim()))];
    if (!emojis.every(validReaction)) {
      throw textError('invalid-payload', 'reaction.one-emoji');
    }
    if (!keepsRestrictions(emojis, o.restrictions)) {
      throw textError('invalid-payload', 'reaction.not-allowed');
    }
    const message = store.messages.get(accountId, o.messageId);
    if (!message || message.peer !== o.peer) {
      throw textError('not-found', 'message.not-found');
    }
    const target = o.kind === 'room' ? message.stanzaId : o.wireId;
    if (!target) {
      throw new HandlerError(
        'failed',
        'This message cannot take reactions yet (no id from the room)',
      );
    }
    if (!session) throw new HandlerError('not-connected', 'The account is offline');
    const set: ReactionSet = {
      reactor: this.scope.ownJid,
      display: this.scope.ownJid,
      emojis,
      mine: true,
      at: Date.now(),
    };
    if (!this.port) throw textError('not-connected', 'account.not-ready');
    store.transaction(() => store.reactions.set(accountId, message.id, set, Infinity));
    const port = this.port;
    const build = () => ({
      to: o.peer,
      kind: notificationKind(o.kind),
      id: newId(),
      body: null,
      reactions: { id: target, emojis },
      archive: true,
    });
    const decorated = this.decorate([message])[0]!;
    this.scope.bus.emit('message.updated', decorated);
    const outcome = await port.send(session, build, false).catch((error: unknown) => {
      // Refused by a transform: not sent (never in the clear); the user is told why.
      if (error instanceof OutgoingRefused) throw new HandlerError('failed', error.reason);
      throw error;
    });
    // The link dropped while it waited behind earlier stanzas: not sent, as a send on a
    // dropped link fails.
    if (outcome === 'stale') throw textError('not-connected', 'connection.lost');
    return decorated;
  }
}

/** Per emoji: count, whether one is ours, who (in the order they reacted). */
export function summarize(sets: readonly ReactionSet[]): MessageReaction[] {
  const byEmoji = new Map<string, MessageReaction>();
  for (const set of sets) {
    for (const emoji of set.emojis) {
      const entry = byEmoji.get(emoji) ?? { emoji, count: 0, mine: false, by: [] };
      entry.count += 1;
      entry.mine ||= set.mine;
      if (entry.by.length < 50) entry.by.push(set.display);
      byEmoji.set(emoji, entry);
    }
  }
  return [...byEmoji.values()].slice(0, 200);
}
