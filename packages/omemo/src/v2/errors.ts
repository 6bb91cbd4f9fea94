/**
 * One error type for everything the OMEMO 2 core refuses, with a code the backend can map to what
 * the user sees ("not encrypted for this device", "session broken — reset") without parsing text.
 */
export type OmemoV2ErrorCode =
  | 'malformed' // bytes or fields that do not follow the wire format
  | 'bad-signature' // a signed prekey or label that does not verify
  | 'bad-key' // a public key that is not a valid curve point
  | 'auth-failed' // a MAC that does not match: tampered, or the wrong session
  | 'duplicate' // a message this session already decrypted (replay)
  | 'too-many-skipped' // a counter jump beyond the per-message skip bound
  | 'no-session' // a plain message from a device we have no session with
  | 'unknown-prekey' // a key exchange naming a (signed) prekey we no longer hold
  | 'identity-mismatch' // a key exchange whose identity key is not the one we know for the device
  | 'not-for-us' // no <key> for our device in the message
  | 'envelope' // an SCE envelope that fails the receiver's checks
  | 'no-recipients'; // nothing to encrypt for: the message must not be sent at all

export class OmemoV2Error extends Error {
  constructor(
    readonly code: OmemoV2ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OmemoV2Error';
  }
}

export function fail(code: OmemoV2ErrorCode, message: string): never {
  throw new OmemoV2Error(code, message);
}
