// OMEMO device lists (XEP-0384): which devices of an account take part, one PEP item
// ('current') per namespace. Lists are merged, never replaced: dropping another client's
// device makes it unreachable (ChatSecure#725, profanity#1538). Device-list notifications are
// believed only from the account they describe: PEP sends them from the owner's bare JID.
import {
  capText,
  childIn,
  childrenIn,
  isFromOwnAccount,
  parseJid,
  xml,
  type Element,
  type JidInput,
} from '../stanza.js';
import { decodeKey, encodeBase64 } from './omemo-base64.js';
import { NS_PUBSUB_EVENT } from './bookmarks.js';
import {
  deviceListNode,
  NS_OMEMO2,
  NS_OMEMO_LEGACY,
  omemoIdText,
  OMEMO_VERSIONS,
  parseOmemoId,
  type OmemoVersion,
} from './omemo-ns.js';

export interface OmemoDevice {
  id: number;
  /**
   * OMEMO 2 only: the device's label with its Ed25519 signature by the identity key (0.9).
   * Kept only when a well-formed signature comes with it; checking the signature against the
   * identity key in the bundle is the OMEMO layer's job (an unsigned label must be ignored).
   */
  label?: { text: string; signature: Uint8Array };
}

/** Devices read from one list: more than any account has; a longer list is cut. */
export const MAX_DEVICES = 128;
/** A label is a short name ("Gajim on Ubuntu"): a longer one is dropped. */
export const MAX_LABEL = 256;

function parseDevice(el: Element, version: OmemoVersion): OmemoDevice | null {
  const id = parseOmemoId(el.attrs.id);
  if (id === null) return null;
  const text = el.attrs.label;
  const sig = el.attrs.labelsig;
  if (version !== 'v2' || typeof text !== 'string' || typeof sig !== 'string') return { id };
  const signature = decodeKey(sig, 64);
  if (!signature || text.length === 0 || capText(text, MAX_LABEL) !== text) return { id };
  return { id, label: { text, signature } };
}

/**
 * The devices of a `<list/>` (legacy) or `<devices/>` (OMEMO 2) element: invalid and repeated
 * ids skipped, at most MAX_DEVICES. Null when the element is not a device list of `version`.
 */
export function parseDeviceList(list: Element, version: OmemoVersion): OmemoDevice[] | null {
  const [name, ns] = version === 'legacy' ? ['list', NS_OMEMO_LEGACY] : ['devices', NS_OMEMO2];
  if (list.getName() !== name || list.getNS() !== ns) return null;
  const devices = new Map<number, OmemoDevice>();
  for (const el of childrenIn(list, 'device', ns)) {
    if (devices.size >= MAX_DEVICES) break;
    const device = parseDevice(el, version);
    if (device && !devices.has(device.id)) devices.set(device.id, device);
  }
  return [...devices.values()];
}

/** The list element to publish (item 'current'). */
export function buildDeviceList(devices: readonly OmemoDevice[], version: OmemoVersion): Element {
  const [name, ns] = version === 'legacy' ? ['list', NS_OMEMO_LEGACY] : ['devices', NS_OMEMO2];
  return xml(
    name,
    { xmlns: ns },
    ...devices.map((d) =>
      xml('device', {
        id: omemoIdText(d.id),
        label: version === 'v2' ? d.label?.text : undefined,
        labelsig: version === 'v2' && d.label ? encodeBase64(d.label.signature) : undefined,
      }),
    ),
  );
}

/**
 * The list to publish so that `own` is on it: every other device kept as it was, ours added
 * (or its label updated). `changed` is false when the published list already says that, so
 * nothing needs publishing.
 */
export function mergeOwnDevice(
  published: readonly OmemoDevice[],
  own: OmemoDevice,
): { devices: OmemoDevice[]; changed: boolean } {
  const index = published.findIndex((d) => d.id === own.id);
  if (index === -1) return { devices: [...published, own], changed: true };
  const current = published[index]!;
  if (sameLabel(current, own)) return { devices: [...published], changed: false };
  const devices = [...published];
  devices[index] = own;
  return { devices, changed: true };
}

function sameLabel(a: OmemoDevice, b: OmemoDevice): boolean {
  if (!a.label || !b.label) return !a.label && !b.label;
  return (
    a.label.text === b.label.text &&
    encodeBase64(a.label.signature) === encodeBase64(b.label.signature)
  );
}

export interface DeviceListNotification {
  version: OmemoVersion;
  /** Whose list this is: the bare JID the notification came from (our own when absent). */
  jid: string;
  own: boolean;
  devices: OmemoDevice[];
}

/**
 * A device-list notification (XEP-0163 PEP event on either node), or null when the message is
 * not one. `{ rejected }` when it claims to be one but cannot be believed: sent from a full
 * JID or a bare domain (PEP notifies from the owner's bare JID, so such a message is forged),
 * or without a readable list. A retraction or a purge is read as an empty list.
 */
export function parseDeviceListNotification(
  stanza: Element,
  ownJid: JidInput,
): DeviceListNotification | { rejected: string } | null {
  if (stanza.getName() !== 'message' || stanza.attrs.type === 'error') return null;
  const event = childIn(stanza, 'event', NS_PUBSUB_EVENT);
  if (!event) return null;
  const found = findDeviceListEvent(event);
  if (!found) return null;
  const own = typeof ownJid === 'string' ? parseJid(ownJid) : ownJid;
  if (!own) return { rejected: 'own JID invalid' };
  const from = stanza.attrs.from;
  const sender = from === undefined ? own.bare() : parseJid(from);
  if (!sender || sender.resource || !sender.local) {
    return { rejected: 'device list not sent by its owner' };
  }
  const jid = `${sender.local}@${sender.domain}`;
  const isOwn = isFromOwnAccount(from, own);
  const { version, items } = found;
  if (!items) return { version, jid, own: isOwn, devices: [] };
  // max_items is 1: the last item is the current list.
  const item = childrenIn(items, 'item', NS_PUBSUB_EVENT).at(-1);
  if (!item) {
    return childrenIn(items, 'retract', NS_PUBSUB_EVENT).length
      ? { version, jid, own: isOwn, devices: [] }
      : { rejected: 'device list notification without the list' };
  }
  const list = item.getChildElements()[0];
  const devices = list ? parseDeviceList(list, version) : null;
  if (!devices) return { rejected: 'device list malformed' };
  return { version, jid, own: isOwn, devices };
}

function findDeviceListEvent(
  event: Element,
): { version: OmemoVersion; items: Element | null } | null {
  for (const version of OMEMO_VERSIONS) {
    const node = deviceListNode(version);
    const items = childrenIn(event, 'items', NS_PUBSUB_EVENT).find((i) => i.attrs.node === node);
    if (items) return { version, items };
    const gone = ['purge', 'delete'].some((name) =>
      childrenIn(event, name, NS_PUBSUB_EVENT).some((e) => e.attrs.node === node),
    );
    if (gone) return { version, items: null };
  }
  return null;
}

/**
 * What to republish after a notification about our own list that leaves out our device
 * (another client overwrote it: XEP-0384 says re-add ourselves); null when nothing is to do.
 */
export function ownListToRepublish(
  notification: DeviceListNotification,
  own: OmemoDevice,
): OmemoDevice[] | null {
  if (!notification.own) return null;
  const merged = mergeOwnDevice(notification.devices, own);
  return merged.changed ? merged.devices : null;
}
