// The decrypt seam: transforms that run on an incoming message after its wrapper is taken off and
// BEFORE any content part is parsed. OMEMO plugs in here: it replaces the encrypted payload with
// the decrypted message, and body, attachment, reply... are then read from what it returns.
//
// Two kinds: a synchronous IncomingTransform runs inside openMessage; an AsyncIncomingTransform
// only claims its messages there (synchronously) and is run later, in the account's order, by the
// backend (runtime/incoming-transforms.ts), which then finishes the envelope with finishEnvelope.
import type { Message } from '@parley/contract';
import { xml, type Element } from '../stanza.js';
import type { EnvelopeHead, MessageEnvelope } from './envelope.js';
import { parseParts } from './parts.js';

export interface IncomingTransform {
  /** For logs and tests. */
  readonly name: string;
  /**
   * The content to parse instead of `head.content`, or null to leave it as it is. Runs
   * synchronously inside the stanza's handling (the ack barrier depends on that); must not throw
   * for a stanza it does not handle.
   */
  apply(head: EnvelopeHead): Element | null;
}

/** What a transform learned about a message, stored with it (OMEMO: version, device, trust). */
export type TransformFacts = Pick<
  Message,
  'encryption' | 'senderDevice' | 'trust' | 'decryptError'
>;

/**
 * A store write that must commit in the same transaction as the message (a ratchet's new state):
 * if the message is not stored, neither is it, and the server's redelivery finds the old state.
 * What it returns runs after the commit. (The backend's WriteOp, structurally.)
 */
export type TransformWrite = () => (() => void) | void;

/** The result of an asynchronous transform for one message. */
export type TransformOutcome =
  /** Parse `content` instead (the decrypted message); the addressing stays the stanza's. */
  | { kind: 'replaced'; content: Element; facts?: TransformFacts; write?: TransformWrite }
  /**
   * It is the transform's but could not be opened: stored with the error and without its
   * (fallback) body, so the user sees that something arrived and why it cannot be read.
   */
  | {
      kind: 'failed';
      facts: TransformFacts & { decryptError: NonNullable<TransformFacts['decryptError']> };
      write?: TransformWrite;
    }
  /** Nothing to store (a key transport, an empty message, a replay); its write still commits. */
  | { kind: 'drop'; write?: TransformWrite };

export interface AsyncIncomingTransform {
  /** For logs and tests. */
  readonly name: string;
  /**
   * Whether the message is this transform's (it carries `<encrypted>`): synchronous, cheap, no
   * state change, never throws. A claimed message is not parsed from its content until run.
   */
  claims(head: EnvelopeHead): boolean;
  /**
   * Opens a claimed message. Runs once per message, one at a time per account, in arrival (or
   * archive) order, and never for a message already stored. A rejection counts as a failure
   * ('bad-payload').
   */
  run(head: EnvelopeHead): Promise<TransformOutcome>;
}

/**
 * The envelope a transform's outcome makes of a claimed one, or null when nothing is to be
 * stored. The head (sender, addressee, type, id, origin) stays as the wrapper checks found it.
 */
export function finishEnvelope(
  claimed: MessageEnvelope,
  outcome: TransformOutcome,
): MessageEnvelope | null {
  const { parts: _parts, awaiting: _awaiting, ...head } = claimed;
  if (outcome.kind === 'drop') return null;
  // A failure keeps an empty body: stored as a message (with its error), never its fallback.
  const content = outcome.kind === 'replaced' ? outcome.content : withBody(head.content, '');
  const facts = outcome.facts ?? null;
  const next = { ...head, content };
  return { ...next, parts: parseParts(content, next), ...(facts ? { transformed: facts } : {}) };
}

/** A copy without `<body>`: a message that cannot be read never shows its fallback text. */
function withoutBody(content: Element): Element {
  // Shares the other children (read only from here on) without taking them from `content`.
  const copy = xml(content.name, { ...content.attrs });
  copy.children = content.children.filter(
    (child) => typeof child === 'string' || child.getName() !== 'body',
  );
  return copy;
}

/** A copy whose `<body>` is `text` (a message already stored, handled again with its text). */
export function withBody(content: Element, text: string): Element {
  const copy = withoutBody(content);
  copy.append(xml('body', {}, text)); // Appended: its namespace is the message's.
  return copy;
}
