/**
 * The `xmpp:` URI that carries a contact's OMEMO fingerprints for verification, as
 * Conversations, Dino and Monal show it as a QR code and read it back:
 * `xmpp:alice@example.org?omemo-sid-1234=<64 hex>;omemo-sid-5678=<64 hex>` — one parameter per
 * device, its id and the hex of its 32-byte Curve25519 identity key (the fingerprint without
 * spaces). RFC 5122 separates query parameters with `;`; a query type before them (`?message;…`)
 * is allowed and ignored.
 */
import { jid as parseJid } from '@xmpp/jid';

export interface VerifiedDevice {
  deviceId: number;
  /** 64 lowercase hex digits. */
  fingerprint: string;
}

export interface VerificationUri {
  /** The bare address, as written (lowercased by the JID rules). */
  jid: string;
  devices: VerifiedDevice[];
}

export class VerificationUriError extends Error {
  override readonly name = 'VerificationUriError';
}

/** More would be a list to verify by eye, not a code to scan. */
const MAX_DEVICES = 32;
const MAX_URI_LENGTH = 4_096;
const PARAM = 'omemo-sid-';
/** Clients of OMEMO 2 may name its devices so; one identity serves both versions here. */
const PARAM_V2 = 'omemo2-sid-';
const HEX64 = /^[0-9a-f]{64}$/;

function checkDeviceId(text: string): number {
  if (!/^[1-9][0-9]{0,9}$/.test(text)) throw new VerificationUriError(`bad device id "${text}"`);
  const id = Number(text);
  if (id > 0x7fffffff) throw new VerificationUriError(`device id ${text} is out of range`);
  return id;
}

/** Builds the URI for `jid`'s devices (ours, to show; fingerprints with or without spaces). */
export function buildVerificationUri(jid: string, devices: readonly VerifiedDevice[]): string {
  const bare = parseJid(jid).bare().toString();
  const params = devices.map(({ deviceId, fingerprint }) => {
    const hex = fingerprint.replace(/\s+/g, '').toLowerCase();
    if (!HEX64.test(hex)) throw new VerificationUriError('a fingerprint is 64 hex digits');
    return `${PARAM}${checkDeviceId(String(deviceId))}=${hex}`;
  });
  // RFC 5122 §2.8: the node part is percent-encoded where it is not URI-safe.
  const [local, domain] = bare.includes('@') ? bare.split('@') : [null, bare];
  const path = local === null ? domain! : `${encodeURIComponent(local!)}@${domain!}`;
  return params.length === 0 ? `xmpp:${path}` : `xmpp:${path}?${params.join(';')}`;
}

/** Reads a pasted or scanned URI; throws VerificationUriError saying what is wrong. */
export function parseVerificationUri(text: string): VerificationUri {
  const uri = text.trim();
  if (uri.length > MAX_URI_LENGTH) throw new VerificationUriError('the link is too long');
  if (!/^xmpp:/i.test(uri)) throw new VerificationUriError('not an xmpp: link');
  const rest = uri.slice('xmpp:'.length).replace(/^\/\//, '');
  const q = rest.indexOf('?');
  const path = q === -1 ? rest : rest.slice(0, q);
  let address: string;
  try {
    address = parseJid(decodeURIComponent(path)).bare().toString();
  } catch {
    throw new VerificationUriError('the link names no valid address');
  }
  if (!address || address.includes('/')) throw new VerificationUriError('no address in the link');
  const devices: VerifiedDevice[] = [];
  const seen = new Set<number>();
  for (const param of q === -1 ? [] : rest.slice(q + 1).split(';')) {
    const lower = param.toLowerCase();
    const prefix = [PARAM, PARAM_V2].find((p) => lower.startsWith(p));
    if (prefix === undefined) continue;
    const eq = param.indexOf('=');
    if (eq === -1) throw new VerificationUriError('a device without a fingerprint');
    const deviceId = checkDeviceId(param.slice(prefix.length, eq));
    const fingerprint = decodeURIComponent(param.slice(eq + 1)).toLowerCase();
    if (!HEX64.test(fingerprint)) {
      throw new VerificationUriError(`the fingerprint of device ${deviceId} is not 64 hex digits`);
    }
    if (seen.has(deviceId)) throw new VerificationUriError(`device ${deviceId} is listed twice`);
    seen.add(deviceId);
    devices.push({ deviceId, fingerprint });
    if (devices.length > MAX_DEVICES) throw new VerificationUriError('too many devices');
  }
  if (devices.length === 0) throw new VerificationUriError('the link carries no OMEMO fingerprint');
  return { jid: address, devices };
}

export type DeviceCheck = 'match' | 'mismatch' | 'unknown-device';

/**
 * What a scanned URI says about the devices we know of that contact: a device whose key equals
 * the fingerprint is verified by it; a different key for the same id is a warning (never trust
 * it); ids we do not know are reported, not trusted ahead of time.
 */
export function checkAgainst(
  uri: VerificationUri,
  known: ReadonlyMap<number, string>,
): Array<{ deviceId: number; result: DeviceCheck }> {
  return uri.devices.map(({ deviceId, fingerprint }) => {
    const ours = known.get(deviceId)?.replace(/\s+/g, '').toLowerCase();
    if (ours === undefined) return { deviceId, result: 'unknown-device' as const };
    return { deviceId, result: ours === fingerprint ? ('match' as const) : ('mismatch' as const) };
  });
}
