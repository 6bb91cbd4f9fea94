// The incoming message envelope: what one message stanza says once its wrapper (carbon, archive
// result) is taken off, addressed and parsed once. Each XEP module contributes one field of
// `parts` (see parts.ts); handlers read those instead of parsing the stanza again.
import type { Element, JID } from '../stanza.js';
import type { CarbonDirection } from '../features/carbons.js';
import type { MessageParts } from './parts.js';
import type { AsyncIncomingTransform, TransformFacts } from './transforms.js';

/** RFC 6121 §5.2.2; an absent or unknown type is 'normal'. */
export type MessageType = 'chat' | 'normal' | 'groupchat' | 'headline' | 'error';

/** How the message reached us: each origin trusts different things (see the backend). */
export type MessageOrigin =
  | { kind: 'live' }
  /** XEP-0280: a copy of a message one of our other clients sent or received. */
  | { kind: 'carbon'; direction: CarbonDirection }
  /** XEP-0313: a result of our query `queryId`; `delay` is the archive's own stamp (UTC ms). */
  | { kind: 'archive'; queryId: string; archiveId: string; delay: number | null };

/** The addressing of a message, known before any content part is parsed. */
export interface EnvelopeHead {
  /** The stanza as it arrived (the wrapper for carbons and archive results). */
  readonly received: Element;
  readonly origin: MessageOrigin;
  /**
   * The message the content parts are read from: the stanza itself, or the one a carbon or
   * archive result forwards; an incoming transform (decryption) may replace it.
   */
  readonly content: Element;
  readonly type: MessageType;
  /**
   * The sender. An absent `from` means our own account (RFC 6120 §8.1.2.1): our bare JID.
   * Null when the attribute is not a valid JID: such a message is no one's and is dropped.
   */
  readonly from: JID | null;
  /** The addressee; absent means our own account (the JID we are bound as). Null when invalid. */
  readonly to: JID | null;
  /** The stanza id (at most MAX_ID_LENGTH). */
  readonly id: string | null;
}

export interface MessageEnvelope extends EnvelopeHead {
  readonly parts: MessageParts;
  /**
   * Set when an asynchronous transform (decryption) claimed the message: `parts` are then those
   * of the content as it arrived (its ids, for dedupe), not of the message, which exists only
   * once the transform has run (finishEnvelope). Such an envelope is never stored as it is.
   */
  readonly awaiting?: AsyncIncomingTransform;
  /** What the transform that opened the message learned (stored with it). */
  readonly transformed?: TransformFacts;
}

/**
 * A wrapper that must not be opened (then no envelope exists; drop the stanza):
 * - carbon forged (not from our bare JID, CVE-2017-5589), nested or malformed (carbons.ts);
 * - archive result foreign (not from the queried archive), nested or malformed (mam.ts).
 */
export interface EnvelopeRejection {
  wrapper: 'carbon' | 'archive';
  reason: 'forged' | 'foreign' | 'nested' | 'malformed';
}

/** One message stanza as the router hands it to message handlers. */
export interface IncomingMessage {
  /** The stanza as it arrived. */
  readonly stanza: Element;
  /** Null when the stanza is a wrapper that was rejected. */
  readonly envelope: MessageEnvelope | null;
  readonly rejected: EnvelopeRejection | null;
}
