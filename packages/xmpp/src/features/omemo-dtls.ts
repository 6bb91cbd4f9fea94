// OMEMO-verified DTLS-SRTP fingerprints for calls, as Conversations and Dino do it (the
// "dtls-srtp-verification" draft; the issue calls it XEP-0396's role for calls). The callee names
// its OMEMO device in the JMI <proceed/>; from then on each side sends its DTLS fingerprint
// encrypted with OMEMO (legacy, eu.siacs.conversations.axolotl) to the other's device instead of
// in clear text. A fingerprint that arrives so was chosen by the holder of that OMEMO identity:
// a server that swaps fingerprints (a man in the middle of the media) cannot make one.
import { NS_JINGLE } from './jingle.js';
import { NS_JINGLE_DTLS, NS_JINGLE_ICE } from './jingle-ice.js';
import { NS_JMI } from './jingle-message.js';
import { NS_OMEMO_LEGACY } from './omemo-ns.js';
import { childIn, childrenIn, xml, type Element } from '../stanza.js';

// The draft's namespace is spelled "dlts" by its author; peers match it byte for byte.
export const NS_OMEMO_DTLS = 'http://gultsch.de/xmpp/drafts/omemo/dlts-srtp-verification';

const DEVICE_ID = /^[1-9][0-9]{0,9}$/u;
/** A call has a few contents (audio, video, a screen): more sealed fingerprints are refused. */
const MAX_FINGERPRINTS = 8;

/** The OMEMO device a <proceed/> names (the callee's), or null. */
export function proceedDevice(content: Element): number | null {
  const proceed = childIn(content, 'proceed', NS_JMI);
  const id = proceed ? childIn(proceed, 'device', NS_OMEMO_DTLS)?.attrs.id : undefined;
  if (typeof id !== 'string' || !DEVICE_ID.test(id)) return null;
  const n = Number(id);
  return n <= 0x7fffffff ? n : null;
}

/** Names our OMEMO device in a JMI <proceed/> message (so the caller can seal to it). */
export function withProceedDevice(message: Element, deviceId: number): Element {
  const proceed = childIn(message, 'proceed', NS_JMI);
  if (!proceed) throw new TypeError('not a proceed message');
  proceed.append(xml('device', { xmlns: NS_OMEMO_DTLS, id: String(deviceId) }));
  return message;
}

function iceTransports(jingle: Element): Element[] {
  return childrenIn(jingle, 'content', NS_JINGLE).flatMap((c) =>
    childrenIn(c, 'transport', NS_JINGLE_ICE),
  );
}

/**
 * Replaces each clear DTLS fingerprint of a Jingle element by its sealed form. `seal` turns the
 * fingerprint's text into an OMEMO <encrypted/> (or null: it could not, and the fingerprint
 * stays clear). Returns how many were sealed and how many stayed clear.
 */
export async function sealFingerprints(
  jingle: Element,
  seal: (fingerprint: string) => Promise<Element | null>,
): Promise<{ sealed: number; clear: number }> {
  let sealed = 0;
  let clear = 0;
  for (const transport of iceTransports(jingle)) {
    const fp = childIn(transport, 'fingerprint', NS_JINGLE_DTLS);
    if (!fp) continue;
    const encrypted = await seal(fp.text().trim());
    if (!encrypted) {
      clear++;
      continue;
    }
    transport.children = transport.children.filter((c) => c !== fp);
    const { hash, setup } = fp.attrs;
    transport.append(xml('fingerprint', { xmlns: NS_OMEMO_DTLS, hash, setup }, encrypted));
    sealed++;
  }
  return { sealed, clear };
}

/** Whether a Jingle element carries any sealed fingerprint (it must be opened first). */
export function hasSealedFingerprint(jingle: Element): boolean {
  return iceTransports(jingle).some((t) => childIn(t, 'fingerprint', NS_OMEMO_DTLS) !== null);
}

/** What opening a Jingle element's sealed fingerprints found. */
export interface OpenedFingerprints {
  /** Fingerprints that came sealed and opened (now clear in the element). */
  opened: number;
  /** Fingerprints that came in clear text. */
  clear: number;
  /** Sealed fingerprints that did not open, or too many: the element must be refused. */
  failed: number;
}

/**
 * Opens each sealed fingerprint of a Jingle element in place: `open` decrypts the OMEMO
 * <encrypted/> and returns the fingerprint's text (null when it cannot). A transport that holds
 * both forms keeps only the sealed one's value: the clear one could come from anyone.
 */
export async function openFingerprints(
  jingle: Element,
  open: (encrypted: Element) => Promise<string | null>,
): Promise<OpenedFingerprints> {
  const found: OpenedFingerprints = { opened: 0, clear: 0, failed: 0 };
  for (const transport of iceTransports(jingle)) {
    const sealedFp = childIn(transport, 'fingerprint', NS_OMEMO_DTLS);
    const clearFp = childIn(transport, 'fingerprint', NS_JINGLE_DTLS);
    if (!sealedFp) {
      if (clearFp) found.clear++;
      continue;
    }
    const encrypted = childIn(sealedFp, 'encrypted', NS_OMEMO_LEGACY);
    const opened =
      encrypted && found.opened + found.failed < MAX_FINGERPRINTS ? await open(encrypted) : null;
    transport.children = transport.children.filter((c) => c !== sealedFp && c !== clearFp);
    if (opened === null) {
      found.failed++;
      continue;
    }
    const { hash, setup } = sealedFp.attrs;
    transport.append(xml('fingerprint', { xmlns: NS_JINGLE_DTLS, hash, setup }, opened));
    found.opened++;
  }
  return found;
}
