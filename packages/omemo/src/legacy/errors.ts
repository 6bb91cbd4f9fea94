/** Why a legacy OMEMO operation refused its input; callers show or log `code`, never a stack. */
export type LegacyErrorCode =
  /** No <key> for our device in the header. */
  | 'not-for-this-device'
  /** The message claims to come from this very device. */
  | 'own-device'
  /** The caller did not accept the sender's identity key for a prekey message. */
  | 'untrusted-identity'
  /** The message key was already used: a duplicate delivery or a replay. */
  | 'duplicate'
  /** No session with the sender, or the ratchet could not decrypt it (needs a session reset). */
  | 'session-broken'
  /** The key material or payload did not decrypt or has the wrong shape. */
  | 'bad-payload'
  /** Not a well-formed libsignal message, header or address. */
  | 'malformed'
  /** A bundle field is missing, has the wrong length, or its signature does not verify. */
  | 'bad-bundle'
  /** Nothing could be encrypted for any recipient. */
  | 'no-recipient'
  /** The account has no identity yet. */
  | 'no-identity';

export class LegacyOmemoError extends Error {
  override readonly name = 'LegacyOmemoError';
  constructor(
    readonly code: LegacyErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
