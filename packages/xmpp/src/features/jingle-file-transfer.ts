// XEP-0234 Jingle File Transfer (urn:xmpp:jingle:apps:file-transfer:5): the <description/> of
// a file offered in a session-initiate (name, size, media-type, date, desc, XEP-0300 hash,
// range), and the session-info payloads <received/> and <checksum/>. Everything read is the
// sender's claim: names are made safe (sanitizeFileName), numbers bounded, hashes well formed.
import {
  childIn,
  childrenIn,
  formatDateTime,
  parseDateTime,
  xml,
  type Element,
} from '../stanza.js';
import {
  NS_HASHES,
  isSha256Base64,
  normalizeMediaType,
  parseSize,
  sanitizeFileName,
  stripInvisible,
} from './file-sharing.js';
import { NS_JINGLE } from './jingle.js';

export const NS_JINGLE_FT = 'urn:xmpp:jingle:apps:file-transfer:5';

/** A description's text is for display beside the file; longer is no description. */
const MAX_DESC = 1024;
const MAX_HASHES = 16;
/** Content names are ours or the peer's labels; bounded and printable. */
const CONTENT_NAME = /^[\x21-\x7e]{1,64}$/u;

export interface JingleFile {
  /** Safe display and save name; null when absent or nothing usable was left. */
  name: string | null;
  size: number | null;
  mediaType: string | null;
  /** UTC milliseconds of the file's last change, when given. */
  date: number | null;
  desc: string | null;
  /** Base64 SHA-256 (XEP-0300 hashes:2), when given and well formed (one value only). */
  sha256: string | null;
  /** A <range/> (XEP-0234 §7.5): offset and length asked for; null for the whole file. */
  range: { offset: number; length: number | null } | null;
}

export interface FileOffer {
  name: string;
  size: number;
  mediaType?: string | null;
  date?: number | null;
  desc?: string | null;
  /** Base64 SHA-256 of the whole file. */
  sha256: string;
}

/** `<description xmlns=file-transfer:5><file>…</file></description>` for a file we send. */
export function buildFileDescription(offer: FileOffer): Element {
  if (!Number.isSafeInteger(offer.size) || offer.size < 0) throw new TypeError('Invalid size');
  if (!isSha256Base64(offer.sha256)) throw new TypeError('sha256 must be base64 of 32 bytes');
  const children: Element[] = [];
  const mediaType = normalizeMediaType(offer.mediaType);
  if (mediaType) children.push(xml('media-type', {}, mediaType));
  children.push(xml('name', {}, sanitizeFileName(offer.name) ?? 'file'));
  if (offer.date) children.push(xml('date', {}, formatDateTime(offer.date)));
  children.push(xml('size', {}, String(offer.size)));
  if (offer.desc) children.push(xml('desc', {}, offer.desc.slice(0, MAX_DESC)));
  children.push(xml('hash', { xmlns: NS_HASHES, algo: 'sha-256' }, offer.sha256));
  return xml('description', { xmlns: NS_JINGLE_FT }, xml('file', {}, ...children));
}

/** The offered file of a file-transfer <description/>; null when it is none or has no <file/>. */
export function parseFileDescription(description: Element): JingleFile | null {
  if (description.name !== 'description' || description.getNS() !== NS_JINGLE_FT) return null;
  const file = childIn(description, 'file', NS_JINGLE_FT);
  return file ? readFile(file) : null;
}

function readFile(file: Element): JingleFile {
  const text = (name: string) => childIn(file, name, NS_JINGLE_FT)?.getText() ?? null;
  const desc = text('desc');
  const range = childIn(file, 'range', NS_JINGLE_FT);
  const offset = range
    ? range.attrs.offset === undefined
      ? 0
      : parseSize(range.attrs.offset)
    : null;
  return {
    name: sanitizeFileName(text('name')),
    size: parseSize(text('size')),
    mediaType: normalizeMediaType(text('media-type')),
    date: parseDateTime(text('date')),
    desc: desc ? stripInvisible(desc).slice(0, MAX_DESC) : null,
    sha256: sha256Of(file),
    range:
      range && offset !== null
        ? {
            offset,
            length: range.attrs.length === undefined ? null : parseSize(range.attrs.length),
          }
        : null,
  };
}

function sha256Of(file: Element): string | null {
  const found = new Set<string>();
  for (const hash of childrenIn(file, 'hash', NS_HASHES).slice(0, MAX_HASHES)) {
    const value = hash.getText().trim();
    if (hash.attrs.algo === 'sha-256' && isSha256Base64(value)) found.add(value);
  }
  // Two values for one file: one is a lie and we cannot tell which.
  return found.size === 1 ? ([...found][0] ?? null) : null;
}

/** The file-transfer content of a Jingle element: its name, creator and description. */
export interface FileContent {
  name: string;
  creator: 'initiator' | 'responder';
  senders: 'initiator' | 'responder' | 'both' | 'none';
  file: JingleFile;
  /** The content's <transport/> (any namespace), for the transports to read. */
  transport: Element | null;
  /** The <content/> itself. */
  element: Element;
}

/** The one file-transfer content of a session-initiate; null when there is none or several. */
export function parseFileContent(jingle: Element): FileContent | null {
  const contents = childrenIn(jingle, 'content', NS_JINGLE);
  if (contents.length !== 1) return null;
  const content = contents[0] as Element;
  const description = childIn(content, 'description', NS_JINGLE_FT);
  const file = description ? parseFileDescription(description) : null;
  const { name, creator, senders = 'both' } = content.attrs as Record<string, string>;
  if (!file || typeof name !== 'string' || !CONTENT_NAME.test(name)) return null;
  if (creator !== 'initiator' && creator !== 'responder') return null;
  if (!['initiator', 'responder', 'both', 'none'].includes(senders)) return null;
  const transport = content.getChildElements().find((c) => c.name === 'transport') ?? null;
  return {
    name,
    creator,
    senders: senders as FileContent['senders'],
    file,
    transport,
    element: content,
  };
}

/** Whether a session-initiate offers a file (so the file service, not calls, takes it). */
export function offersFile(jingle: Element): boolean {
  return childrenIn(jingle, 'content', NS_JINGLE).some(
    (c) => childIn(c, 'description', NS_JINGLE_FT) !== null,
  );
}

/** session-info `<received/>` (§8.1): the receiver has the whole file. */
export function buildReceived(creator: 'initiator' | 'responder', name: string): Element {
  return xml('received', { xmlns: NS_JINGLE_FT, creator, name });
}

/** session-info `<checksum/>` (§8.2): the file's hash, when it was not in the offer. */
export function buildChecksum(
  creator: 'initiator' | 'responder',
  name: string,
  sha256: string,
): Element {
  return xml(
    'checksum',
    { xmlns: NS_JINGLE_FT, creator, name },
    xml('file', {}, xml('hash', { xmlns: NS_HASHES, algo: 'sha-256' }, sha256)),
  );
}

export type FileInfo = { received: true } | { checksum: string | null };

/** A file-transfer session-info payload; null when the jingle element carries none. */
export function parseFileInfo(jingle: Element): FileInfo | null {
  if (childIn(jingle, 'received', NS_JINGLE_FT)) return { received: true };
  const checksum = childIn(jingle, 'checksum', NS_JINGLE_FT);
  if (!checksum) return null;
  const file = childIn(checksum, 'file', NS_JINGLE_FT);
  return { checksum: file ? sha256Of(file) : null };
}
