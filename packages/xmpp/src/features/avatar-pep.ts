// XEP-0084 User Avatar over PEP: the metadata node tells which image (by its SHA-1) a user
// shows, the data node holds the bytes, one item per image named by that SHA-1.
//
// Hostile input is dropped here: a metadata item only counts from its owner's bare JID (a PEP
// notification is sent by the owner's account, RFC 6120 §8.1.2.1), ids must be SHA-1 hex, only
// bitmap types a renderer can show safely are taken, sizes are bounded, and an <info/> that
// points at a URL is never followed (arbitrary URLs are never fetched): it is skipped.
import {
  childIn,
  childrenIn,
  iqType,
  parseJid,
  requireJid,
  xml,
  type Element,
  type JID,
  type JidInput,
} from '../stanza.js';
import { FORM_PUBLISH_OPTIONS, NS_PUBSUB, NS_PUBSUB_EVENT } from './bookmarks.js';
import { NS_DATA } from './disco.js';

export const NS_AVATAR_METADATA = 'urn:xmpp:avatar:metadata';
export const NS_AVATAR_DATA = 'urn:xmpp:avatar:data';

/** The largest avatar taken from the network (Conversations and Gajim publish well under it). */
export const MAX_AVATAR_BYTES = 256 * 1024;
/** Image types we accept: bitmaps only (no SVG: it is a document that can carry script). */
export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export type AvatarType = (typeof AVATAR_TYPES)[number];
/** Infos kept from one metadata item; the XEP allows several (sizes and types). */
const MAX_INFOS = 16;
const SHA1_HEX = /^[0-9a-f]{40}$/;

export function isAvatarType(type: unknown): type is AvatarType {
  return typeof type === 'string' && (AVATAR_TYPES as readonly string[]).includes(type);
}

/** A SHA-1 id as XEP-0084 and XEP-0153 write it: 40 hex digits (taken case-insensitively). */
export function avatarHashOf(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const hash = text.trim().toLowerCase();
  return SHA1_HEX.test(hash) ? hash : null;
}

/** One image a metadata item announces, as far as we may fetch it. */
export interface AvatarInfo {
  /** SHA-1 of the bytes, lowercase hex: the data item id. */
  id: string;
  type: AvatarType;
  bytes: number;
}

/** A metadata update: the image to show, or null when the user removed theirs. */
export interface AvatarMetadata {
  /** The owner's bare JID. */
  jid: string;
  avatar: AvatarInfo | null;
}

/**
 * The image to take from a `<metadata/>`: the first info we can fetch from PEP (no url, a known
 * type, within the size bound), PNG first as the XEP makes it the one every publisher offers.
 * `{ rejected }` when the item announces images but none we may fetch.
 */
export function parseAvatarMetadata(metadata: Element): AvatarInfo | null | { rejected: string } {
  const infos = childrenIn(metadata, 'info', NS_AVATAR_METADATA).slice(0, MAX_INFOS);
  if (infos.length === 0) return null; // XEP-0084 §4.2: empty metadata means "no avatar".
  const usable: AvatarInfo[] = [];
  for (const info of infos) {
    const id = avatarHashOf(info.attrs.id);
    const type = info.attrs.type;
    const bytes = Number(info.attrs.bytes);
    // A url names an image hosted elsewhere: never fetched, whatever it points at.
    const url = info.attrs.url;
    if (!id || (typeof url === 'string' && url.trim() !== '') || !isAvatarType(type)) continue;
    if (!Number.isSafeInteger(bytes) || bytes <= 0 || bytes > MAX_AVATAR_BYTES) continue;
    usable.push({ id, type, bytes });
  }
  const chosen = usable.find((i) => i.type === 'image/png') ?? usable[0];
  return chosen ?? { rejected: 'no avatar in a type, size and place we accept' };
}

/**
 * A metadata notification (XEP-0084 §4.2 over XEP-0163), checked against its sender: it must
 * come from a bare JID with a localpart (a user's PEP service), or from our own account.
 * Null when the message carries no avatar metadata event.
 */
export function parseAvatarNotification(
  stanza: Element,
  ownJid: JidInput,
): AvatarMetadata | { rejected: string } | null {
  if (stanza.getName() !== 'message' || stanza.attrs.type === 'error') return null;
  const event = childIn(stanza, 'event', NS_PUBSUB_EVENT);
  const items = event
    ? childrenIn(event, 'items', NS_PUBSUB_EVENT).find((i) => i.attrs.node === NS_AVATAR_METADATA)
    : undefined;
  if (!items) return null;
  const own: JID = requireJid(ownJid).bare();
  const from = stanza.attrs.from;
  const sender = from === undefined ? own : parseJid(from);
  if (!sender || sender.resource || !sender.local) return { rejected: 'not sent by its owner' };
  const jid = sender.bare().toString();
  const item = childrenIn(items, 'item', NS_PUBSUB_EVENT).at(-1);
  if (!item) {
    // A retraction of the current item leaves no avatar.
    return childrenIn(items, 'retract', NS_PUBSUB_EVENT).length > 0
      ? { jid, avatar: null }
      : { rejected: 'metadata notification without an item' };
  }
  const metadata = childIn(item, 'metadata', NS_AVATAR_METADATA);
  if (!metadata) return { rejected: 'metadata item without <metadata/>' };
  const avatar = parseAvatarMetadata(metadata);
  if (avatar && 'rejected' in avatar) return avatar;
  return { jid, avatar };
}

/** Fetch one image from someone's data node by its id (their bare JID; ours too). */
export function buildAvatarDataFetch(owner: JidInput, id: string): Element {
  return xml(
    'iq',
    { type: 'get', to: requireJid(owner).bare().toString() },
    xml(
      'pubsub',
      { xmlns: NS_PUBSUB },
      xml('items', { node: NS_AVATAR_DATA }, xml('item', { id })),
    ),
  );
}

/** Fetch someone's current metadata (the last item). */
export function buildAvatarMetadataFetch(owner: JidInput): Element {
  return xml(
    'iq',
    { type: 'get', to: requireJid(owner).bare().toString() },
    xml('pubsub', { xmlns: NS_PUBSUB }, xml('items', { node: NS_AVATAR_METADATA, max_items: '1' })),
  );
}

/** The metadata in a fetch result: the image to show, null for none. */
export function parseAvatarMetadataResult(iq: Element): AvatarInfo | null | { rejected: string } {
  const items = resultItems(iq, NS_AVATAR_METADATA);
  const metadata = items
    ? childrenIn(items, 'item', NS_PUBSUB).at(-1)?.getChild('metadata', NS_AVATAR_METADATA)
    : undefined;
  return metadata ? parseAvatarMetadata(metadata) : null;
}

/**
 * The base64 text of the data item `id` in a fetch result, or why there is none to use. Text
 * longer than the size bound allows is refused before anything is decoded.
 */
export function parseAvatarDataResult(iq: Element, id: string): string | { rejected: string } {
  const items = resultItems(iq, NS_AVATAR_DATA);
  const item = items ? childrenIn(items, 'item', NS_PUBSUB).find((i) => i.attrs.id === id) : null;
  const data = item ? childIn(item, 'data', NS_AVATAR_DATA) : null;
  if (!data) return { rejected: 'avatar data missing' };
  const text = data.getText();
  if (text.length > maxBase64Length()) return { rejected: 'avatar larger than allowed' };
  return text;
}

/** Base64 of MAX_AVATAR_BYTES, with room for line breaks some publishers insert. */
export function maxBase64Length(): number {
  return Math.ceil(MAX_AVATAR_BYTES / 3) * 4 * 1.1;
}

function resultItems(iq: Element, node: string): Element | null {
  if (iqType(iq) !== 'result') return null;
  const items = iq.getChild('pubsub', NS_PUBSUB)?.getChild('items', NS_PUBSUB);
  return items && items.attrs.node === node ? items : null;
}

/** Readable by anyone (as Conversations and Dino publish it), not only presence subscribers. */
function publishOptions(): Element {
  return xml(
    'publish-options',
    {},
    xml(
      'x',
      { xmlns: NS_DATA, type: 'submit' },
      xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, FORM_PUBLISH_OPTIONS)),
      xml('field', { var: 'pubsub#access_model' }, xml('value', {}, 'open')),
    ),
  );
}

function publish(node: string, id: string, payload: Element): Element {
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'pubsub',
      { xmlns: NS_PUBSUB },
      xml('publish', { node }, xml('item', { id }, payload)),
      publishOptions(),
    ),
  );
}

/** Step 1 of publishing (XEP-0084 §4.1): the bytes, as base64, under their SHA-1. */
export function buildAvatarDataPublish(id: string, base64: string): Element {
  return publish(NS_AVATAR_DATA, id, xml('data', { xmlns: NS_AVATAR_DATA }, base64));
}

/** Step 2: the metadata that makes contacts fetch it; without an image, "no avatar". */
export function buildAvatarMetadataPublish(
  avatar: (AvatarInfo & { width?: number; height?: number }) | null,
): Element {
  const info = avatar
    ? xml('info', {
        id: avatar.id,
        type: avatar.type,
        bytes: String(avatar.bytes),
        ...(avatar.width ? { width: String(avatar.width) } : {}),
        ...(avatar.height ? { height: String(avatar.height) } : {}),
      })
    : null;
  // The item id of a "no avatar" item is free; XEP-0084 §4.2 suggests 'current'.
  return publish(
    NS_AVATAR_METADATA,
    avatar?.id ?? 'current',
    xml('metadata', { xmlns: NS_AVATAR_METADATA }, info),
  );
}
