import { randomUUID } from 'node:crypto';
import type { Message } from '@parley/contract';
import type { OutgoingEdit } from '@parley/store';
import {
  RETRACTION_FALLBACK_BODY,
  correctionElement,
  retractionElements,
  type Element,
  type Session,
} from '@parley/xmpp';
import { HandlerError } from '../handler-types.js';
import type { AccountScope } from './account-scope.js';

/** What the outbox offers: its stanza routing (rooms wait for the join) and its resend moment. */
export interface OutboxLike {
  /** The stanza the outbox would send for a stored message (null: not now, e.g. a room not joined). */
  stanzaFor(message: Message): Element | null;
  flush(session: Session): void;
}

/**
 * Our own corrections and retractions, through the same path as messages: the change is stored
 * (and shown) first, the edit is kept in `outgoing_edits` until the server acknowledges it, and
 * whatever a cut or a restart left unsent goes again, with the same stanza id, whenever the outbox
 * flushes (a fresh session, a room joined). A message not sent yet while we are offline is
 * simply changed: nobody has seen it.
 */
export class OutgoingEdits {
  private readonly inFlight = new Set<string>();
  private outbox: OutboxLike | null = null;

  constructor(private readonly scope: AccountScope) {}

  /**
   * pipeline hook: message-edits. Our edits use the outbox's routing, and go again each time
   * the outbox flushes (until the lead moves this onto the outgoing builder).
   */
  followOutbox(outbox: OutboxLike): void {
    this.outbox = outbox;
    const flush = outbox.flush.bind(outbox);
    outbox.flush = (session) => {
      flush(session);
      this.flush(session);
    };
  }

  /** Our message, checked: it is ours, in this conversation, and not retracted. */
  private own(peer: string, messageId: string): Message {
    const message = this.scope.store.messages.get(this.scope.accountId, messageId);
    if (!message || message.peer !== peer) {
      throw new HandlerError('not-found', 'There is no such message in this conversation');
    }
    if (message.direction !== 'out') {
      throw new HandlerError('invalid-payload', 'Only your own messages can be changed');
    }
    if (message.retracted) {
      throw new HandlerError('invalid-payload', 'The message was deleted');
    }
    return message;
  }

  correct(peer: string, messageId: string, body: string, session: Session | null): Message {
    const { store, accountId, bus } = this.scope;
    if (body.trim() === '') throw new HandlerError('invalid-payload', 'The message is empty');
    const editId = randomUUID();
    const { updated, conversation, queued } = store.transaction(() => {
      const message = this.own(peer, messageId);
      if (message.body === body) return { updated: message, conversation: null, queued: false };
      const unseen = message.status === 'pending' && session?.state !== 'online';
      const edit = { body, at: Date.now(), editId: unseen ? null : editId };
      store.messageEdits.correct(accountId, message, edit);
      if (!unseen) {
        const row = { id: editId, messageId, kind: 'correct' as const, createdAt: Date.now() };
        store.messageEdits.queueOutgoing(accountId, row);
      }
      const previewChanged = store.messageEdits.updatePreview(message, body);
      return {
        updated: store.messages.get(accountId, messageId) ?? message,
        conversation: previewChanged ? store.conversations.get(accountId, peer) : null,
        queued: !unseen,
      };
    });
    bus.emit('message.updated', updated);
    if (conversation) bus.emit('conversation.changed', conversation);
    if (queued && session?.state === 'online') this.flush(session);
    return updated;
  }

  retract(peer: string, messageId: string, session: Session | null): Message {
    const { store, accountId, bus, ownJid } = this.scope;
    const editId = randomUUID();
    const { updated, conversation } = store.transaction(() => {
      const message = this.own(peer, messageId);
      const unseen = message.status === 'pending' && session?.state !== 'online';
      const write = { by: ownJid, at: Date.now(), moderated: false, reason: null };
      store.messageEdits.retract(accountId, message.id, write);
      // Never sent: it stays unsent (the outbox sends only pending messages).
      if (unseen) store.messages.updateStatus(accountId, message.id, 'failed');
      else {
        const row = { id: editId, messageId, kind: 'retract' as const, createdAt: Date.now() };
        store.messageEdits.queueOutgoing(accountId, row);
      }
      const previewChanged = store.messageEdits.updatePreview(message, '');
      return {
        updated: store.messages.get(accountId, messageId) ?? message,
        conversation: previewChanged ? store.conversations.get(accountId, peer) : null,
      };
    });
    bus.emit('message.updated', updated);
    if (conversation) bus.emit('conversation.changed', conversation);
    if (session?.state === 'online') this.flush(session);
    return updated;
  }

  /** Every edit the server has not acknowledged, oldest first. */
  flush(session: Session): void {
    for (const edit of this.scope.store.messageEdits.outgoing(this.scope.accountId)) {
      this.transmit(session, edit);
    }
  }

  private transmit(session: Session, edit: OutgoingEdit): void {
    const { store, accountId } = this.scope;
    if (this.inFlight.has(edit.id) || !this.outbox) return;
    const message = store.messages.get(accountId, edit.messageId);
    if (!message) {
      store.messageEdits.sentOutgoing(accountId, edit.id);
      return;
    }
    const stanza = this.build(edit, message);
    if (!stanza) return; // A room we are not in yet: it goes after the join.
    this.inFlight.add(edit.id);
    session
      .sendTracked(stanza)
      .then(() => store.messageEdits.sentOutgoing(accountId, edit.id))
      .catch(() => {
        // Lost with the session: it stays stored and goes with the next flush.
      })
      .finally(() => this.inFlight.delete(edit.id));
  }

  /**
   * outgoing builder: message-edits. The message's own stanza as the outbox would build it,
   * under the edit's id, plus the XEP-0308 or XEP-0424 elements.
   */
  private build(edit: OutgoingEdit, message: Message): Element | null {
    const ref = message.originId ?? message.id;
    const base: Message = { ...message, id: edit.id, originId: edit.id, attachment: null };
    if (edit.kind === 'correct') {
      const stanza = this.outbox?.stanzaFor(base) ?? null;
      stanza?.append(correctionElement(ref));
      return stanza;
    }
    const stanza = this.outbox?.stanzaFor({ ...base, body: RETRACTION_FALLBACK_BODY }) ?? null;
    if (!stanza) return null;
    // In a room the current form names the room's id for the message; :0 the origin-id.
    const inRoom = stanza.attrs.type === 'groupchat';
    const current = inRoom && message.stanzaId ? message.stanzaId : ref;
    for (const el of retractionElements(current, ref)) {
      if (el.name !== 'body' && el.name !== 'store') stanza.append(el);
    }
    return stanza;
  }
}
