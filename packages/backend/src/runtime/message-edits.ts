import type { Message } from '@parley/contract';
import type { Correction, Moderation, Retraction } from '@parley/xmpp';
import type { AccountScope } from './account-scope.js';
import { OccupantStays, mayEdit, type EditConversation, type EditSender } from './edit-trust.js';
import type {
  IncomingFacts,
  MessageDraft,
  MessageFeature,
  StoredFacts,
} from './message-feature.js';
import type { WriteSink } from './message-pipeline.js';
import { OrphanEdits, replayOrphan, type OrphanEdit } from './orphan-edits.js';
import { OutgoingEdits } from './outgoing-edits.js';
import type { WriteOp } from './write-batch.js';

export type { EditConversation, EditSender } from './edit-trust.js';

/** When and under which stanza id an edit was made (the id makes a repeat harmless). */
export interface EditStamp {
  id: string | null;
  at: number;
  /** Read from an archive page: it may come before its original (see OrphanEdits). */
  fromArchive: boolean;
}

/**
 * Corrections (XEP-0308), retractions (XEP-0424) and moderation (XEP-0425) of stored messages.
 * A registered message feature: the pipeline offers it every message (before anything of it is
 * stored); when one carries an edit, this service checks that its sender may change the target
 * (edit-trust.ts), then changes the stored message in the same write sink, and emits
 * `message.updated` after the commit. Anything it may not apply (someone else's message, a
 * message we do not have, a moderation not from the room) changes nothing, is logged once per
 * kind, and is not stored as a message either.
 *
 * A correction or retraction from an archive page that arrives before its original (scroll-back
 * reads the newest page first) waits for it in the store (OrphanEdits) and is applied, with every
 * check, right after the original is stored; live ones for a message we do not have are dropped.
 */
export class MessageEdits implements MessageFeature {
  readonly name = 'XEP-0308/0424/0425 message edits';
  /** First: an edit is never also a reaction, a marker or a new message. */
  readonly order = 10;
  private readonly stays = new OccupantStays();
  private readonly logged = new Set<string>();
  private readonly orphans: OrphanEdits;
  /** Our own corrections and retractions: stored, then sent (with the outbox). */
  readonly outgoing: OutgoingEdits;

  constructor(
    private readonly scope: AccountScope,
    /** When we (re)joined a room in this session: a new stay for every nick. */
    private readonly roomJoinedAt: (room: string) => number,
  ) {
    this.outgoing = new OutgoingEdits(scope);
    this.orphans = new OrphanEdits(scope);
  }

  /**
   * Step 1 (consume): a correction, retraction or moderation changes a stored message instead
   * of being one. Also remembers, in rooms without occupant ids, which live messages each nick
   * sent in its stay (who may correct them).
   */
  consume(msg: IncomingFacts, sink: WriteSink): boolean {
    const { parts } = msg.envelope;
    const { conversation, sender } = msg;
    const stamp = this.stampOf(msg);
    if (sender.kind === 'room') {
      // Only the room's own address announces a moderation.
      if (!parts.moderation) return false;
      this.applyModeration(parts.moderation, conversation, sender, stamp, sink);
      return true;
    }
    if (parts.retraction) {
      this.applyRetraction(parts.retraction, conversation, sender, stamp, sink);
      return true;
    }
    if (parts.correction) {
      this.applyCorrection(parts.correction, conversation, sender, stamp, sink);
      return true;
    }
    if (sender.kind !== 'occupant') return false;
    // A plain message: remember who sent it in this stay (rooms without occupant ids).
    if (sender.live && msg.envelope.id && parts.body !== null) {
      this.stays.note(
        conversation.peer,
        this.roomJoinedAt(conversation.peer),
        sender.nick,
        msg.envelope.id,
      );
    }
    // A moderation claimed by an occupant is no moderation: dropped, not shown as a message.
    if (parts.moderation) {
      this.ignore('a moderation not sent by the room itself');
      return true;
    }
    return false;
  }

  /**
   * Step 2 (prepare): the ids later edits are checked against, and an archive's tombstone,
   * which is stored as the retracted message it stands for.
   */
  prepare(msg: IncomingFacts, draft: MessageDraft): void {
    const { envelope, sender, conversation } = msg;
    draft.senderId = envelope.id;
    if (sender.kind === 'occupant') draft.occupantId = envelope.parts.occupantId;
    const tombstone = envelope.parts.tombstone;
    if (!tombstone) return;
    const at = tombstone.stamp ?? (msg.source.kind === 'archive' ? msg.source.delay : null);
    draft.retracted = {
      by: tombstone.moderated
        ? (tombstone.moderatedBy ?? conversation.peer)
        : this.authorOf(sender, conversation.peer),
      at: at ?? Date.now(),
      moderated: tombstone.moderated,
      reason: tombstone.reason,
    };
  }

  /** Step 3 (stored): a tombstone's row is retracted in the same write it is stored in. */
  stored(_msg: IncomingFacts, message: Message, facts: StoredFacts): Message {
    const retracted = facts.draft.retracted;
    if (!retracted) return message;
    const { store, accountId } = this.scope;
    store.messageEdits.retract(accountId, message.id, retracted);
    return store.messages.get(accountId, message.id) ?? message;
  }

  /**
   * Step 4 (committed): a message is stored; edits from an archive page that waited for it
   * are tried again, with every check, in a write of their own.
   */
  committed(msg: IncomingFacts): void {
    const { envelope, source } = msg;
    const ids = [
      envelope.id,
      envelope.parts.ids.originId,
      ...envelope.parts.ids.stanzaIds.map((s) => s.id),
      source.kind === 'archive' ? source.archiveId : null,
    ];
    const refs = this.orphans.waitingFor(msg.conversation.peer, ids);
    if (refs.length > 0) this.retry(msg.conversation.peer, refs);
  }

  /** Room presence: an occupant left or changed nick; its nick may be someone else's next. */
  occupantLeft(room: string, nick: string): void {
    this.stays.left(room, nick);
  }

  private stampOf(msg: IncomingFacts): EditStamp {
    const { source } = msg;
    const at = source.kind === 'archive' ? (source.delay ?? Date.now()) : Date.now();
    return { id: msg.envelope.id, at, fromArchive: source.kind === 'archive' };
  }

  /** Who retracted their own message: the occupant, our account, or the peer. */
  private authorOf(sender: EditSender, peer: string): string {
    if (sender.kind === 'occupant') return `${peer}/${sender.nick}`;
    return sender.kind === 'direct' && sender.outgoing ? this.scope.ownJid : peer;
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
    const { store, accountId } = this.scope;
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
      const by = this.authorOf(sender, conversation.peer);
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
