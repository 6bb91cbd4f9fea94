import { randomUUID } from 'node:crypto';
import type { Message } from '@parley/contract';
import type { OutgoingEdit } from '@parley/store';
import {
  OutgoingRefused,
  RETRACTION_FALLBACK_BODY,
  type OutgoingMessage,
  type Session,
} from '@parley/xmpp';
import { textError } from '../handler-types.js';
import type { AccountScope } from './account-scope.js';
import type { OutgoingPort, SendAttempt } from './outgoing-port.js';

/**
 * Our own corrections and retractions, through the same path as messages: the change is stored
 * (and shown) first, the edit is kept in `outgoing_edits` until the server acknowledges it, and
 * whatever a cut or a restart left unsent goes again, with the same stanza id, whenever the outbox
 * flushes (a fresh session, a room joined). A message not sent yet while we are offline is
 * simply changed: nobody has seen it.
 */
export class OutgoingEdits {
  /**
   * Edits queued or awaiting their ack, with their attempt: one the port no longer covers (a
   * new session, a send lost before it was handed over) is sent again, the old one goes stale.
   */
  private readonly inFlight = new Map<string, SendAttempt>();
  private port: OutgoingPort | null = null;

  constructor(private readonly scope: AccountScope) {}

  /** Our edits are routed and built as messages are (see MessagePipeline.sendThrough). */
  sendThrough(port: OutgoingPort): void {
    this.port = port;
  }

  /** Our message, checked: it is ours, in this conversation, and not retracted. */
  private own(peer: string, messageId: string): Message {
    const message = this.scope.store.messages.get(this.scope.accountId, messageId);
    if (!message || message.peer !== peer) {
      throw textError('not-found', 'message.not-found');
    }
    if (message.direction !== 'out') {
      throw textError('invalid-payload', 'message.not-own');
    }
    if (message.retracted) {
      throw textError('invalid-payload', 'message.deleted');
    }
    return message;
  }

  correct(peer: string, messageId: string, body: string, session: Session | null): Message {
    const { store, accountId, bus } = this.scope;
    if (body.trim() === '') throw textError('invalid-payload', 'message.empty');
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
    const port = this.port;
    if (!port) return;
    const earlier = this.inFlight.get(edit.id);
    if (earlier && port.covers(earlier, session)) return;
    const message = store.messages.get(accountId, edit.messageId);
    if (!message) {
      store.messageEdits.sentOutgoing(accountId, edit.id);
      return;
    }
    const attempt = port.attempt(session);
    this.inFlight.set(edit.id, attempt);
    const current = () => this.inFlight.get(edit.id) === attempt;
    // A room we are not in yet holds it back ('held'): it goes after the join.
    port
      .send(session, () => this.build(port, edit, message), true, attempt)
      .then((outcome) => {
        if (outcome === 'acked') store.messageEdits.sentOutgoing(accountId, edit.id);
      })
      .catch((error: unknown) => {
        // Refused (never sent in the clear) or lost with the session: it stays stored and
        // goes with the next flush (a new session, a room joined, a retry).
        if (error instanceof OutgoingRefused) {
          console.warn(`[parley] an edit was not sent: ${error.reason}`);
        }
      })
      .finally(() => {
        if (current()) this.inFlight.delete(edit.id);
      });
  }

  /**
   * The message's own routing (a room waits for the join), under the edit's id, with the
   * XEP-0308 or XEP-0424 part for the outgoing builder's sections.
   */
  private build(port: OutgoingPort, edit: OutgoingEdit, message: Message): OutgoingMessage | null {
    const ref = message.originId ?? message.id;
    const base: Message = { ...message, id: edit.id, originId: edit.id, attachment: null };
    const routed = port.route(base);
    if (!routed) return null;
    const about = { messageId: message.id, peer: message.peer };
    if (edit.kind === 'correct') return { ...routed, about, replaces: ref };
    // In a room the current form names the room's id for the message; :0 the origin-id.
    const current = routed.kind === 'groupchat' && message.stanzaId ? message.stanzaId : ref;
    return {
      ...routed,
      about,
      body: RETRACTION_FALLBACK_BODY,
      retract: { id: current, legacyId: ref },
    };
  }
}
