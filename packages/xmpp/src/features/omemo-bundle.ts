// OMEMO bundles (XEP-0384): the public keys a device publishes so others can start a session
// with it. Keys are kept in their wire form: legacy keys are 33 bytes (0x05 ‖ Curve25519, what
// libsignal takes), OMEMO 2 keys are 32 raw bytes (X25519 for prekeys, Ed25519 for `ik`).
// Parsing validates every field and never throws: a broken bundle from a peer is skipped with
// its reason (Monal crashed on broken bundles, Conversations "skipped because broken").
import { childIn, childrenIn, xml, type Element } from '../stanza.js';
import { decodeKey, encodeBase64 } from './omemo-base64.js';
import {
  NS_OMEMO2,
  NS_OMEMO_LEGACY,
  omemoIdText,
  parseOmemoId,
  type OmemoVersion,
} from './omemo-ns.js';

export interface OmemoPreKey {
  id: number;
  key: Uint8Array;
}

export interface OmemoBundle {
  signedPreKey: OmemoPreKey & { signature: Uint8Array };
  identityKey: Uint8Array;
  preKeys: OmemoPreKey[];
}

/** Wire size of a public key: 0x05 ‖ 32 bytes (legacy), 32 bytes (OMEMO 2). */
export function publicKeySize(version: OmemoVersion): number {
  return version === 'legacy' ? 33 : 32;
}
export const SIGNATURE_SIZE = 64;
/**
 * Prekeys read from one bundle: the XEPs ask for about 100; a longer list is cut here (one is
 * picked at random, so the rest costs only memory).
 */
export const MAX_PREKEYS = 200;

/** The element names of each version. */
const NAMES = {
  legacy: {
    ns: NS_OMEMO_LEGACY,
    spk: 'signedPreKeyPublic',
    spkId: 'signedPreKeyId',
    spks: 'signedPreKeySignature',
    ik: 'identityKey',
    pk: 'preKeyPublic',
    pkId: 'preKeyId',
  },
  v2: { ns: NS_OMEMO2, spk: 'spk', spkId: 'id', spks: 'spks', ik: 'ik', pk: 'pk', pkId: 'id' },
} as const;

function key(text: string, version: OmemoVersion): Uint8Array | null {
  const bytes = decodeKey(text, publicKeySize(version));
  // Legacy keys carry libsignal's type byte; anything else is not a Curve25519 key.
  if (bytes && version === 'legacy' && bytes[0] !== 0x05) return null;
  return bytes;
}

/** A `<bundle/>` element (the item's payload) as a bundle, or why it cannot be used. */
export function parseBundle(
  bundle: Element,
  version: OmemoVersion,
): OmemoBundle | { rejected: string } {
  const n = NAMES[version];
  if (bundle.getName() !== 'bundle' || bundle.getNS() !== n.ns) return { rejected: 'not a bundle' };
  const spkEl = childIn(bundle, n.spk, n.ns);
  const spkId = spkEl ? parseOmemoId(spkEl.attrs[n.spkId]) : null;
  if (!spkEl || spkId === null) return { rejected: 'signed prekey or its id missing' };
  const spk = key(spkEl.getText(), version);
  if (!spk) return { rejected: 'signed prekey malformed' };
  const sigEl = childIn(bundle, n.spks, n.ns);
  const signature = sigEl ? decodeKey(sigEl.getText(), SIGNATURE_SIZE) : null;
  if (!signature) return { rejected: 'signed prekey signature missing or malformed' };
  const ikEl = childIn(bundle, n.ik, n.ns);
  const identityKey = ikEl ? key(ikEl.getText(), version) : null;
  if (!identityKey) return { rejected: 'identity key missing or malformed' };

  const list = childIn(bundle, 'prekeys', n.ns);
  const preKeys: OmemoPreKey[] = [];
  const seen = new Set<number>();
  for (const pk of list ? childrenIn(list, n.pk, n.ns) : []) {
    if (preKeys.length >= MAX_PREKEYS) break;
    const id = parseOmemoId(pk.attrs[n.pkId]);
    const bytes = key(pk.getText(), version);
    // One bad or repeated prekey is skipped; the others stay usable.
    if (id === null || !bytes || seen.has(id)) continue;
    seen.add(id);
    preKeys.push({ id, key: bytes });
  }
  if (preKeys.length === 0) return { rejected: 'no usable prekey' };
  return { signedPreKey: { id: spkId, key: spk, signature }, identityKey, preKeys };
}

function checkSize(bytes: Uint8Array, size: number, what: string): string {
  if (bytes.length !== size) throw new RangeError(`${what} must be ${size} bytes`);
  return encodeBase64(bytes);
}

/** The `<bundle/>` to publish; throws RangeError on a key of the wrong size or a bad id. */
export function buildBundle(bundle: OmemoBundle, version: OmemoVersion): Element {
  const n = NAMES[version];
  const size = publicKeySize(version);
  const spk = bundle.signedPreKey;
  return xml(
    'bundle',
    { xmlns: n.ns },
    xml(n.spk, { [n.spkId]: omemoIdText(spk.id) }, checkSize(spk.key, size, 'signed prekey')),
    xml(n.spks, {}, checkSize(spk.signature, SIGNATURE_SIZE, 'signature')),
    xml(n.ik, {}, checkSize(bundle.identityKey, size, 'identity key')),
    xml(
      'prekeys',
      {},
      ...bundle.preKeys.map((pk) =>
        xml(n.pk, { [n.pkId]: omemoIdText(pk.id) }, checkSize(pk.key, size, 'prekey')),
      ),
    ),
  );
}
