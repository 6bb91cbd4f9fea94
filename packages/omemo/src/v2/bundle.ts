/**
 * Plain-object forms of what OMEMO 2 publishes over PEP (the XML is packages/xmpp's job):
 * the bundle (node urn:xmpp:omemo:2:bundles, one item per device) and the device list (node
 * urn:xmpp:omemo:2:devices) with XEP-0384 0.9 device labels and their `labelsig`: an Ed25519
 * signature of the UTF-8 label by the device's identity key. A label without a valid signature
 * is not shown. Validation refuses malformed fields so a broken bundle skips one device and
 * never crashes the sender (interop pitfall 4).
 */
import { ed25519Sign, ed25519Verify, edwardsToMontgomery } from './crypto.js';
import { fail } from './errors.js';
import { isValidId, type IdentityKeys, type PreKey, type SignedPreKey } from './keys.js';
import type { X3dhBundle } from './x3dh.js';

export interface BundleV2 {
  spkId: number;
  /** X25519, raw 32 bytes. */
  spk: Uint8Array;
  /** Ed25519 signature of spk by ik. */
  spkSig: Uint8Array;
  /** Ed25519, raw 32 bytes. */
  ik: Uint8Array;
  preKeys: { id: number; pub: Uint8Array }[];
}

/** The XEP asks for ~100; a peer publishing thousands is refused rather than stored. */
export const MAX_BUNDLE_PREKEYS = 200;
export const MAX_DEVICES = 100;
export const MAX_LABEL_LENGTH = 200;

/** Our own bundle for publishing; the private halves stay with the caller's store. */
export function ownBundle(identity: IdentityKeys, spk: SignedPreKey, preKeys: PreKey[]): BundleV2 {
  return {
    spkId: spk.id,
    spk: spk.pub,
    spkSig: spk.signature,
    ik: identity.edPub,
    preKeys: preKeys.map((k) => ({ id: k.id, pub: k.pub })),
  };
}

function check(condition: boolean, message: string): void {
  if (!condition) fail('malformed', `bundle: ${message}`);
}

/** Checks a fetched bundle: sizes, ids, a valid identity point and the signed prekey signature. */
export function validateBundle(bundle: BundleV2): X3dhBundle {
  check(isValidId(bundle.spkId), 'spk id outside 1..2^31-1');
  check(bundle.spk.length === 32, 'spk must be 32 bytes');
  check(bundle.spkSig.length === 64, 'spks must be 64 bytes');
  check(bundle.ik.length === 32, 'ik must be 32 bytes');
  check(bundle.preKeys.length >= 1, 'no prekeys');
  check(bundle.preKeys.length <= MAX_BUNDLE_PREKEYS, 'too many prekeys');
  const ids = new Set<number>();
  for (const k of bundle.preKeys) {
    check(isValidId(k.id), `prekey id ${k.id} outside 1..2^31-1`);
    check(!ids.has(k.id), `prekey id ${k.id} repeated`);
    check(k.pub.length === 32, `prekey ${k.id} must be 32 bytes`);
    ids.add(k.id);
  }
  edwardsToMontgomery(bundle.ik); // throws bad-key when ik is not a point
  if (!ed25519Verify(bundle.ik, bundle.spk, bundle.spkSig)) {
    fail('bad-signature', 'bundle: the signed prekey signature does not verify');
  }
  return { ...bundle, preKeys: bundle.preKeys.map((k) => ({ ...k })) };
}

export interface DeviceEntry {
  id: number;
  label?: string;
  labelSig?: Uint8Array;
}

export function signLabel(identity: IdentityKeys, label: string): Uint8Array {
  return ed25519Sign(identity.seed, Buffer.from(label, 'utf8'));
}

/** Our own device-list entry with a signed label (or none). */
export function ownDeviceEntry(identity: IdentityKeys, id: number, label?: string): DeviceEntry {
  if (!isValidId(id)) fail('malformed', `device id ${id} outside 1..2^31-1`);
  if (label === undefined || label === '') return { id };
  if (label.length > MAX_LABEL_LENGTH) fail('malformed', 'the label is too long');
  return { id, label, labelSig: signLabel(identity, label) };
}

/** Checks a fetched device list: ids in range and unique, bounded size; labels kept for later. */
export function validateDeviceList(devices: DeviceEntry[]): DeviceEntry[] {
  if (devices.length > MAX_DEVICES) fail('malformed', 'device list: too many devices');
  const seen = new Set<number>();
  return devices.map((d) => {
    if (!isValidId(d.id)) fail('malformed', `device list: id ${d.id} outside 1..2^31-1`);
    if (seen.has(d.id)) fail('malformed', `device list: id ${d.id} repeated`);
    seen.add(d.id);
    return { ...d };
  });
}

/**
 * The label to show for a device, given its identity key from its bundle: only when `labelsig`
 * verifies (XEP-0384 0.9); twomemo 1.0.3's unsigned labels are therefore not shown.
 */
export function verifiedLabel(device: DeviceEntry, ik: Uint8Array): string | undefined {
  if (device.label === undefined || device.labelSig === undefined) return undefined;
  if (device.label.length > MAX_LABEL_LENGTH) return undefined;
  return ed25519Verify(ik, Buffer.from(device.label, 'utf8'), device.labelSig)
    ? device.label
    : undefined;
}
