import type { Message } from '@parley/contract';
import {
  NS_SID,
  childrenIn,
  parseCorrection,
  parseModeration,
  parseOccupantId,
  parseRetraction,
  type Correction,
  type Element,
  type Moderation,
  type Retraction,
} from '@parley/xmpp';
import type { AccountScope } from './account-scope.js';
import { OccupantStays, mayEdit, type EditConversation, type EditSender } from './edit-trust.js';
import type { MessageSource, WriteSink } from './message-pipeline.js';
import type { RoomContext } from './rooms/room-messages.js';
import { OrphanEdits, replayOrphan, type OrphanEdit } from './orphan-edits.js';
import { OutgoingEdits } from './outgoing-edits.js';
import type { WriteOp } from './write-batch.js';

export type { EditConversation, EditSender } from './edit-trust.js';

/** When and under which stanza id an edit was made (the id makes a repeat harmless). */
/** What a groupchat message is, as the rooms read it from its envelope. */
export interface GroupchatFacts {
  /** Null: from the room itself. */
  nick: string | null;
  /** The stanza's own id (what a correction in this room refers to). */
  id: string | null;
  hasBody: boolean;
}

export interface EditStamp {
  id: string | null;
  at: number;
  /** Read from an archive page: it may come before its original (see OrphanEdits). */
  fromArchive: boolean;
}

/**
 * Corrections (XEP-0308), retractions (XEP-0424) and moderation (XEP-0425) of stored messages.
 * The pipeline hands over a message that carries one (before anything of it is stored); this
 * service checks that its sender may change the target (edit-trust.ts), then changes the stored
 * message in the same write sink, and emits `message.updated` after the commit. Anything it may
 * not apply (someone else's message, a message we do not have, a moderation not from the room)
 * changes nothing, is logged once per kind, and is not stored as a message either.
 *
 * A correction or retraction from an archive page that arrives before its original (scroll-back
 * reads the newest page first) waits for it in the store (OrphanEdits) and is applied, with every
 * check, right after the original is stored; live ones for a message we do not have are dropped.
 */
export class MessageEdits {
  private readonly stays = new OccupantStays();
  private readonly logged = new Set<string>();
  private readonly orphans: OrphanEdits;
  /** Our own corrections and retractions: stored, then sent (with the outbox). */
  readonly outgoing: OutgoingEdits;
  /** When we (re)joined a room in this session: a new stay for every nick. Set by the rooms. */
  roomJoinedAt: (room: string) => number = () => 0;

  constructor(private readonly scope: AccountScope) {
    this.outgoing = new OutgoingEdits(scope);
    this.orphans = new OrphanEdits(scope);
  }

  /**
   * A one-to-one or private message (after the carbon and sender checks): true when it was a
   * correction or retraction, now handled; the caller then stores nothing of it.
   */
  offerDirect(
    stanza: Element,
    conversation: EditConversation,
    facts: { outgoing: boolean; source: MessageSource },
    sink: WriteSink,
  ): boolean {
    // A bounce carries our own stanza back (with its <replace/> or <retract/>): no edit.
    if (stanza.attrs.type === 'error') return false;
    const sender: EditSender = {
      kind: 'direct',
      outgoing: facts.outgoing,
      source: facts.source.kind,
    };
    if (this.offer(stanza, conversation, sender, this.stampOf(stanza, facts.source), sink)) {
      return true;
    }
    this.releaseOrphans(conversation.peer, stanza, facts.source, sink);
    return false;
  }

  /** A groupchat message of a room we are in (already checked to come from that room). */
  offerGroupchat(
    stanza: Element,
    parsed: GroupchatFacts,
    ctx: RoomContext,
    source: MessageSource,
    sink: WriteSink,
  ): boolean {
    const conversation: EditConversation = { peer: ctx.room, kind: 'room' };
    const stamp = this.stampOf(stanza, source);
    if (parsed.nick === null) {
      const moderation = parseModeration(stanza);
      if (!moderation) return false;
      this.applyModeration(moderation, conversation, { kind: 'room' }, stamp, sink);
      return true;
    }
    const occupantId = parseOccupantId(stanza);
    const live = source.kind === 'live' && !ctx.joinHistory;
    const ours =
      ctx.ownOccupantId && occupantId !== null
        ? occupantId === ctx.ownOccupantId
        : parsed.nick === ctx.ownNick && live;
    const sender: EditSender = { kind: 'occupant', nick: parsed.nick, occupantId, ours, live };
    if (this.offer(stanza, conversation, sender, stamp, sink)) return true;
    this.releaseOrphans(ctx.room, stanza, source, sink);
    // A plain message: remember who sent it in this stay (rooms without occupant ids).
    if (live && parsed.id && parsed.hasBody) {
      this.stays.note(ctx.room, this.roomJoinedAt(ctx.room), parsed.nick, parsed.id);
    }
    // A moderation claimed by an occupant is no moderation: dropped, not shown as a message.
    if (parseModeration(stanza)) {
      this.ignore('a moderation not sent by the room itself');
      return true;
    }
    return false;
  }

  /** Room presence: an occupant left or changed nick. */
  occupantLeft(room: string, nick: string): void {
    this.stays.left(room, nick);
  }

  private offer(
    stanza: Element,
    conversation: EditConversation,
    sender: EditSender,
    stamp: EditStamp,
    sink: WriteSink,
  ): boolean {
    const retraction = parseRetraction(stanza);
    if (retraction) {
      this.applyRetraction(retraction, conversation, sender, stamp, sink);
      return true;
    }
    const correction = parseCorrection(stanza);
    if (correction) {
      this.applyCorrection(correction, conversation, sender, stamp, sink);
      return true;
    }
    return false;
  }

  private stampOf(stanza: Element, source: MessageSource): EditStamp {
    const id = typeof stanza.attrs.id === 'string' && stanza.attrs.id ? stanza.attrs.id : null;
    const at = source.kind === 'archive' ? (source.delay ?? Date.now()) : Date.now();
    return { id, at, fromArchive: source.kind === 'archive' };
  }

  /**
   * A plain message: edits that waited for it are tried again after its commit (the op's
   * after-commit callback runs once the message is stored), in a write of their own.
   */
  private releaseOrphans(peer: string, stanza: Element, source: MessageSource, sink: WriteSink) {
    const ids = [
      typeof stanza.attrs.id === 'string' ? stanza.attrs.id : null,
      ...childrenIn(stanza, 'origin-id', NS_SID)
        .slice(0, 2)
        .map((el) => String(el.attrs.id ?? '')),
      ...childrenIn(stanza, 'stanza-id', NS_SID)
        .slice(0, 8)
        .map((el) => String(el.attrs.id ?? '')),
      source.kind === 'archive' ? source.archiveId : null,
    ];
    const refs = this.orphans.waitingFor(peer, ids);
    if (refs.length > 0) sink(() => () => this.retry(peer, refs));
  }

  private retry(peer: string, refs: string[]): void {
    try {
      const after = this.scope.store.transaction(() => {
        const ops: WriteOp[] = [];
        for (const edit of this.orphans.take(peer, refs)) {
          replayOrphan(this, edit, (op) => ops.push(op));
        }
        return ops.map((op) => op());
      });
      for (const done of after) done?.();
    } catch (error) {
      console.warn(`[parley] an edit that waited for its message failed: ${String(error)}`);
    }
  }

  /** Inside a write: nothing to apply it to yet. From an archive page it waits for it. */
  private orphan(what: string, ref: string, edit: OrphanEdit) {
    if (!edit.stamp.fromArchive) return this.ignore(`${what} of a message we do not have`);
    this.orphans.keep(edit.conversation.peer, ref, edit);
    return undefined;
  }

  applyCorrection(
    part: Correction,
    conversation: EditConversation,
    sender: EditSender,
    stamp: EditStamp,
    sink: WriteSink,
  ): void {
    const { store, accountId } = this.scope;
    sink(() => {
      const candidates = store.messageEdits.candidates(accountId, conversation.peer, part.replaces);
      if (candidates.length === 0) {
        const edit = { kind: 'correct', part, conversation, sender, stamp } as const;
        return this.orphan('a correction', part.replaces, edit);
      }
      const target = candidates.find((t) => this.allowed(t, sender, conversation));
      if (!target) return this.ignore('a correction from someone other than the sender');
      const before = target.message;
      const edit = { body: part.body, at: stamp.at, editId: stamp.id };
      if (!store.messageEdits.correct(accountId, before, edit)) return undefined;
      return this.changed(before, part.body);
    });
  }

  applyRetraction(
    part: Retraction,
    conversation: EditConversation,
    sender: EditSender,
    stamp: EditStamp,
    sink: WriteSink,
  ): void {
    const { store, accountId, ownJid } = this.scope;
    sink(() => {
      // In a room the current form names the room's stanza-id; the older one the origin-id.
      const byStanzaId = conversation.kind === 'room';
      const candidates = store.messageEdits.candidates(accountId, conversation.peer, part.target, {
        byStanzaId,
      });
      if (candidates.length === 0) {
        const edit = { kind: 'retract', part, conversation, sender, stamp } as const;
        return this.orphan('a retraction', part.target, edit);
      }
      const target = candidates.find((t) => this.allowed(t, sender, conversation));
      if (!target) return this.ignore('a retraction from someone other than the sender');
      const by =
        sender.kind === 'occupant'
          ? `${conversation.peer}/${sender.nick}`
          : sender.kind === 'direct' && sender.outgoing
            ? ownJid
            : conversation.peer;
      const before = target.message;
      const write = { by, at: stamp.at, moderated: false, reason: null };
      if (!store.messageEdits.retract(accountId, before.id, write)) return undefined;
      return this.changed(before, '');
    });
  }

  applyModeration(
    part: Moderation,
    conversation: EditConversation,
    sender: EditSender,
    stamp: EditStamp,
    sink: WriteSink,
  ): void {
    const { store, accountId } = this.scope;
    if (sender.kind !== 'room' || conversation.kind !== 'room') {
      this.ignore('a moderation not sent by the room itself');
      return;
    }
    sink(() => {
      // Only the room's own id names a message for a moderation.
      const target = store.messageEdits
        .candidates(accountId, conversation.peer, part.target, { byStanzaId: true })
        .find((t) => t.message.stanzaId === part.target);
      if (!target) {
        const edit = { kind: 'moderate', part, conversation, sender, stamp } as const;
        return this.orphan('a moderation', part.target, edit);
      }
      const before = target.message;
      const write = {
        by: part.by ?? conversation.peer,
        at: stamp.at,
        moderated: true,
        reason: part.reason,
      };
      if (!store.messageEdits.retract(accountId, before.id, write)) return undefined;
      return this.changed(before, '');
    });
  }

  private allowed(
    target: Parameters<typeof mayEdit>[0],
    sender: EditSender,
    conversation: EditConversation,
  ): boolean {
    const epoch = this.roomJoinedAt(conversation.peer);
    return mayEdit(target, sender, {
      saw: (nick, id) => this.stays.saw(conversation.peer, epoch, nick, id),
    });
  }

  /** Inside the write: the preview follows; the events go after the commit. */
  private changed(before: Message, body: string): () => void {
    const { store, accountId, bus } = this.scope;
    const previewChanged = store.messageEdits.updatePreview(before, body);
    const updated = store.messages.get(accountId, before.id);
    const conversation = previewChanged ? store.conversations.get(accountId, before.peer) : null;
    return () => {
      if (updated) bus.emit('message.updated', updated);
      if (conversation) bus.emit('conversation.changed', conversation);
    };
  }

  private ignore(what: string): undefined {
    if (!this.logged.has(what)) {
      this.logged.add(what);
      console.warn(`[parley] ignored ${what} (further ones are ignored silently)`);
    }
    return undefined;
  }
}
