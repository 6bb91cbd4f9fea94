// The OMEMO `<encrypted/>` element of both versions (XEP-0384 0.3 and 0.8+), the hints that go
// with it (XEP-0334 <store/>, XEP-0380 <encryption/>) and the legacy fallback body. Pure: bytes
// in plain objects, no crypto here (packages/omemo does that). Every field of a received
// element is validated and bounded; anything hostile is rejected with its reason, never thrown.
import {
  capText,
  childIn,
  childrenIn,
  parseBareJid,
  requireJid,
  xml,
  type Element,
  type JidInput,
} from '../stanza.js';
import { decodeBase64Strict, encodeBase64 } from './omemo-base64.js';
import { NS_HINTS, storeHint } from './hints.js';
import { NS_OMEMO2, NS_OMEMO_LEGACY, omemoIdText, parseOmemoId, xsdTrue } from './omemo-ns.js';

export interface LegacyKey {
  rid: number;
  /** A PreKeyWhisperMessage (starts a session) rather than a WhisperMessage. */
  prekey: boolean;
  data: Uint8Array;
}

/** eu.siacs.conversations.axolotl. Without payload it is a key-transport (empty) message. */
export interface LegacyEncrypted {
  version: 'legacy';
  sid: number;
  keys: LegacyKey[];
  /** 12 bytes (16 from some old clients). */
  iv: Uint8Array;
  payload?: Uint8Array;
}

export interface Omemo2Key {
  rid: number;
  /** An OMEMOKeyExchange (starts a session) rather than an OMEMOAuthenticatedMessage. */
  kex: boolean;
  data: Uint8Array;
}

/** urn:xmpp:omemo:2. Without payload it is an empty message. */
export interface Omemo2Encrypted {
  version: 'v2';
  sid: number;
  /** The keys grouped by the bare JID of the devices' account. */
  keys: { jid: string; keys: Omemo2Key[] }[];
  payload?: Uint8Array;
}

export type OmemoEncrypted = LegacyEncrypted | Omemo2Encrypted;

/**
 * Keys in one message, over all recipients: a large members-only room times a few devices
 * each stays well below; a header with more is refused rather than walked.
 */
export const MAX_KEYS = 1_000;
/** Accounts (`<keys jid=…>`) in one OMEMO 2 header. */
export const MAX_KEY_GROUPS = 500;
/** One encrypted key: a (pre)key message is ~100–300 bytes. */
export const MAX_KEY_BYTES = 1_024;
/** The payload: MAX_BODY characters of UTF-8, or its SCE envelope, plus padding and tag. */
export const MAX_PAYLOAD_BYTES = 384 * 1024;

type Rejected = { rejected: string };

function payloadOf(encrypted: Element, ns: string): Uint8Array | undefined | Rejected {
  const el = childIn(encrypted, 'payload', ns);
  if (!el) return undefined;
  const bytes = decodeBase64Strict(el.getText(), MAX_PAYLOAD_BYTES);
  if (!bytes) return { rejected: 'payload is not base64 or too large' };
  if (bytes.length === 0) return { rejected: 'payload empty' };
  return bytes;
}

function keyData(el: Element): Uint8Array | null {
  const bytes = decodeBase64Strict(el.getText(), MAX_KEY_BYTES);
  return bytes && bytes.length > 0 ? bytes : null;
}

function parseLegacy(encrypted: Element): LegacyEncrypted | Rejected {
  const ns = NS_OMEMO_LEGACY;
  const header = childIn(encrypted, 'header', ns);
  if (!header) return { rejected: 'header missing' };
  const sid = parseOmemoId(header.attrs.sid);
  if (sid === null) return { rejected: 'sender device id missing or invalid' };
  const keyEls = childrenIn(header, 'key', ns);
  if (keyEls.length > MAX_KEYS) return { rejected: `more than ${MAX_KEYS} keys` };
  const keys: LegacyKey[] = [];
  for (const el of keyEls) {
    const rid = parseOmemoId(el.attrs.rid);
    if (rid === null) return { rejected: 'key without a valid recipient device id' };
    const data = keyData(el);
    if (!data) return { rejected: `key for device ${rid} is not base64 or too large` };
    keys.push({ rid, prekey: xsdTrue(el.attrs.prekey), data });
  }
  const ivEl = childIn(header, 'iv', ns);
  const iv = ivEl ? decodeBase64Strict(ivEl.getText(), 16) : null;
  if (!iv || (iv.length !== 12 && iv.length !== 16))
    return { rejected: 'iv missing or not 12 bytes' };
  const payload = payloadOf(encrypted, ns);
  if (payload && 'rejected' in payload) return payload;
  return payload
    ? { version: 'legacy', sid, keys, iv, payload }
    : { version: 'legacy', sid, keys, iv };
}

function parseOmemo2(encrypted: Element): Omemo2Encrypted | Rejected {
  const ns = NS_OMEMO2;
  const header = childIn(encrypted, 'header', ns);
  if (!header) return { rejected: 'header missing' };
  const sid = parseOmemoId(header.attrs.sid);
  if (sid === null) return { rejected: 'sender device id missing or invalid' };
  const groups = childrenIn(header, 'keys', ns);
  if (groups.length > MAX_KEY_GROUPS) return { rejected: `more than ${MAX_KEY_GROUPS} recipients` };
  let total = 0;
  const keys: Omemo2Encrypted['keys'] = [];
  for (const group of groups) {
    const jid = parseBareJid(group.attrs.jid);
    if (!jid || !jid.local) return { rejected: 'keys without a valid bare JID' };
    const keyEls = childrenIn(group, 'key', ns);
    total += keyEls.length;
    if (total > MAX_KEYS) return { rejected: `more than ${MAX_KEYS} keys` };
    const list: Omemo2Key[] = [];
    for (const el of keyEls) {
      const rid = parseOmemoId(el.attrs.rid);
      if (rid === null) return { rejected: 'key without a valid recipient device id' };
      const data = keyData(el);
      if (!data) return { rejected: `key for device ${rid} is not base64 or too large` };
      list.push({ rid, kex: xsdTrue(el.attrs.kex), data });
    }
    keys.push({ jid: jid.toString(), keys: list });
  }
  const payload = payloadOf(encrypted, ns);
  if (payload && 'rejected' in payload) return payload;
  return payload ? { version: 'v2', sid, keys, payload } : { version: 'v2', sid, keys };
}

/** An `<encrypted/>` element of either version, or why it is refused; null if it is neither. */
export function parseEncrypted(encrypted: Element): OmemoEncrypted | Rejected | null {
  if (encrypted.getName() !== 'encrypted') return null;
  const ns = encrypted.getNS();
  if (ns === NS_OMEMO_LEGACY) return parseLegacy(encrypted);
  if (ns === NS_OMEMO2) return parseOmemo2(encrypted);
  return null;
}

/**
 * The OMEMO content of a message: null when it has none, rejected when it has a malformed one
 * or several of the same version. When both versions are present (a sender covering old and
 * new clients), OMEMO 2 wins.
 */
export function parseEncryptedMessage(message: Element): OmemoEncrypted | Rejected | null {
  for (const ns of [NS_OMEMO2, NS_OMEMO_LEGACY]) {
    const found = childrenIn(message, 'encrypted', ns);
    if (found.length > 1) return { rejected: 'more than one encrypted element' };
    if (found[0]) return parseEncrypted(found[0]);
  }
  return null;
}

/** The keys of one device in a parsed element (legacy keys have no JID: only the rid counts). */
export function keysFor(encrypted: OmemoEncrypted, account: JidInput, deviceId: number) {
  if (encrypted.version === 'legacy') return encrypted.keys.filter((k) => k.rid === deviceId);
  const bare = requireJid(account).bare().toString();
  return encrypted.keys
    .filter((g) => g.jid === bare)
    .flatMap((g) => g.keys.filter((k) => k.rid === deviceId));
}

/** The `<encrypted/>` to send; throws RangeError on a bad id or iv. */
export function buildEncrypted(encrypted: OmemoEncrypted): Element {
  if (encrypted.version === 'legacy') {
    if (encrypted.iv.length !== 12 && encrypted.iv.length !== 16)
      throw new RangeError('iv must be 12 bytes');
    return xml(
      'encrypted',
      { xmlns: NS_OMEMO_LEGACY },
      xml(
        'header',
        { sid: omemoIdText(encrypted.sid) },
        ...encrypted.keys.map((k) =>
          xml(
            'key',
            { rid: omemoIdText(k.rid), prekey: k.prekey ? 'true' : undefined },
            encodeBase64(k.data),
          ),
        ),
        xml('iv', {}, encodeBase64(encrypted.iv)),
      ),
      encrypted.payload ? xml('payload', {}, encodeBase64(encrypted.payload)) : null,
    );
  }
  return xml(
    'encrypted',
    { xmlns: NS_OMEMO2 },
    xml(
      'header',
      { sid: omemoIdText(encrypted.sid) },
      ...encrypted.keys.map((group) =>
        xml(
          'keys',
          { jid: requireJid(group.jid).bare().toString() },
          ...group.keys.map((k) =>
            xml(
              'key',
              { rid: omemoIdText(k.rid), kex: k.kex ? 'true' : undefined },
              encodeBase64(k.data),
            ),
          ),
        ),
      ),
    ),
    encrypted.payload ? xml('payload', {}, encodeBase64(encrypted.payload)) : null,
  );
}

/** XEP-0380 Explicit Message Encryption. */
export const NS_EME = 'urn:xmpp:eme:0';

/** What legacy OMEMO messages carry for clients without OMEMO (Conversations' wording). */
export const OMEMO_FALLBACK_BODY =
  "I sent you an OMEMO encrypted message but your client doesn't seem to support that.";

/**
 * Everything an OMEMO message carries besides its addressing and ids: the `<encrypted/>`, the
 * <store/> hint (servers do not archive body-less messages otherwise), the XEP-0380 marker,
 * and for legacy messages with a payload only, a fallback body. Key-transport (empty) messages
 * never get a body (Profanity showed it as a chat line), nor does OMEMO 2 (XEP-0420).
 */
export function buildEncryptedMessageChildren(
  encrypted: OmemoEncrypted,
  fallbackBody = OMEMO_FALLBACK_BODY,
): Element[] {
  const ns = encrypted.version === 'legacy' ? NS_OMEMO_LEGACY : NS_OMEMO2;
  const children = [
    buildEncrypted(encrypted),
    storeHint(),
    xml('encryption', { xmlns: NS_EME, namespace: ns, name: 'OMEMO' }),
  ];
  if (encrypted.version === 'legacy' && encrypted.payload) {
    children.push(xml('body', {}, fallbackBody));
  }
  return children;
}

export interface EncryptionMarker {
  namespace: string;
  /** The name the sender gave, for showing "encrypted with …"; '' when absent. */
  name: string;
}

/** XEP-0380: the encryption a message says it uses (for a notice when we cannot decrypt). */
export function parseEncryptionMarker(message: Element): EncryptionMarker | null {
  const el = childIn(message, 'encryption', NS_EME);
  const namespace = el?.attrs.namespace;
  if (!el || typeof namespace !== 'string' || namespace.length === 0 || namespace.length > 256)
    return null;
  return { namespace, name: capText(el.attrs.name ?? '', 64) };
}

/** Whether a message asks to be stored by the server (XEP-0334). */
export function hasStoreHint(message: Element): boolean {
  return childIn(message, 'store', NS_HINTS) !== null;
}
