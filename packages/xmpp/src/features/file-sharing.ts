// XEP-0447 Stateless File Sharing: a `<file-sharing/>` element that describes a file with
// XEP-0446 metadata (name, media type, size, XEP-0300 hashes, dimensions) and lists where to
// fetch it (XEP-0103 url-data). Everything in it is the sender's claim: names are made safe to
// show and to save, numbers are bounded, and the hash is only kept when it is well formed, so
// the download can be verified against it.
import { childIn, childrenIn, xml, type Element } from '../stanza.js';
import { MAX_URL_LENGTH } from './oob.js';

export const NS_SFS = 'urn:xmpp:sfs:0';
export const NS_FILE_METADATA = 'urn:xmpp:file:metadata:0';
export const NS_HASHES = 'urn:xmpp:hashes:2';
export const NS_URL_DATA = 'http://jabber.org/protocol/url-data';

/** Most file systems cap a name at 255 bytes: a longer one could not be saved as sent. */
export const MAX_FILE_NAME_BYTES = 255;
/** Sources looked at per file: one or two are normal, a hundred is an attack on our time. */
export const MAX_SOURCES = 8;
const MAX_HASHES = 16;
/** Pixels; larger than any real image or video, small enough for layout arithmetic. */
const MAX_DIMENSION = 1_000_000;

export interface SharedFile {
  /** Safe display and save name (sanitizeFileName); null when absent or nothing was left. */
  name: string | null;
  /** Bytes: a non-negative safe integer, else null. */
  size: number | null;
  /** Lowercased `type/subtype` without parameters, else null. */
  mediaType: string | null;
  /** Base64 SHA-256 (44 characters, 32 bytes), else null (also when several disagree). */
  sha256: string | null;
  /** url-data targets, trimmed and bounded, at most MAX_SOURCES; not yet checked for scheme. */
  urls: string[];
  width: number | null;
  height: number | null;
  /** XEP-0447 §3.1: 'attachment' asks receivers not to fetch without the user's consent. */
  disposition: 'inline' | 'attachment' | null;
}

// C0/C1 controls and DEL; bidi embeddings, overrides and isolates (U+202E makes "gpj.exe"
// look like "exe.jpg"); zero-width characters and BOM; line/paragraph separators.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const encoder = new TextEncoder();

/** Remove control, bidi and zero-width characters (and broken surrogates) from display text. */
export function stripInvisible(text: string): string {
  return text.replace(LONE_SURROGATE, '').replace(INVISIBLE, '');
}

function utf8Length(s: string): number {
  return encoder.encode(s).length;
}

/** The longest prefix of `s` (whole code points) that fits in `maxBytes` of UTF-8. */
function truncateUtf8(s: string, maxBytes: number): string {
  let bytes = 0;
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + size > maxBytes) break;
    bytes += size;
    out += ch;
  }
  return out;
}

/**
 * A file name safe to show and to use as the last component of a path (Dino CVE-2021-33896,
 * XEP-0446 §3): invisible and control characters removed, NFC, only the part after the last
 * '/' or '\', trimmed, at most `maxBytes` of UTF-8 (the extension is kept when shortening).
 * Null when nothing usable is left ('', '.', '..').
 */
export function sanitizeFileName(raw: unknown, maxBytes = MAX_FILE_NAME_BYTES): string | null {
  if (typeof raw !== 'string') return null;
  // Only the last path segment survives: look at no more of a huge name than that needs.
  const tail = raw.length > 65_536 ? raw.slice(-65_536) : raw;
  const cleaned = stripInvisible(tail).normalize('NFC');
  const base = cleaned.slice(Math.max(cleaned.lastIndexOf('/'), cleaned.lastIndexOf('\\')) + 1);
  const name = base.trim();
  if (name === '' || name === '.' || name === '..') return null;
  if (utf8Length(name) <= maxBytes) return name;
  const ext = /\.[^.\s]{1,16}$/.exec(name)?.[0] ?? '';
  if (ext && ext.length < name.length && utf8Length(ext) * 2 <= maxBytes) {
    const stem = truncateUtf8(name.slice(0, -ext.length), maxBytes - utf8Length(ext)).trimEnd();
    if (stem) return stem + ext;
  }
  return truncateUtf8(name, maxBytes).trimEnd() || null;
}

// RFC 6838 §4.2 restricted names: type "/" subtype, each 1–127 characters.
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/** 'Image/PNG; x=y' → 'image/png'; null for anything that is not a media type. */
export function normalizeMediaType(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 255) return null;
  const essence = (raw.split(';')[0] ?? '').trim().toLowerCase();
  return MEDIA_TYPE.test(essence) ? essence : null;
}

// Canonical base64 of exactly 32 bytes: 43 characters and one '=', the last character before
// the padding carrying only 4 significant bits.
const SHA256_BASE64 = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

/** Is this the base64 of a SHA-256 digest, as XEP-0300 puts it in a `<hash/>`? */
export function isSha256Base64(value: unknown): value is string {
  return typeof value === 'string' && SHA256_BASE64.test(value);
}

/** A decimal non-negative safe integer, else null ('1e3', '-1', '0x10', '' are refused). */
export function parseSize(text: string | null | undefined): number | null {
  if (typeof text !== 'string') return null;
  const t = text.trim();
  if (!/^\d{1,16}$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

function dimension(text: string | null | undefined): number | null {
  const n = parseSize(text);
  return n !== null && n > 0 && n <= MAX_DIMENSION ? n : null;
}

function metaText(file: Element, name: string): string | null {
  const el = childIn(file, name, NS_FILE_METADATA);
  return el ? el.getText() : null;
}

function parseSha256(file: Element): string | null {
  const found = new Set<string>();
  for (const hash of childrenIn(file, 'hash', NS_HASHES).slice(0, MAX_HASHES)) {
    if (hash.attrs.algo !== 'sha-256') continue;
    const value = hash.getText().trim();
    if (isSha256Base64(value)) found.add(value);
  }
  // Two different SHA-256 values for one file: one is a lie and we cannot tell which.
  return found.size === 1 ? ([...found][0] ?? null) : null;
}

function parseSources(sharing: Element): string[] {
  const sources = childIn(sharing, 'sources', NS_SFS);
  if (!sources) return [];
  const urls: string[] = [];
  for (const el of childrenIn(sources, 'url-data', NS_URL_DATA)) {
    if (urls.length >= MAX_SOURCES) break;
    const target = typeof el.attrs.target === 'string' ? el.attrs.target.trim() : '';
    if (target.length === 0 || target.length > MAX_URL_LENGTH || urls.includes(target)) continue;
    urls.push(target);
  }
  return urls;
}

/**
 * The first `<file-sharing/>` (a direct child of the message) with its XEP-0446 `<file/>`.
 * Null when there is none. Never throws; every field is bounded or null.
 */
export function parseFileSharing(stanza: Element): SharedFile | null {
  const sharing = childIn(stanza, 'file-sharing', NS_SFS);
  const file = sharing ? childIn(sharing, 'file', NS_FILE_METADATA) : null;
  if (!sharing || !file) return null;
  // Dino wrote <media_type/> for years (dino/dino#1733): read it when the right one is absent.
  const mediaType = metaText(file, 'media-type') ?? metaText(file, 'media_type');
  // XEP-0446 0.2 has <width/> and <height/>; 0.1 had <dimensions>WxH</dimensions>.
  const dims = /^\s*(\d+)x(\d+)\s*$/.exec(metaText(file, 'dimensions') ?? '');
  const disposition = sharing.attrs.disposition;
  return {
    name: sanitizeFileName(metaText(file, 'name')),
    size: parseSize(metaText(file, 'size')),
    mediaType: normalizeMediaType(mediaType),
    sha256: parseSha256(file),
    urls: parseSources(sharing),
    width: dimension(metaText(file, 'width') ?? dims?.[1]),
    height: dimension(metaText(file, 'height') ?? dims?.[2]),
    disposition: disposition === 'inline' || disposition === 'attachment' ? disposition : null,
  };
}

export interface OutgoingSharedFile {
  name: string;
  size: number;
  mediaType: string;
  /** Base64 SHA-256 of the content. */
  sha256: string;
  /** Where the file was uploaded (the slot's GET URL). */
  url: string;
  width?: number;
  height?: number;
}

/**
 * `<file-sharing/>` for a file we uploaded. The name goes through sanitizeFileName (as the
 * slot request's does) and an unusable media type becomes application/octet-stream (XEP-0446's
 * default). Throws TypeError for a size or hash that cannot be right: a caller bug.
 */
export function buildFileSharing(o: OutgoingSharedFile): Element {
  if (!Number.isSafeInteger(o.size) || o.size < 0) throw new TypeError('Invalid file size');
  if (!isSha256Base64(o.sha256)) throw new TypeError('sha256 must be base64 of 32 bytes');
  const dim = (n: number | undefined): string | null =>
    n !== undefined && Number.isSafeInteger(n) && n > 0 && n <= MAX_DIMENSION ? String(n) : null;
  const width = dim(o.width);
  const height = dim(o.height);
  return xml(
    'file-sharing',
    { xmlns: NS_SFS },
    xml(
      'file',
      { xmlns: NS_FILE_METADATA },
      xml('media-type', {}, normalizeMediaType(o.mediaType) ?? 'application/octet-stream'),
      xml('name', {}, sanitizeFileName(o.name) ?? 'file'),
      xml('size', {}, String(o.size)),
      width && height ? [xml('width', {}, width), xml('height', {}, height)] : null,
      xml('hash', { xmlns: NS_HASHES, algo: 'sha-256' }, o.sha256),
    ),
    xml('sources', {}, xml('url-data', { xmlns: NS_URL_DATA, target: o.url })),
  );
}
