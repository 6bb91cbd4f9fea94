// XEP-0221 Data Forms Media Element, with XEP-0231 Bits of Binary as the source of `cid:` URIs:
// the image of a CAPTCHA (XEP-0158) and the like. The server's bytes are shown to the user, so
// only a few image types of bounded size are kept, and web addresses are only handed out as
// links (https or http, never fetched here).
import type { FieldMedia, MediaImageType } from '@parley/contract';
import { capText, childrenIn, type Element } from '../stanza.js';
import { NS_DATA } from './disco.js';

export const NS_MEDIA = 'urn:xmpp:media-element';
export const NS_BOB = 'urn:xmpp:bob';

/** Decoded bytes of one image (a CAPTCHA is a few KiB). */
export const MAX_MEDIA_BYTES = 64 * 1024;
/** BoB items read from one stanza, media elements per form, URIs per media element. */
export const MAX_BOB_ITEMS = 8;
export const MAX_MEDIA_FIELDS = 8;
export const MAX_MEDIA_URIS = 8;
export const MAX_LINKS_PER_FIELD = 4;
const MAX_URI_LENGTH = 2048;

/** No SVG: it is a document, not a picture. */
export const IMAGE_TYPES: readonly MediaImageType[] = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
];

interface BobItem {
  type: string;
  base64: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/u;

/**
 * The `<data xmlns='urn:xmpp:bob'/>` items carried in `stanza` (as its children or its
 * payload's children, where servers put them), by cid. Items of a type we do not show, too
 * big, or not base64 are left out.
 */
export function collectBob(stanza: Element): Map<string, BobItem> {
  const found = new Map<string, BobItem>();
  const places = [stanza, ...stanza.getChildElements()];
  for (const place of places) {
    for (const data of childrenIn(place, 'data', NS_BOB)) {
      if (found.size >= MAX_BOB_ITEMS) return found;
      const cid = data.attrs.cid;
      const type = String(data.attrs.type ?? '').toLowerCase();
      if (typeof cid !== 'string' || cid.length === 0 || cid.length > 512) continue;
      if (!(IMAGE_TYPES as readonly string[]).includes(type)) continue;
      const base64 = data.getText().replace(/\s+/gu, '');
      // Four base64 characters carry three bytes: check the size before decoding anything.
      if (base64.length === 0 || (base64.length * 3) / 4 > MAX_MEDIA_BYTES + 3) continue;
      if (base64.length % 4 !== 0 || !BASE64.test(base64)) continue;
      if (!found.has(cid)) found.set(cid, { type, base64 });
    }
  }
  return found;
}

/** Bytes start like the type says (a PNG that is really HTML is not shown). */
function looksLike(type: string, base64: string): boolean {
  const head = Buffer.from(base64.slice(0, 24), 'base64');
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  switch (type) {
    case 'image/png':
      return starts(0x89, 0x50, 0x4e, 0x47);
    case 'image/jpeg':
      return starts(0xff, 0xd8, 0xff);
    case 'image/gif':
      return starts(0x47, 0x49, 0x46, 0x38);
    case 'image/webp':
      return starts(0x52, 0x49, 0x46, 0x46) && head.subarray(8, 12).toString('latin1') === 'WEBP';
    default:
      return false;
  }
}

function webLink(uri: string): string | null {
  if (uri.length > MAX_URI_LENGTH) return null;
  try {
    const url = new URL(uri);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (url.username || url.password) return null;
    return url.toString();
  } catch {
    return null;
  }
}

/**
 * The media of each field of form `x` that has one: an inline image when a `cid:` URI names a
 * BoB item of `stanza` (the stanza that carried the form), and http(s) links otherwise.
 */
export function parseFormMedia(x: Element, stanza: Element): FieldMedia[] {
  if (x.getName() !== 'x' || x.getNS() !== NS_DATA) return [];
  const bob = collectBob(stanza);
  const out: FieldMedia[] = [];
  for (const field of childrenIn(x, 'field', NS_DATA)) {
    if (out.length >= MAX_MEDIA_FIELDS) break;
    const media = childrenIn(field, 'media', NS_MEDIA)[0];
    const name = field.attrs.var;
    if (!media || typeof name !== 'string' || name.length === 0 || name.length > 1024) continue;
    let image: FieldMedia['image'] = null;
    const links: string[] = [];
    for (const uri of childrenIn(media, 'uri', NS_MEDIA).slice(0, MAX_MEDIA_URIS)) {
      const text = uri.getText().trim();
      if (text.startsWith('cid:')) {
        const item = bob.get(text.slice(4));
        const type = String(uri.attrs.type ?? item?.type ?? '').toLowerCase();
        if (!image && item && item.type === type && looksLike(item.type, item.base64))
          image = { type: item.type as MediaImageType, base64: item.base64 };
      } else {
        const link = webLink(text);
        if (link && links.length < MAX_LINKS_PER_FIELD && !links.includes(link)) links.push(link);
      }
    }
    if (!image && links.length === 0) continue;
    out.push({
      var: capText(name, 1024),
      image,
      links,
      width: dimension(media.attrs.width),
      height: dimension(media.attrs.height),
    });
  }
  return out;
}

function dimension(value: unknown): number | null {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 && n <= 4096 ? n : null;
}
