// XEP-0333 displayed markers. We send `displayed` for the newest markable message of a
// conversation once the renderer marks it read (the user saw it): in a chat only to a contact
// who sees our presence (as receipts, XEP-0184 §8, so it leaks nothing to strangers), to a
// room occupant in a private chat, and in a room only when it is a private group chat
// (members-only, non-anonymous), as Conversations and Dino do: in a public channel it would
// tell everyone when we read. Our own markers from our other devices (carbons, archive)
// lower the unread count here; the peer's marker on our messages shows as "seen".
import type { ConversationKind, Message } from '@parley/contract';
import { newId, type Session } from '@parley/xmpp';
import type { AccountScope } from './account-scope.js';
import { notificationKind, type OutgoingPort } from './outgoing-port.js';
import type { IncomingFacts, MessageFeature, StoredFacts } from './message-feature.js';
import type { WriteSink } from './message-pipeline.js';

export class Markers implements MessageFeature {
  readonly name = 'XEP-0333 displayed markers';
  readonly order = 30;
  /** Where our markers are built and sent (see MessagePipeline.sendThrough). */
  port: OutgoingPort | null = null;
  constructor(private readonly scope: AccountScope) {}

  /**
   * Step 1 (consume): looks at a displayed marker and never takes the message. In a chat, the
   * peer's marker on our messages, or ours (carbon, archive) from another device; in a room
   * only ours counts (read state across our devices).
   */
  consume(msg: IncomingFacts, sink: WriteSink): boolean {
    const marker = msg.envelope.parts.markers.marker;
    const { sender, conversation } = msg;
    if (marker?.kind !== 'displayed') return false;
    if (sender.kind === 'direct') {
      sink(() => this.applyDisplayed(conversation.peer, 'chat', marker.id, sender.outgoing));
    } else if (sender.kind === 'occupant' && sender.ours) {
      sink(() => this.applyDisplayed(conversation.peer, 'room', marker.id, true));
    }
    return false;
  }

  /** Step 3 (stored): a new markable message is the one our next displayed marker names. */
  stored(msg: IncomingFacts, message: Message, facts: StoredFacts): Message {
    if (msg.envelope.parts.markers.markable) this.noteMarkable(message, facts.ref);
    return message;
  }

  private applyDisplayed(
    peer: string,
    kind: 'chat' | 'room',
    target: string,
    ours: boolean,
  ): (() => void) | undefined {
    const { store, accountId, bus } = this.scope;
    const id = store.messageRefs.resolve(accountId, peer, target, kind);
    const message = id ? store.messages.get(accountId, id) : null;
    if (!message) return undefined;
    if (ours) {
      // Read on another device of ours: read here too.
      if (message.direction !== 'in') return undefined;
      store.markers.setOwnDisplayed(accountId, peer, message.timestamp);
      if (!store.markers.readUpTo(accountId, peer, message.timestamp)) return undefined;
      const conversation = store.conversations.get(accountId, peer);
      return conversation ? () => bus.emit('conversation.changed', conversation) : undefined;
    }
    // The peer saw our message (and everything before it).
    if (message.direction !== 'out') return undefined;
    if (!store.markers.setPeerDisplayed(accountId, peer, message.timestamp)) return undefined;
    const updated = { ...message, displayed: true };
    return () => bus.emit('message.updated', updated);
  }

  /** Inside a write, after an incoming message was stored: the newest markable is remembered. */
  noteMarkable(message: Message, ref: string | null): void {
    if (!ref || message.direction !== 'in') return;
    this.scope.store.markers.noteMarkable(
      this.scope.accountId,
      message.peer,
      ref,
      message.timestamp,
    );
  }

  /**
   * The user has seen the conversation: a displayed marker for its newest markable message,
   * once, where markers are wanted (see the top of this file).
   */
  async markRead(
    session: Session | null,
    peer: string,
    kind: ConversationKind,
    privateRoom: (room: string) => boolean,
  ): Promise<void> {
    const { store, accountId } = this.scope;
    const state = store.markers.get(accountId, peer);
    if (state.markableRef === null || state.markableAt === null) return;
    if (state.ownDisplayedAt !== null && state.ownDisplayedAt >= state.markableAt) return;
    if (!session || !this.port || !this.wanted(peer, kind, privateRoom)) return;
    store.markers.setOwnDisplayed(accountId, peer, state.markableAt);
    // The user chose not to tell anyone when they read (settings: sendMarkers): noted as read
    // here only, so turning markers on later never reveals when older messages were read.
    if (!store.settings.get('sendMarkers', accountId)) return;
    const displayed = state.markableRef;
    const build = () => ({
      to: peer,
      kind: notificationKind(kind),
      id: newId(),
      body: null,
      displayed,
      archive: true,
    });
    await this.port.send(session, build, false).catch(() => {
      // Lost with the session: the next read after reconnecting names a newer message anyway.
      // Refused by a transform (it cannot be encrypted): dropped silently, as a marker is only
      // a courtesy and the next read sends a newer one.
    });
  }

  private wanted(peer: string, kind: ConversationKind, privateRoom: (room: string) => boolean) {
    if (kind === 'room') return privateRoom(peer);
    if (kind === 'private') return true;
    const contact = this.scope.store.contacts.get(this.scope.accountId, peer);
    return !!contact && (contact.subscription === 'from' || contact.subscription === 'both');
  }

  /** Our messages with whether the peer has seen them. */
  decorate(messages: Message[]): Message[] {
    const peer = messages[0]?.peer;
    if (!peer) return messages;
    const seenUpTo = this.scope.store.markers.get(this.scope.accountId, peer).peerDisplayedAt;
    return messages.map((m) =>
      m.direction === 'out' ? { ...m, displayed: seenUpTo !== null && m.timestamp <= seenUpTo } : m,
    );
  }
}
