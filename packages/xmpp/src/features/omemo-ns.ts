// OMEMO's two namespaces and their PEP nodes (XEP-0384 0.3 "legacy", and 0.8+ "OMEMO 2"), and
// device ids, shared by omemo-devices.ts, omemo-bundle.ts, omemo-pep.ts and omemo.ts.

/** XEP-0384 0.3, what Conversations, Dino, Gajim, Profanity and Monal speak. */
export const NS_OMEMO_LEGACY = 'eu.siacs.conversations.axolotl';
export const NODE_LEGACY_DEVICELIST = `${NS_OMEMO_LEGACY}.devicelist`;
/** XEP-0384 0.8+ (urn:xmpp:omemo:2). */
export const NS_OMEMO2 = 'urn:xmpp:omemo:2';
export const NODE_OMEMO2_DEVICES = 'urn:xmpp:omemo:2:devices';
/** One node for every device's bundle; the item id is the device id. */
export const NODE_OMEMO2_BUNDLES = 'urn:xmpp:omemo:2:bundles';

export type OmemoVersion = 'legacy' | 'v2';
export const OMEMO_VERSIONS: readonly OmemoVersion[] = ['legacy', 'v2'];

/** The device-list node of a version. */
export function deviceListNode(version: OmemoVersion): string {
  return version === 'legacy' ? NODE_LEGACY_DEVICELIST : NODE_OMEMO2_DEVICES;
}

/** The node holding a device's bundle: one node per device (legacy), one shared node (v2). */
export function bundleNode(version: OmemoVersion, deviceId: number): string {
  return version === 'legacy' ? `${NS_OMEMO_LEGACY}.bundles:${deviceId}` : NODE_OMEMO2_BUNDLES;
}

/** The XEP-0115 features that subscribe us to device-list notifications (XEP-0163 +notify). */
export const OMEMO_NOTIFY_FEATURES: readonly string[] = [
  `${NODE_LEGACY_DEVICELIST}+notify`,
  `${NODE_OMEMO2_DEVICES}+notify`,
];

/** Device ids (and prekey / signed-prekey ids) are 1..2^31-1 in both versions. */
export const MAX_DEVICE_ID = 0x7fffffff;

/**
 * A device, prekey or signed-prekey id from an attribute, or null: only plain decimal digits
 * (no sign, no leading zero, no spaces) in 1..2^31-1.
 */
export function parseOmemoId(text: unknown): number | null {
  if (typeof text !== 'string' || !/^[1-9][0-9]{0,9}$/.test(text)) return null;
  const id = Number(text);
  return id <= MAX_DEVICE_ID ? id : null;
}

export function isOmemoId(id: number): boolean {
  return Number.isInteger(id) && id >= 1 && id <= MAX_DEVICE_ID;
}

/** For builders: the id as attribute text; a caller passing a bad id is a bug. */
export function omemoIdText(id: number): string {
  if (!isOmemoId(id)) throw new RangeError(`OMEMO id out of range: ${id}`);
  return String(id);
}

/** XML Schema boolean: 'true' or '1'. */
export function xsdTrue(value: string | undefined): boolean {
  return value === 'true' || value === '1';
}
