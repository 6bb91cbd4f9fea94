// What an outgoing message is, before any XEP has put its elements in: one plain description
// that the builder turns into a stanza, section by section (as nbxmpp's message builder and
// Dino's send pipeline listeners do), so a new XEP adds a section instead of editing a switch.
import type { ChatState } from '@parley/contract';
import type { Element } from '../stanza.js';
import type { OutgoingSharedFile } from '../features/file-sharing.js';

/**
 * chat: a contact (bare or full JID); groupchat: a room (sent to its bare JID); private: an
 * occupant through the room (room@service/nick, XEP-0045 §7.5).
 */
export type OutgoingKind = 'chat' | 'groupchat' | 'private';

/** A file we uploaded, announced with its URL as the body (XEP-0066 and XEP-0447). */
export type OutgoingAttachment = OutgoingSharedFile;

/**
 * One outgoing message. Sections read the parts they know and ignore the rest. A feature that
 * needs a new part (a correction's replaced id, a reply, a reaction, a retraction, a displayed
 * marker) adds an optional field by augmenting this interface from its own section file
 * (`declare module '../message.js' { interface OutgoingMessage { correction?: ... } }`), so this
 * file does not grow with every XEP.
 */
export interface OutgoingMessage {
  to: string;
  kind: OutgoingKind;
  /** The stanza id; absent for standalone notifications (a chat state). */
  id?: string;
  /** XEP-0359 origin-id: our own id of the message, repeated on every resend. */
  originId?: string;
  /** Null for a message without text (a standalone chat state). */
  body: string | null;
  thread?: string;
  attachment?: OutgoingAttachment;
  /**
   * XEP-0085 state to say. Absent: a message with a body says 'active' (§5.4) where chat
   * states are sent. Null: none at all.
   */
  chatState?: ChatState | null;
  /**
   * A message without a body that must still reach the archive and our other devices (a
   * reaction, a displayed marker): it gets the XEP-0334 `<store/>` hint, not `<no-store/>`.
   */
  archive?: boolean;
  /**
   * The stored message this stanza is, or is about (a correction's or retraction's target), so a
   * transform can decide per message and per conversation (e.g. whether to encrypt). Absent on
   * notifications not tied to one stored message (a chat state).
   */
  about?: { messageId: string; peer: string };
}

/** What the account's settings decide for every message it sends. */
export interface OutgoingContext {
  /** The user lets this account send XEP-0085 chat states (typing, and <active/>). */
  sendChatStates: boolean;
  /** The account's own bare JID (whose keys and devices a transform uses). */
  account?: string;
}

/** The elements a section puts into the stanza: one, several, or none (null). */
export type SectionOutput = Element | readonly Element[] | null;

/** One XEP's contribution to outgoing messages. */
export interface OutgoingSection {
  /** For tests and errors, e.g. 'XEP-0184 receipt request'. */
  readonly name: string;
  /** Where its elements go in the stanza: lower first. Ties keep registration order. */
  readonly order: number;
  build(message: OutgoingMessage, ctx: OutgoingContext): SectionOutput;
}

/**
 * A change to the finished stanza before it is sent: the encryption seam (OMEMO replaces the
 * body and the sensitive parts with an encrypted element). Runs after every section, so it
 * sees everything that would otherwise go out in the clear. It may be asynchronous (sessions,
 * bundles, crypto); the account's outgoing stanzas still leave in the order they were queued.
 * It refuses by throwing OutgoingRefused (see refusal.ts): the stanza is then not sent at all.
 */
export type OutgoingTransform = (
  stanza: Element,
  message: OutgoingMessage,
  ctx: OutgoingContext,
) => Element | Promise<Element>;
