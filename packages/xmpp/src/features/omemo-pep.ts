// OMEMO over PEP (XEP-0384 with XEP-0163/0060): fetch and publish device lists and bundles in
// both namespaces. Everything is published with `pubsub#access_model=open`: with PEP's default
// ('presence') a first contact or a room member who is not in the roster cannot read our keys
// (Gajim #11506, gajim-omemo#8). A node that exists with another access model makes Prosody
// answer the publish with conflict + precondition-not-met; the node is then reconfigured by its
// owner (us) and the publish repeated, as Conversations' PublishOptions.preconditionNotMet does.
//
// The async helpers take the iq sender (Session.iq) as a function: this module keeps no state
// and touches no socket; callers serialise publishing per account.
import {
  childIn,
  childrenIn,
  iqType,
  NS_STANZAS,
  requireJid,
  xml,
  type Element,
  type JidInput,
} from '../stanza.js';
import { FORM_PUBLISH_OPTIONS, NS_PUBSUB } from './bookmarks.js';
import { NS_DATA } from './disco.js';
import { buildBundle, parseBundle, type OmemoBundle } from './omemo-bundle.js';
import {
  buildDeviceList,
  mergeOwnDevice,
  parseDeviceList,
  type OmemoDevice,
} from './omemo-devices.js';
import {
  bundleNode,
  deviceListNode,
  NODE_OMEMO2_BUNDLES,
  omemoIdText,
  type OmemoVersion,
} from './omemo-ns.js';

export const NS_PUBSUB_OWNER = 'http://jabber.org/protocol/pubsub#owner';
export const NS_PUBSUB_ERRORS = 'http://jabber.org/protocol/pubsub#errors';
export const FORM_NODE_CONFIG = 'http://jabber.org/protocol/pubsub#node_config';

/** Sends an iq get/set and resolves with its result; rejects on an error answer (Session.iq). */
export type IqSender = (iq: Element) => Promise<Element>;

/** The node settings OMEMO needs: readable by anyone; OMEMO 2 keeps one bundle per device. */
function nodeOptions(node: string): [string, string][] {
  const options: [string, string][] = [['pubsub#access_model', 'open']];
  if (node === NODE_OMEMO2_BUNDLES) options.push(['pubsub#max_items', 'max']);
  return options;
}

function form(type: string, options: [string, string][]): Element {
  return xml(
    'x',
    { xmlns: NS_DATA, type: 'submit' },
    xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, type)),
    ...options.map(([name, value]) => xml('field', { var: name }, xml('value', {}, value))),
  );
}

function publish(node: string, itemId: string, payload: Element): Element {
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'pubsub',
      { xmlns: NS_PUBSUB },
      xml('publish', { node }, xml('item', { id: itemId }, payload)),
      xml('publish-options', {}, form(FORM_PUBLISH_OPTIONS, nodeOptions(node))),
    ),
  );
}

/** Publish our device list (item 'current') to our own PEP service. */
export function buildDeviceListPublish(
  devices: readonly OmemoDevice[],
  version: OmemoVersion,
): Element {
  return publish(deviceListNode(version), 'current', buildDeviceList(devices, version));
}

/** Publish our bundle: node `…bundles:<id>` item 'current' (legacy), item `<id>` (OMEMO 2). */
export function buildBundlePublish(
  deviceId: number,
  bundle: OmemoBundle,
  version: OmemoVersion,
): Element {
  const itemId = version === 'legacy' ? 'current' : omemoIdText(deviceId);
  return publish(bundleNode(version, deviceId), itemId, buildBundle(bundle, version));
}

/** The owner's reconfiguration of an existing node to the settings the publish asked for. */
export function buildNodeConfigure(node: string): Element {
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'pubsub',
      { xmlns: NS_PUBSUB_OWNER },
      xml('configure', { node }, form(FORM_NODE_CONFIG, nodeOptions(node))),
    ),
  );
}

/** Fetch someone's device list (their bare JID; our own too). */
export function buildDeviceListFetch(owner: JidInput, version: OmemoVersion): Element {
  return xml(
    'iq',
    { type: 'get', to: requireJid(owner).bare().toString() },
    xml(
      'pubsub',
      { xmlns: NS_PUBSUB },
      xml('items', { node: deviceListNode(version), max_items: '1' }),
    ),
  );
}

/** Fetch one device's bundle: the node's only item (legacy) or the item named by the id (v2). */
export function buildBundleFetch(
  owner: JidInput,
  deviceId: number,
  version: OmemoVersion,
): Element {
  const node = bundleNode(version, deviceId);
  const items =
    version === 'legacy'
      ? xml('items', { node, max_items: '1' })
      : xml('items', { node }, xml('item', { id: omemoIdText(deviceId) }));
  return xml(
    'iq',
    { type: 'get', to: requireJid(owner).bare().toString() },
    xml('pubsub', { xmlns: NS_PUBSUB }, items),
  );
}

/** The payload of the item a fetch asked for: the last item, or the one with `itemId`. */
function fetchedPayload(iq: Element, node: string, itemId?: string): Element | null {
  if (iqType(iq) !== 'result') return null;
  const pubsub = childIn(iq, 'pubsub', NS_PUBSUB);
  const items = pubsub ? childIn(pubsub, 'items', NS_PUBSUB) : null;
  if (!items || items.attrs.node !== node) return null;
  const all = childrenIn(items, 'item', NS_PUBSUB);
  const item = itemId === undefined ? all.at(-1) : all.find((i) => i.attrs.id === itemId);
  return item?.getChildElements()[0] ?? null;
}

/** The devices in a device-list fetch result; [] when the node holds no item. */
export function parseDeviceListResult(iq: Element, version: OmemoVersion): OmemoDevice[] | null {
  if (iqType(iq) !== 'result') return null;
  const list = fetchedPayload(iq, deviceListNode(version));
  return list ? parseDeviceList(list, version) : [];
}

/** The bundle in a bundle fetch result, or why there is none to use. */
export function parseBundleResult(
  iq: Element,
  deviceId: number,
  version: OmemoVersion,
): OmemoBundle | { rejected: string } {
  const itemId = version === 'v2' ? String(deviceId) : undefined;
  const payload = fetchedPayload(iq, bundleNode(version, deviceId), itemId);
  return payload ? parseBundle(payload, version) : { rejected: 'no bundle published' };
}

/** The `<error/>` element of a failed iq, from Session.iq's rejection or an error iq. */
function errorElement(err: unknown): Element | null {
  let cause: unknown = err;
  for (let depth = 0; depth < 4 && cause; depth++) {
    const c = cause as { element?: Element; name?: string; cause?: unknown };
    if (c.element && typeof c.element.getName === 'function') return c.element;
    if (typeof (cause as Element).getName === 'function') {
      const el = cause as Element;
      return el.getName() === 'error' ? el : (childIn(el, 'error', el.getNS()) ?? null);
    }
    cause = c.cause;
  }
  return null;
}

/** XEP-0060 §7.1.5: the publish-options could not be applied to the existing node. */
export function isPreconditionNotMet(err: unknown): boolean {
  const error = errorElement(err);
  return error !== null && childIn(error, 'precondition-not-met', NS_PUBSUB_ERRORS) !== null;
}

/** The stanza-error condition of a failed iq ('item-not-found', 'forbidden'...), or null. */
export function iqErrorCondition(err: unknown): string | null {
  const condition = (err as { condition?: unknown } | null)?.condition;
  return typeof condition === 'string' ? condition : null;
}

/**
 * Error conditions a server gives for a publish-options field it does not know (ejabberd 23.01
 * answers resource-constraint "Unknown field 'pubsub#max_items' of type …publish-options").
 */
const UNKNOWN_OPTION_CONDITIONS = new Set([
  'resource-constraint',
  'not-acceptable',
  'bad-request',
  'feature-not-implemented',
]);

/** The publish was refused for an option beyond the access model (only OMEMO 2's max_items). */
function refusedExtraOption(err: unknown, node: string): boolean {
  const condition = iqErrorCondition(err);
  return (
    nodeOptions(node).length > 1 && condition !== null && UNKNOWN_OPTION_CONDITIONS.has(condition)
  );
}

function publishedNode(publishIq: Element): { publish: Element; node: string } {
  const publish = publishIq.getChild('pubsub', NS_PUBSUB)?.getChild('publish');
  const node = publish?.attrs.node;
  if (!publish || typeof node !== 'string') throw new TypeError('not a publish iq');
  return { publish, node };
}

/** Configure `node` to what OMEMO needs; false when the node does not exist yet. */
async function configureNode(send: IqSender, node: string): Promise<boolean> {
  try {
    await send(buildNodeConfigure(node));
    return true;
  } catch (err) {
    if (iqErrorCondition(err) === 'item-not-found') return false;
    throw err;
  }
}

/**
 * Send a publish with publish-options; when the node exists with other settings, reconfigure
 * it and publish once more. A server that refuses an option it does not know (ejabberd 23.01
 * takes only the access model there, and its PEP nodes keep ONE item by default, so a second
 * device's OMEMO 2 bundle would replace the first) gets the node configured by its owner
 * before the publish (or right after, when the publish creates it) and a publish that asks for
 * the access model only. Any other error, or a second refusal, rejects.
 */
export async function publishWithOptions(send: IqSender, publishIq: Element): Promise<void> {
  const { publish, node } = publishedNode(publishIq);
  try {
    await send(publishIq);
    return;
  } catch (err) {
    if (refusedExtraOption(err, node)) {
      const existed = await configureNode(send, node);
      const accessOnly = nodeOptions(node).filter(([name]) => name === 'pubsub#access_model');
      await send(
        xml(
          'iq',
          { type: 'set' },
          xml(
            'pubsub',
            { xmlns: NS_PUBSUB },
            publish,
            xml('publish-options', {}, form(FORM_PUBLISH_OPTIONS, accessOnly)),
          ),
        ),
      );
      if (!existed) await send(buildNodeConfigure(node));
      return;
    }
    if (!isPreconditionNotMet(err)) throw err;
  }
  await send(buildNodeConfigure(node));
  // A new iq: the first one was answered, and its id must not be reused.
  await send(xml('iq', { type: 'set' }, ...publishIq.getChildElements()));
}

/**
 * The RFC 6120 condition of a failed iq, read from the `<error/>` itself: ejabberd writes the
 * pubsub#errors element first (`<presence-subscription-required/><not-authorized/>`), and
 * @xmpp/client takes the first child as the condition.
 */
function definedCondition(err: unknown): string | null {
  const error = errorElement(err);
  const defined = error
    ?.getChildElements()
    .find((c) => c.getNS() === NS_STANZAS && c.getName() !== 'text');
  return defined?.getName() ?? iqErrorCondition(err);
}

/** A node we may not read: missing, or closed to us (presence/roster/whitelist access). */
const UNREADABLE = new Set(['item-not-found', 'forbidden', 'not-authorized', 'not-allowed']);

/**
 * Someone's devices in one namespace. A missing node answers item-not-found; one closed to us
 * answers forbidden (Prosody) or not-authorized / not-allowed (ejabberd, XEP-0060 §6.5.9): all
 * mean "no devices here". Other failures reject.
 */
export async function fetchDeviceList(
  send: IqSender,
  owner: JidInput,
  version: OmemoVersion,
): Promise<OmemoDevice[]> {
  try {
    return parseDeviceListResult(await send(buildDeviceListFetch(owner, version)), version) ?? [];
  } catch (err) {
    if (UNREADABLE.has(definedCondition(err) ?? '')) return [];
    throw err;
  }
}

/** One device's bundle, or why it cannot be used (missing, unreadable or malformed). */
export async function fetchBundle(
  send: IqSender,
  owner: JidInput,
  deviceId: number,
  version: OmemoVersion,
): Promise<OmemoBundle | { rejected: string }> {
  try {
    return parseBundleResult(
      await send(buildBundleFetch(owner, deviceId, version)),
      deviceId,
      version,
    );
  } catch (err) {
    const condition = iqErrorCondition(err);
    if (condition === null) throw err;
    return { rejected: `bundle not available (${condition})` };
  }
}

/**
 * Make sure our device is on our own list: read it, keep every other device, add ours, and
 * publish only when that changed. Returns the list as published.
 */
export async function announceOwnDevice(
  send: IqSender,
  ownJid: JidInput,
  own: OmemoDevice,
  version: OmemoVersion,
): Promise<OmemoDevice[]> {
  const published = await fetchDeviceList(send, ownJid, version);
  const merged = mergeOwnDevice(published, own);
  if (merged.changed)
    await publishWithOptions(send, buildDeviceListPublish(merged.devices, version));
  return merged.devices;
}

/** Publish our bundle (on every login: bundles have gone missing after server restarts). */
export async function publishOwnBundle(
  send: IqSender,
  deviceId: number,
  bundle: OmemoBundle,
  version: OmemoVersion,
): Promise<void> {
  await publishWithOptions(send, buildBundlePublish(deviceId, bundle, version));
}
