// XEP-0391 Jingle Encrypted Transports with XEP-0396 JET-OMEMO: a direct transfer's bytes are
// AES-GCM encrypted; the key and IV (the transport secret) travel in the session-initiate's
// <security/>, sealed with legacy OMEMO as a KeyTransport (key in the <key/>, IV in the header),
// as Dino sends and reads it. Parley sends AES-128-GCM with a 12-byte IV; it reads the 128- and
// 256-bit ciphers, named with or without the ":0" the XEP's table adds.
import { NS_OMEMO_LEGACY } from './omemo-ns.js';
import { childIn, childrenIn, xml, type Element } from '../stanza.js';

export const NS_JET = 'urn:xmpp:jingle:jet:0';
export const NS_JET_OMEMO = 'urn:xmpp:jingle:jet-omemo:0';
/** The cipher Dino names (XEP-0396's examples omit the version suffix). */
export const CIPHER_AES128_GCM = 'urn:xmpp:ciphers:aes-128-gcm-nopadding';

const CIPHER_KEY_BYTES: Record<string, number> = {
  [CIPHER_AES128_GCM]: 16,
  [`${CIPHER_AES128_GCM}:0`]: 16,
  'urn:xmpp:ciphers:aes-256-gcm-nopadding': 32,
  'urn:xmpp:ciphers:aes-256-gcm-nopadding:0': 32,
};

/** A content's <security/>, read: the key size its cipher needs and the sealed secret. */
export interface JetSecurity {
  keyBytes: number;
  encrypted: Element;
}

/** The <security/> for one content: the secret sealed (legacy OMEMO <encrypted/>) beside it. */
export function buildJetSecurity(contentName: string, encrypted: Element): Element {
  return xml(
    'security',
    { xmlns: NS_JET, name: contentName, cipher: CIPHER_AES128_GCM, type: NS_OMEMO_LEGACY },
    encrypted,
  );
}

/**
 * The content's <security/>: null when it has none (a clear transfer), refused when it has one
 * we cannot honour (another envelope, an unknown cipher, more than one): XEP-0391 §Security says
 * never to fall back to clear text then, so the session must be declined.
 */
export function parseJetSecurity(content: Element): JetSecurity | { refused: string } | null {
  const all = childrenIn(content, 'security', NS_JET);
  if (all.length === 0) return null;
  const [security] = all;
  if (all.length > 1 || !security) return { refused: 'more than one security element' };
  if (security.attrs.type !== NS_OMEMO_LEGACY) return { refused: 'an envelope other than OMEMO' };
  const keyBytes = CIPHER_KEY_BYTES[String(security.attrs.cipher)];
  if (!keyBytes) return { refused: 'an unknown cipher' };
  const name = security.attrs.name;
  if (name !== undefined && name !== content.attrs.name) {
    return { refused: 'a security element for another content' };
  }
  const encrypted = childIn(security, 'encrypted', NS_OMEMO_LEGACY);
  if (!encrypted) return { refused: 'no encrypted element' };
  return { keyBytes, encrypted };
}
