import { bareOf, isMentioned, stanzaIdBy, trustedStamp, type MessageEnvelope } from '@parley/xmpp';
import { withEncryptedFile } from '../files/encrypted-files.js';
import type { AccountScope } from '../account-scope.js';
import type { IncomingFacts } from '../message-feature.js';
import type { MessagePipeline, MessageSource, WriteSink } from '../message-pipeline.js';

/** The room facts a message needs: who we are in it. */
export interface RoomContext {
  room: string;
  ownNick: string;
  /**
   * Between our join and the room's subject (XEP-0045 §7.2.15-16): the room's discussion
   * history arrives, dated by the room. Only then is a `<delay>` from the room trusted; an
   * occupant's own `<delay>`, or one later on, is not (it would date the message as it likes
   * and hide it from unread counts and mentions).
   */
  joinHistory?: boolean;
  /** Our occupant id in the room (XEP-0421), when the room gives one: it tells what is ours. */
  ownOccupantId?: string | null;
}

/** What a groupchat stanza meant besides a stored message. */
export type GroupchatSideEffect =
  | { kind: 'subject'; subject: string; nick: string | null; delayed: boolean }
  | { kind: 'system'; body: string; statusCodes: number[] }
  | null;

/**
 * Room messages into the store (XEP-0045 §7.4): peer = the room's bare JID, resource = the
 * sender's nick. Dedupe is by the room's own stanza-id (XEP-0359 with by = the room), which
 * both the live message and its archive copy carry; our own messages are recognised by nick
 * *and* origin-id, so an occupant who copies our origin-id cannot erase or confirm anything.
 */
export class RoomMessages {
  constructor(
    private readonly scope: AccountScope,
    private readonly pipeline: MessagePipeline,
  ) {}

  ingestGroupchat(
    envelope: MessageEnvelope,
    ctx: RoomContext,
    source: MessageSource,
    sink: WriteSink,
  ): GroupchatSideEffect {
    // From room@service[/nick] only (XEP-0045 §7.4), and only the room this context is for.
    const from = envelope.from;
    if (envelope.type !== 'groupchat' || !from?.local) return null;
    if (bareOf(from) !== ctx.room) return null;
    // Claimed by a transform that never ran (not through the ingress): never store its fallback.
    if (envelope.awaiting) return null;
    const { parts } = envelope;
    const sender = from.resource || null;
    const delayed = parts.delay !== null;
    const occupantId = parts.occupantId;
    // History (the archive, the join history) is not live: a nick there may have been
    // someone else's. Ours by our occupant id where the room stamps them, else by our nick live.
    const live = source.kind === 'live' && !ctx.joinHistory;
    const ownSender =
      ctx.ownOccupantId && occupantId !== null
        ? occupantId === ctx.ownOccupantId
        : sender === ctx.ownNick && live;
    // The registered features (message-feature.ts): an edit, a moderation or a reaction is no
    // room message.
    const facts: IncomingFacts = {
      envelope,
      source,
      conversation: { peer: ctx.room, kind: 'room' },
      sender:
        sender === null
          ? { kind: 'room' }
          : { kind: 'occupant', nick: sender, occupantId, ours: ownSender, live },
      known: () => true,
      room: ctx,
    };
    if (this.pipeline.features.consume(facts, sink)) return null;
    if (parts.subject !== null && parts.body === null) {
      return { kind: 'subject', subject: parts.subject, nick: sender, delayed };
    }
    // A file shared without a body (XEP-0447 allows it): its URL stands in for the text.
    // XEP-0454 (files runtime): an aesgcm:// body is an encrypted file; its key leaves the text.
    const content = withEncryptedFile(parts.body?.text ?? null, parts.attachment);
    const attachment = content.attachment;
    const draft = this.pipeline.features.prepare(facts, content.text);
    if (draft === null) return null;
    const text = draft.body;
    // From the room itself: configuration changes and announcements, never an occupant's words.
    if (sender === null) {
      return source.kind === 'live'
        ? { kind: 'system', body: text, statusCodes: parts.mucStatusCodes }
        : null;
    }
    const nick = sender;
    const stanzaId = source.kind === 'archive' ? source.archiveId : stanzaIdBy(parts.ids, ctx.room);
    const dated = trustedStamp(
      parts.delay,
      (by) => !!ctx.joinHistory && !by.resource && bareOf(by) === ctx.room,
    );
    // The room archive's stamp for its results (never the occupant's inner one).
    let timestamp = source.kind === 'archive' ? (source.delay ?? dated.timestamp) : dated.timestamp;
    if (source.kind === 'archive' && source.notAfter !== undefined) {
      timestamp = Math.min(timestamp, source.notAfter);
    }
    // New to the user (unread, mentions) unless it is history: archive or the join history.
    const fresh = source.kind === 'live' && !dated.trusted;
    const ownId = parts.ids.originId ?? envelope.id;
    const { store, accountId, bus } = this.scope;
    const body = text;
    sink(() => {
      const ours = this.isOurs(ctx, nick, occupantId, fresh, ownId);
      const mention = !ours && isMentioned(text, ctx.ownNick);
      const inserted = store.messages.insert({
        accountId,
        peer: ctx.room,
        direction: ours ? 'out' : 'in',
        body,
        timestamp,
        status: ours ? 'delivered' : 'received',
        // Another occupant's origin-id is theirs to choose: it is no dedupe key for us. Ours
        // falls back on the stanza id (which we set equal to the origin-id): a room must
        // reflect the id (§7.4), not every room keeps the origin-id.
        originId: ours ? ownId : null,
        stanzaId,
        resource: nick,
        fromOtherDevice: false,
        attachment,
        senderId: draft.senderId,
        occupantId: draft.occupantId,
        unstyled: draft.unstyled,
        // What its decryption learned (OMEMO: version, device, trust, or why it failed).
        ...envelope.transformed,
      });
      if (inserted.inserted) {
        // What reactions, replies and markers name a room message by: the room's stanza-id.
        const stored = { ref: inserted.message.stanzaId, draft };
        inserted.message = this.pipeline.features.stored(facts, inserted.message, stored);
        this.pipeline.noteForConversation(ctx.room, inserted.message, !ours && fresh, {
          kind: 'room',
          mention,
        });
        return () => {
          this.pipeline.features.committed(facts, inserted.message);
          bus.emit('message.added', inserted.message);
        };
      }
      // The room's reflection of a message we sent: it reached the room.
      const existing = inserted.message;
      let updated: typeof existing | null = null;
      if (ours && existing.direction === 'out' && existing.status !== 'delivered') {
        if (store.messages.updateStatus(accountId, existing.id, 'delivered')) {
          updated = store.messages.get(accountId, existing.id);
        }
      }
      return () => {
        this.pipeline.features.committed(facts, existing);
        if (updated) bus.emit('message.updated', updated);
      };
    });
    return null;
  }

  /**
   * Whether we wrote a room message. Where the room stamps occupant ids (XEP-0421), by ours.
   * Otherwise by our nick, which is ours alone while we are in the room (a live message); an
   * archived or join-history message under our nick may be from an earlier holder of it, so it
   * is ours only if it carries the id of a message we sent to this room.
   */
  private isOurs(
    ctx: RoomContext,
    nick: string,
    occupantId: string | null,
    live: boolean,
    id: string | null,
  ): boolean {
    // A message without one (archived before the room stamped them) falls back as below.
    if (ctx.ownOccupantId && occupantId !== null) return occupantId === ctx.ownOccupantId;
    if (nick !== ctx.ownNick) return false;
    if (live) return true;
    if (id === null) return false;
    const sent = this.scope.store.messages.findByOriginId(this.scope.accountId, id);
    return sent?.peer === ctx.room && sent.direction === 'out';
  }
}
