/**
 * The plain-object form of `<encrypted xmlns='urn:xmpp:omemo:2'>` (XML lives in packages/xmpp):
 *   { sid, keys: [{ jid, keys: [{ rid, kex, data }] }], payload? }
 * `payload` is absent in an empty (key transport) message. Validation bounds every count and
 * size before any crypto runs, and JIDs are compared as bare JIDs with @xmpp/jid.
 */
import { jid as parseJid } from '@xmpp/jid';
import { fail } from './errors.js';
import { isValidId } from './keys.js';
import { MAX_PAYLOAD } from './payload.js';

export const NS_OMEMO2 = 'urn:xmpp:omemo:2';

export interface EncryptedKey {
  rid: number;
  /** True when `data` is an OMEMOKeyExchange, false for an OMEMOAuthenticatedMessage. */
  kex: boolean;
  data: Uint8Array;
}

export interface KeysForJid {
  jid: string;
  keys: EncryptedKey[];
}

export interface EncryptedMessageV2 {
  sid: number;
  keys: KeysForJid[];
  payload?: Uint8Array;
}

/** A room of a few hundred members with several devices each fits; more is refused. */
export const MAX_KEYS = 2000;
const MAX_KEY_DATA = 2048;

function sameBareJid(a: string, b: string): boolean {
  try {
    return parseJid(a).bare().equals(parseJid(b).bare());
  } catch {
    return false;
  }
}

export function validateEncryptedMessage(message: EncryptedMessageV2): EncryptedMessageV2 {
  if (!isValidId(message.sid)) fail('malformed', `sid ${message.sid} outside 1..2^31-1`);
  let total = 0;
  for (const group of message.keys) {
    try {
      parseJid(group.jid);
    } catch {
      fail('malformed', 'a <keys> element has an invalid jid');
    }
    for (const key of group.keys) {
      total += 1;
      if (!isValidId(key.rid)) fail('malformed', `rid ${key.rid} outside 1..2^31-1`);
      if (key.data.length === 0 || key.data.length > MAX_KEY_DATA)
        fail('malformed', 'key data size');
    }
  }
  if (total > MAX_KEYS) fail('malformed', `${total} keys in one message`);
  if (
    message.payload !== undefined &&
    (message.payload.length === 0 || message.payload.length > MAX_PAYLOAD + 16)
  ) {
    fail('malformed', 'payload size');
  }
  return message;
}

/** The key addressed to our device, or undefined ("not encrypted for this device"). */
export function findOwnKey(
  message: EncryptedMessageV2,
  ownJid: string,
  ownDeviceId: number,
): EncryptedKey | undefined {
  for (const group of message.keys) {
    if (!sameBareJid(group.jid, ownJid)) continue;
    const key = group.keys.find((k) => k.rid === ownDeviceId);
    if (key !== undefined) return key;
  }
  return undefined;
}
