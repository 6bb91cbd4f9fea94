/**
 * The <encrypted xmlns='eu.siacs.conversations.axolotl'> element as a plain object; packages/xmpp
 * parses and builds the XML (base64 of each binary field).
 */
export interface LegacyKey {
  readonly rid: number;
  /** true for a PreKeyWhisperMessage (the XML attribute is an xs:boolean: "true" or "1"). */
  readonly prekey: boolean;
  readonly data: Uint8Array;
}

export interface LegacyEncrypted {
  readonly sid: number;
  readonly keys: readonly LegacyKey[];
  readonly iv: Uint8Array;
  /** Absent or null for a KeyTransport (session completion, heartbeat): no <payload>, no body. */
  readonly payload?: Uint8Array | null;
}

/** At most this many <key> elements are looked at in one message (memory per sender bounded). */
export const MAX_KEYS_PER_MESSAGE = 500;
