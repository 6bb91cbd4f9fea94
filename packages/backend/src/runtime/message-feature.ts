// Message features (corrections, retractions, reactions, markers, replies, styling...) as modules
// registered on the incoming pipeline, as Gajim's message handlers are registered by priority:
// the one-to-one pipeline and the rooms iterate them instead of calling each feature by hand.
// Adding a message feature means: its envelope part (packages/xmpp/src/message), a service that
// implements MessageFeature and is registered in MessagePipeline, contract entries, a renderer
// piece. See docs/architecture.md.
import type { ConversationKind, Message } from '@parley/contract';
import type { MessageEnvelope } from '@parley/xmpp';
import type { EditSender } from './edit-trust.js';
import type { MessageSource, WriteSink } from './message-pipeline.js';
import type { RoomContext } from './rooms/room-messages.js';

/**
 * One incoming message as the features see it: parsed once (the envelope's parts), its sender
 * already checked by the pipeline (carbon and archive wrappers, the room it came from), and
 * never an error bounce (that carries our own stanza back).
 */
export interface IncomingFacts {
  readonly envelope: MessageEnvelope;
  readonly source: MessageSource;
  /** The conversation it belongs to: bare JID, room, or room/nick for a private message. */
  readonly conversation: { peer: string; kind: ConversationKind };
  /** Who sent it: the peer or our own account (direct), an occupant, or the room itself. */
  readonly sender: EditSender;
  /**
   * Whether the sender is someone we know (their reactions may wait for a message we lack).
   * A function: it costs store lookups and is asked only by what needs it.
   */
  readonly known: () => boolean;
  /** In a room: our nick, our occupant id, whether the join history is running. */
  readonly room: RoomContext | null;
}

/** What will be stored for a message no feature consumed; features fill in their fields. */
export interface MessageDraft {
  /** The text to store and show (a reply's fallback quote cut out). */
  body: string;
  /** The id the sender gave the stanza (corrections and 1:1 retractions name it). */
  senderId: string | null;
  /** A room sender's occupant id (XEP-0421): who may correct or retract it later. */
  occupantId: string | null;
  /** XEP-0393: shown as written, without styling. */
  unstyled: boolean;
  /** An archive's tombstone (XEP-0424/0425): stored retracted, never as an empty message. */
  retracted: { by: string; at: number; moderated: boolean; reason: string | null } | null;
}

/** A message just stored, inside its write. */
export interface StoredFacts {
  /** The id reactions, replies and markers name it by: the room's stanza-id, else its wire id. */
  readonly ref: string | null;
  readonly draft: MessageDraft;
}

/**
 * One feature's part in an incoming message. The steps run in this order, each over every
 * registered feature by `order` (ties: registration order):
 * 1. consume: the message is this feature's (a correction, retraction, moderation, reaction)
 *    and must not become a new message; the first that returns true ends it. A feature may
 *    also only look (a marker) and return false.
 * 2. prepare: a message to store (it has a body, a file or a tombstone): add to its draft.
 * 3. stored: inside the write, right after a NEW message was inserted; returns the message as
 *    its event shows it (what it answers, early reactions adopted).
 * 4. committed: after the commit, for a message stored now or already held (a repeat).
 * Writes go to the sink (the live batch or an archive page), so nothing a feature does is
 * shown before it is stored.
 */
export interface MessageFeature {
  /** For logs and tests, e.g. 'XEP-0444 reactions'. */
  readonly name: string;
  /** Lower first. */
  readonly order: number;
  consume?(msg: IncomingFacts, sink: WriteSink): boolean;
  prepare?(msg: IncomingFacts, draft: MessageDraft): void;
  stored?(msg: IncomingFacts, message: Message, facts: StoredFacts): Message;
  committed?(msg: IncomingFacts, message: Message): void;
  /** Room presence: an occupant left or changed nick (features that trust nicks forget it). */
  occupantLeft?(room: string, nick: string): void;
}

/** The registered features, in their stable order. */
export class MessageFeatures {
  private list: MessageFeature[] = [];

  /** Adds a feature; its place follows `order`, then registration. */
  register(feature: MessageFeature): void {
    if (this.list.some((f) => f.name === feature.name)) {
      throw new Error(`message feature ${feature.name} is already registered`);
    }
    const next = [...this.list, feature];
    // Array.prototype.sort is stable: equal orders keep registration order.
    this.list = next.sort((a, b) => a.order - b.order);
  }

  /** The features in the order they run. */
  get all(): readonly MessageFeature[] {
    return this.list;
  }

  /** Step 1: true when one feature took the message (it is then no new message). */
  consume(msg: IncomingFacts, sink: WriteSink): boolean {
    for (const feature of this.list) {
      if (feature.consume?.(msg, sink)) return true;
    }
    return false;
  }

  /** Step 2: the draft every feature has added to. */
  prepare(msg: IncomingFacts, body: string | null): MessageDraft | null {
    const draft: MessageDraft = {
      body: body ?? '',
      senderId: null,
      occupantId: null,
      unstyled: false,
      retracted: null,
    };
    for (const feature of this.list) feature.prepare?.(msg, draft);
    // Nothing to show: no body, no file, no tombstone.
    return body === null && draft.retracted === null ? null : draft;
  }

  /** Step 3, inside the write. */
  stored(msg: IncomingFacts, message: Message, facts: StoredFacts): Message {
    let shown = message;
    for (const feature of this.list) {
      if (feature.stored) shown = feature.stored(msg, shown, facts);
    }
    return shown;
  }

  /** Room presence, to every feature that asks for it. */
  occupantLeft(room: string, nick: string): void {
    for (const feature of this.list) feature.occupantLeft?.(room, nick);
  }

  /** Step 4, after the commit. */
  committed(msg: IncomingFacts, message: Message): void {
    for (const feature of this.list) feature.committed?.(msg, message);
  }
}
