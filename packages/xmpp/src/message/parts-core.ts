// What one XEP module contributes to the incoming envelope (see parts.ts for the list). Apart
// from parts.ts so the per-XEP part files can define theirs without an import cycle.
import type { Element } from '../stanza.js';
import type { EnvelopeHead } from './envelope.js';

/** One module's contribution to the envelope: its field name and how to read it. */
export interface MessagePart<K extends string, V> {
  readonly key: K;
  /** `content` is the (unwrapped, possibly decrypted) message; `head` its addressing. */
  parse(content: Element, head: EnvelopeHead): V;
}

export function definePart<K extends string, V>(
  key: K,
  parse: (content: Element, head: EnvelopeHead) => V,
): MessagePart<K, V> {
  return { key, parse };
}
