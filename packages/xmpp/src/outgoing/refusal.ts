// A transform's "no": the stanza must not leave in any form (never in plaintext instead). The
// reason is for the user, in words; the code says which kind of refusal it is.

import { englishText, type BackendText } from '@parley/contract';

/**
 * not-encrypted: a transform cannot encrypt it (for nobody, or the crypto failed);
 * not-prepared: building or transforming it failed in some other way.
 */
export type RefusalCode = 'not-encrypted' | 'not-prepared';

export class OutgoingRefused extends Error {
  override readonly name = 'OutgoingRefused';
  /** Shown on the failed message, e.g. "Cannot encrypt for anyone: no trusted device". */
  readonly reason: string;
  /** The same as a text the renderer translates, where there is one. */
  readonly text: BackendText | null;
  constructor(
    reason: string | BackendText,
    readonly code: RefusalCode = 'not-encrypted',
  ) {
    const words = typeof reason === 'string' ? reason : englishText(reason);
    super(words);
    this.reason = words;
    this.text = typeof reason === 'string' ? null : reason;
  }
}

/**
 * Any failure while preparing a stanza counts as a refusal (fail closed): a transform that
 * throws something else (a bug, a store that cannot read keys) must not let the message out.
 */
export function asRefusal(error: unknown): OutgoingRefused {
  if (error instanceof OutgoingRefused) return error;
  const detail = error instanceof Error ? error.message : String(error);
  const reason = `It could not be prepared for sending: ${detail.slice(0, 300)}`;
  return new OutgoingRefused(reason, 'not-prepared');
}
