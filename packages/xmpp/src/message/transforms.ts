// The decrypt seam: transforms that run on an incoming message after its wrapper is taken off and
// BEFORE any content part is parsed. OMEMO plugs in here: it replaces the encrypted payload with
// the decrypted message, and body, attachment, reply... are then read from what it returns.
import type { Element } from '../stanza.js';
import type { EnvelopeHead } from './envelope.js';

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
