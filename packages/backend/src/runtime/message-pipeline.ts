import type { Conversation, ConversationKind, Message } from '@parley/contract';
import { withEncryptedFile } from './files/encrypted-files.js';
import {
  buildReceipt,
  jid,
  sameBare,
  stanzaIdBy,
  trustedStamp,
  type Element,
  type IncomingMessage,
  type JID,
  type MessageEnvelope,
  type Session,
} from '@parley/xmpp';
import type { AccountScope } from './account-scope.js';
import type { Bounce } from './message-errors.js';
import { conversationTarget, type ConversationTarget } from './conversation-kind.js';
import { ChatStateRelay } from './chat-state-relay.js';
import { MessageEdits } from './message-edits.js';
import { StreamOrder, type ArchiveOrder } from './archive-order.js';
import { PRIORITY, type StanzaRouter } from './stanza-router.js';
import { WriteBatch, type WriteOp } from './write-batch.js';
import { IncomingTransforms } from './incoming-transforms.js';
import { OrderedIngress } from './ordered-ingress.js';
import { MessageExtras } from './message-extras.js';
import { MessageFeatures, type IncomingFacts } from './message-feature.js';
import { unstyledFeature } from './unstyled.js';
import type { OutgoingPort } from './outgoing-port.js';

/** Where a one-to-one message came from; each source trusts different things. */
export type MessageSource =
  | { kind: 'live' }
  | { kind: 'carbon'; direction: 'sent' | 'received' }
  | {
      kind: 'archive';
      archiveId: string;
      delay: number | null;
      /**
       * Scroll-back only: the timestamp of the oldest message already shown. Archive stamps have
       * one-second precision, so an older page can tie with what we hold; it is placed just
       * before it (by a few ms) so archive order and display order agree.
       */
      notAfter?: number;
      /**
       * Forward catch-up of our own archive only: keeps archive order in timestamps, and marks
       * messages first seen here as newly received (they get the receipt they asked for).
       */
      order?: ArchiveOrder;
    };

/** Receipts kept for resending after a lost session, per account (a stranger cannot grow it:
 * receipts go only to contacts who see our presence). */
const maxOwedReceipts = 5_000;

/** Where the writes of one ingested stanza go: a batch (live) or an archive page. */
export type WriteSink = (op: WriteOp) => void;

/**
 * Incoming one-to-one messages: envelope (unwrapped and parsed once) → dedupe → persist → event.
 * Writes go to a sink (the live batch, or an archive page's transaction); events and
 * receipts follow the commit, so nothing is shown or confirmed before it is stored.
 */
export class MessagePipeline {
  private readonly owedReceipts = new Set<Element>();
  private readonly streamOrder = new StreamOrder();
  /** Parsed once: JID parsing is a measurable part of each message at catch-up rates. */
  private readonly own: JID;
  readonly batch: WriteBatch;
  /**
   * The account's one queue for messages that need asynchronous work before they are stored
   * (decryption), and every message behind one; archive pages take their turn in it too.
   */
  readonly ingress: OrderedIngress;
  /** The asynchronous transforms (decryption) and their run: dedupe first, then once. */
  readonly transforms: IncomingTransforms;
  /** Typing notifications, coalesced per conversation (rooms use it too). */
  readonly chatStates: ChatStateRelay;
  /**
   * The conversation an address belongs to (conversation-kind.ts): its bare JID, except a room
   * occupant's full JID (a private message through a room). Set by the account runtime, which
   * knows the rooms.
   */
  conversationOf: (address: JID) => ConversationTarget = (address) =>
    conversationTarget(address, () => false);
  /**
   * Whether a room occupant (room/nick) is someone whose typing we show: set by the rooms,
   * which know who is present.
   */
  knowsOccupant: (peer: string) => boolean = () => false;
  /** A new live or carbon message with a file, after its commit (auto-download decides). */
  onAttachment: (message: Message) => void = () => {};
  /** Corrections, retractions and moderation (one service, a registered feature). */
  readonly edits: MessageEdits;
  /** A live error bounce from `peer`: what to announce once it is stored (message-errors.ts). */
  onBounce: (bounce: Bounce, peer: string) => (() => void) | undefined = () => undefined;
  /** Reactions, replies, markers (registered features; the handlers reach them here). */
  readonly extras: MessageExtras;
  /** Every message feature, in the order they see a message (rooms use them too). */
  readonly features = new MessageFeatures();
  /**
   * A live message or carbon with our archive's id was handled: the write (after its own) that
   * moves the archive cursor to it, if the stream allows (set by the history, see LiveCursor).
   */
  followArchive: (session: Session, archiveId: string) => WriteOp | undefined = () => undefined;
  /**
   * The archive order of the catch-up owed now (a fresh session's, or one a cut left
   * unfinished), or null when none is: live messages stored meanwhile are placed by it.
   */
  owedCatchUpOrder: () => ArchiveOrder | null = () => null;

  constructor(private readonly scope: AccountScope) {
    this.own = jid(scope.ownJid);
    this.chatStates = new ChatStateRelay(scope.accountId, scope.bus);
    this.edits = new MessageEdits(scope, (room) => this.roomJoinedAt(room));
    this.extras = new MessageExtras(scope);
    for (const feature of [
      this.edits,
      this.extras.reactions,
      this.extras.markers,
      this.extras.replies.feature,
      unstyledFeature,
    ]) {
      this.features.register(feature);
    }
    this.batch = new WriteBatch(scope.store, {
      beforeCommit: () => this.recordConversations(),
      afterCommit: () => this.emitConversations(),
      discard: () => this.discardConversations(),
    });
    this.ingress = new OrderedIngress(this.batch);
    this.transforms = new IncomingTransforms(scope, (address) => this.conversationOf(address));
  }

  /**
   * Our corrections, retractions, reactions and displayed markers are routed and built as our
   * messages are: the outbox's route, then the account's outgoing builder and its transforms.
   */
  sendThrough(port: OutgoingPort): void {
    this.edits.outgoing.sendThrough(port);
    this.extras.reactions.port = port;
    this.extras.markers.port = port;
  }

  /**
   * When we (re)joined a room in this session: every nick's stay starts again (edits trust a
   * nick only within its stay). Set by the rooms.
   */
  roomJoinedAt: (room: string) => number = () => 0;

  /** Per conversation, the newest message stored in the open transaction and the unseen count. */
  private readonly pendingConversations = new Map<
    string,
    { message: Message; unread: number; mentions: number; kind: ConversationKind }
  >();
  /** Conversations changed by the last commit: one event each, not one per message. */
  private readonly changedConversations = new Map<string, Conversation>();

  /**
   * Inside the transaction, after the messages: one conversation update per conversation
   * (preview, time, unread) instead of one per message.
   */
  recordConversations(): void {
    for (const [peer, { message, unread, mentions, kind }] of this.pendingConversations) {
      const options = { countUnread: unread > 0, unread, mentions, kind };
      this.changedConversations.set(
        peer,
        this.scope.store.conversations.recordMessage(message, options),
      );
    }
    this.pendingConversations.clear();
  }

  /** The transaction rolled back: nothing noted in it happened. */
  discardConversations(): void {
    this.pendingConversations.clear();
  }

  /** After the commit. */
  emitConversations(): void {
    for (const conversation of this.changedConversations.values()) {
      this.scope.bus.emit('conversation.changed', conversation);
    }
    this.changedConversations.clear();
  }

  /** Last in line for messages: whatever no room, history or bookmark handler took. */
  register(router: StanzaRouter): void {
    router.register({
      name: 'one-to-one',
      kind: 'message',
      priority: PRIORITY.oneToOne,
      handle: (session, message) => this.handleMessage(session, message),
    });
  }

  /** Returns true when the message was consumed as a one-to-one message (or rejected). */
  handleMessage(session: Session, message: IncomingMessage): boolean {
    if (message.rejected?.wrapper === 'carbon') return true; // Forged carbon (CVE-2017-5589): drop.
    const envelope = message.envelope;
    if (!envelope || envelope.origin.kind === 'archive') return false;
    const sink: WriteSink = (op) => this.batch.add(session, op);
    const origin = envelope.origin;
    const source: MessageSource =
      origin.kind === 'carbon' ? { kind: 'carbon', direction: origin.direction } : { kind: 'live' };
    const consumed = this.ingest(session, envelope, source, sink);
    if (!consumed && origin.kind !== 'carbon') return false;
    // Stored (or deliberately dropped) in this batch: the cursor may pass it in the same commit.
    const archiveId = stanzaIdBy(envelope.parts.ids, this.own);
    const moveCursor = archiveId === null ? undefined : this.followArchive(session, archiveId);
    if (moveCursor) sink(moveCursor);
    return true;
  }

  ingest(
    session: Session | null,
    envelope: MessageEnvelope,
    source: MessageSource,
    sink: WriteSink,
  ): boolean {
    // RFC 6121 §5.2.2: chat, normal (absent or unknown) and error bounces; groupchat and
    // headline are other handlers' business.
    if (envelope.type === 'groupchat' || envelope.type === 'headline') return false;
    // Claimed by a transform that never ran (not through the ingress): never store its fallback.
    if (envelope.awaiting) return true;
    const { parts } = envelope;
    const isError = envelope.type === 'error';
    // Sent by us (from another client of ours, via carbon or archive) or to us.
    const from = envelope.from;
    if (!from || !envelope.to) return false;
    const outgoing = sameBare(from, this.own);
    if (outgoing && source.kind === 'live') return true; // Only carbons may speak for us.
    const peerJid = outgoing ? envelope.to : from;
    if (!peerJid) return true;
    const { peer, kind } = this.conversationOf(peerJid);
    if (peer === this.scope.ownJid && !outgoing) return true; // Messages to ourselves: not a chat.
    const receiptFor = parts.receipt.receivedId;
    if (receiptFor) sink(() => this.markDelivered(receiptFor, peer));
    if (parts.chatState && source.kind === 'live' && !outgoing && this.knows(peer)) {
      this.chatStates.offer(peer, parts.chatState);
    }
    if (isError) {
      const bounce = {
        id: envelope.id,
        condition: parts.error?.condition ?? null,
        text: parts.error?.text ?? null,
      };
      if (source.kind === 'live' && !outgoing) sink(() => this.onBounce(bounce, peer));
      return true;
    }
    // The registered features (message-feature.ts): an edit or a reaction is no new message.
    const facts: IncomingFacts = {
      envelope,
      source,
      conversation: { peer, kind },
      sender: { kind: 'direct', outgoing, source: source.kind },
      known: () => outgoing || this.knows(peer),
      room: null,
    };
    if (this.features.consume(facts, sink)) return true;
    // A file shared without a body (XEP-0447 allows it): its URL stands in for the text.
    // XEP-0454 (files runtime): an aesgcm:// body is an encrypted file; its key leaves the text.
    const { text, attachment } = withEncryptedFile(parts.body?.text ?? null, parts.attachment);
    const draft = this.features.prepare(facts, text);
    if (draft === null) return true;

    const stanzaId = source.kind === 'archive' ? source.archiveId : stanzaIdBy(parts.ids, this.own);
    // The archive's own stamp for archive results; for live ones the receive time, unless our
    // server or our account sent the stanza and dated it. A `<delay from='our server'>` in
    // anyone else's stanza is only their claim (servers do not strip it), so an offline
    // message from a contact is dated on arrival; its archive copy keeps the real time.
    const senderIsOurs = this.isOwnServerOrAccount(from);
    // Offline storage: our server hands over a contact's message it kept while we were away,
    // dated <delay from='our server'>. That stamp is still only the contact's word (a sender can
    // write it too), so it is taken from people on our roster, never from strangers.
    const dated = (by: JID): boolean =>
      senderIsOurs
        ? this.isOwnServerOrAccount(by)
        : !by.local && !by.resource && by.domain === this.own.domain && this.isContact(peer);
    let timestamp =
      (source.kind === 'archive' ? source.delay : null) ??
      trustedStamp(parts.delay, dated).timestamp;
    if (source.kind === 'archive' && source.notAfter !== undefined) {
      timestamp = Math.min(timestamp, source.notAfter);
    }
    if (source.kind !== 'archive') timestamp = this.streamOrder.place(timestamp);
    const { store, accountId, bus } = this.scope;
    const order = source.kind === 'archive' ? source.order : undefined;
    // Missed live and fetched in a catch-up: as new to us as a live message.
    const caughtUp = order !== undefined;
    sink(() => {
      // Taken at write time: a catch-up may have started or ended since the stanza arrived.
      const owed = order || outgoing ? null : this.owedCatchUpOrder();
      const inserted = store.messages.insert({
        accountId,
        peer,
        direction: outgoing ? 'out' : 'in',
        body: draft.body,
        timestamp: order
          ? order.place(timestamp, outgoing ? undefined : peer)
          : owed
            ? owed.placeLive(peer, timestamp)
            : timestamp,
        status: outgoing ? 'acked' : 'received',
        originId: parts.ids.originId ?? (outgoing ? envelope.id : null),
        stanzaId,
        resource: from.resource || null,
        fromOtherDevice: outgoing,
        attachment,
        senderId: draft.senderId,
        unstyled: draft.unstyled,
        // What its decryption learned (OMEMO: version, device, trust, or why it failed).
        ...envelope.transformed,
      });
      if (inserted.inserted) {
        // What reactions, replies and markers name a one-to-one message by: its wire id.
        const ref = envelope.id ?? inserted.message.originId;
        inserted.message = this.features.stored(facts, inserted.message, { ref, draft });
      }
      if (owed && inserted.inserted) owed.storedLive(peer, inserted.message.timestamp, stanzaId);
      let stored = inserted.message;
      // Stored before (live, or by an earlier catch-up) under this very archive id, but the
      // archive has it after a message first stored now: it moves below that one. Not a row
      // matched by origin-id only: that is an earlier copy (a resend), already in its place.
      const sameCopy = !inserted.inserted && !outgoing && stored.stanzaId === stanzaId;
      const moveTo = order && sameCopy ? order.follow(peer, stored.timestamp) : null;
      const moved = moveTo !== null && store.messages.setTimestamp(accountId, stored.id, moveTo);
      if (moved) stored = { ...stored, timestamp: moveTo };
      order?.passed(
        stored.timestamp,
        outgoing ? undefined : { peer, inserted: inserted.inserted, archiveId: stanzaId ?? '' },
      );
      if (inserted.inserted) {
        // A tombstone is nothing new to read.
        const unseen = !outgoing && draft.retracted === null;
        this.noteForConversation(peer, inserted.message, unseen, { kind });
      }
      return () => {
        this.features.committed(facts, stored);
        if (inserted.inserted) bus.emit('message.added', inserted.message);
        if (moved) bus.emit('message.updated', stored);
        // Not for archive pages: history is fetched by click, not in bulk behind the user's back.
        if (inserted.inserted && attachment && source.kind !== 'archive') {
          this.onAttachment(inserted.message);
        }
        // The receipt says "stored": it goes only after the commit. A message first seen in a
        // catch-up gets one too, or its sender would never learn that it arrived.
        const fresh = source.kind === 'live' || (caughtUp && inserted.inserted);
        if (session && fresh && !outgoing && parts.receipt.requested && envelope.id) {
          this.sendReceipt(session, from, envelope.id, peer);
        }
      };
    });
    return true;
  }

  /** Our server's domain, or our own account (bare or one of our resources). */
  private isOwnServerOrAccount(by: JID): boolean {
    if (!by.local) return !by.resource && by.domain === this.own.domain;
    return sameBare(by, this.own);
  }

  /** On our roster (a bare JID; room/nick never is). */
  private isContact(peer: string): boolean {
    return this.scope.store.contacts.get(this.scope.accountId, peer) !== null;
  }

  /**
   * A contact, or someone we have a conversation with: their typing is shown. Anyone else's
   * would only cost events (a stranger's first message opens the conversation).
   */
  private knows(peer: string): boolean {
    const { store, accountId } = this.scope;
    return (
      this.knowsOccupant(peer) ||
      this.isContact(peer) ||
      store.conversations.get(accountId, peer) !== null
    );
  }

  /** Inside a write: a newly stored message, for the coalesced conversation update. */
  noteForConversation(
    peer: string,
    message: Message,
    unseen: boolean,
    { kind = 'chat', mention = false }: { kind?: ConversationKind; mention?: boolean } = {},
  ): void {
    const pending = this.pendingConversations.get(peer);
    const newest =
      !pending || message.timestamp >= pending.message.timestamp ? message : pending.message;
    this.pendingConversations.set(peer, {
      message: newest,
      unread: (pending?.unread ?? 0) + (unseen ? 1 : 0),
      mentions: (pending?.mentions ?? 0) + (unseen && mention ? 1 : 0),
      kind,
    });
  }

  private sendReceipt(session: Session, from: JID, id: string, peer: string): void {
    // XEP-0184 §8: only to entities allowed to see our presence, so receipts leak nothing.
    const contact = this.scope.store.contacts.get(this.scope.accountId, peer);
    if (!contact || (contact.subscription !== 'from' && contact.subscription !== 'both')) return;
    this.trackReceipt(session, buildReceipt(from, id));
  }

  /**
   * A receipt the server never confirmed (the session was lost with it) is owed: it goes again
   * on the next fresh session, or its sender would show the message as undelivered forever.
   */
  private trackReceipt(session: Session, receipt: Element): void {
    session.sendTracked(receipt).then(
      () => this.owedReceipts.delete(receipt),
      () => {
        if (this.owedReceipts.size < maxOwedReceipts) this.owedReceipts.add(receipt);
      },
    );
  }

  /** Once online again (fresh or resumed): the receipts lost with, or refused by, the old link. */
  resendReceipts(session: Session): void {
    const owed = [...this.owedReceipts];
    this.owedReceipts.clear();
    for (const receipt of owed) this.trackReceipt(session, receipt);
  }

  /** Inside a write: marks our message delivered; the event follows the commit. */
  private markDelivered(id: string, peer: string): (() => void) | undefined {
    const { store, accountId, bus } = this.scope;
    const message =
      store.messages.findByOriginId(accountId, id) ?? store.messages.get(accountId, id);
    // A receipt only counts from the peer the message went to.
    if (!message || message.peer !== peer || message.direction !== 'out') return undefined;
    if (!store.messages.updateStatus(accountId, message.id, 'delivered')) return undefined;
    const updated = store.messages.get(accountId, message.id);
    return updated ? () => bus.emit('message.updated', updated) : undefined;
  }

  updateStatus(message: Message, status: Message['status']): void {
    if (!this.scope.store.messages.updateStatus(this.scope.accountId, message.id, status)) return;
    const updated = this.scope.store.messages.get(this.scope.accountId, message.id);
    if (updated) this.scope.bus.emit('message.updated', updated);
  }
}
