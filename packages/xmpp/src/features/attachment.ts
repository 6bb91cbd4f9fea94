// A file in a message, as the contract's Attachment: read from XEP-0447 stateless file sharing
// (preferred: it has size, type and hash) or XEP-0066 OOB (what most clients send), and the
// message we send after an XEP-0363 upload, which carries both plus the URL as its body. Also
// the words the UI shows when a transfer fails.
import { formatBytes, type Attachment, type TransferErrorCode } from '@parley/contract';
import { capText, requireJid, xml, type Element, type JidInput } from '../stanza.js';
import { buildChatMessage } from './chat.js';
import {
  buildFileSharing,
  parseFileSharing,
  sanitizeFileName,
  stripInvisible,
} from './file-sharing.js';
import { storeHint } from './hints.js';
import { NS_MUC_USER } from './muc.js';
import { buildGroupchatMessage } from './muc-message.js';
import { buildOob, MAX_URL_LENGTH, parseOob } from './oob.js';

/** Hosts plain http is allowed to: the test servers on this machine, nothing on a network. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '[::1]', 'localhost']);
// Whitespace and controls have no place in a URL; the URL parser would silently drop some
// (tabs, newlines) and so fetch something other than what was shown.
// eslint-disable-next-line no-control-regex
const BAD_URL_CHARS = /[\u0000-\u0020\u007f-\u009f]/;

export type UrlCheck = { ok: true; url: string } | { ok: false; reason: 'invalid' | 'insecure' };

/**
 * Is `raw` a URL we would fetch (or PUT to), and its normalized form? https to any host, or
 * http only to loopback (tests against a local Prosody). 'insecure' for a parseable URL of any
 * other scheme or host (javascript:, file:, ftp:, http to the network...); 'invalid' for text
 * that is not a URL, too long, or carries credentials (fetch refuses them, and
 * "https://bank.example@evil.example/" is a classic disguise).
 */
export function checkFetchableUrl(raw: unknown): UrlCheck {
  if (typeof raw !== 'string') return { ok: false, reason: 'invalid' };
  const text = raw.trim();
  if (text.length === 0 || text.length > MAX_URL_LENGTH || BAD_URL_CHARS.test(text)) {
    return { ok: false, reason: 'invalid' };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const secure =
    (url.protocol === 'https:' && url.hostname !== '') ||
    (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  if (!secure) return { ok: false, reason: 'insecure' };
  if (url.username !== '' || url.password !== '' || url.href.length > MAX_URL_LENGTH) {
    return { ok: false, reason: 'invalid' };
  }
  return { ok: true, url: url.href };
}

/** True for an https URL, or an http one to loopback (see checkFetchableUrl). */
export function isFetchableUrl(url: unknown): boolean {
  return checkFetchableUrl(url).ok;
}

/** A display name from the URL's last non-empty path segment, percent-decoded and sanitized. */
export function fileNameFromUrl(url: string): string | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const segment = path
    .split('/')
    .filter((s) => s !== '')
    .pop();
  if (segment === undefined) return null;
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // Malformed escapes ("%E0%A4%A"): show the segment as it is.
  }
  return sanitizeFileName(decoded);
}

/**
 * The file a message points at, or null when it has none we would fetch. XEP-0447 metadata wins
 * over OOB; the URL is the first fetchable one among the SFS url-data sources and then the OOB
 * url (Dino and we send both; only the hash check, not the URL, vouches for the content). The
 * name falls back to the URL's last path segment, then to 'file'. Encrypted-file URLs
 * (aesgcm://, XEP-0454) are not fetchable here: OMEMO will handle them.
 */
export function parseAttachment(stanza: Element): Attachment | null {
  const shared = parseFileSharing(stanza);
  const oob = parseOob(stanza);
  const candidates = [...(shared?.urls ?? []), ...(oob ? [oob.url] : [])];
  let url: string | null = null;
  for (const candidate of candidates) {
    const check = checkFetchableUrl(candidate);
    if (check.ok) {
      url = check.url;
      break;
    }
  }
  if (url === null) return null;
  return {
    url,
    name: shared?.name ?? fileNameFromUrl(url) ?? 'file',
    size: shared?.size ?? null,
    mediaType: shared?.mediaType ?? null,
    sha256: shared?.sha256 ?? null,
    // Only 'attachment' changes anything (no automatic download); 'inline' is the default.
    ...(shared?.disposition === 'attachment' ? { disposition: 'attachment' as const } : {}),
  };
}

export interface OutgoingFileMessage {
  /** A contact, a room (groupchat), or room/nick (private). */
  to: JidInput;
  type: 'chat' | 'groupchat';
  /** Stanza id, also the origin-id. */
  id: string;
  /** The slot's GET URL. */
  url: string;
  name: string;
  size: number;
  mediaType: string;
  /** Base64 SHA-256 of what was uploaded. */
  sha256: string;
  width?: number;
  height?: number;
  /** A private message to an occupant through the room (XEP-0045 §7.5): type must be 'chat'. */
  private?: boolean;
}

/**
 * The message announcing an uploaded file. The body is the bare URL, so older clients show a
 * link and Conversations/Dino (body equal to the OOB URL) show a file; then the OOB element, the
 * XEP-0447 element, an origin-id and a `<store/>` hint. One-to-one (and private) messages also
 * ask for a receipt and say `<active/>`, as chat.ts does for text; groupchat does neither.
 * Throws TypeError for an invalid address, a private message not to room/nick, or a bad size
 * or hash (buildFileSharing).
 */
export function buildFileMessage(o: OutgoingFileMessage): Element {
  const sharing = buildFileSharing(o);
  if (o.type === 'groupchat') {
    if (o.private) throw new TypeError('A private message through a room is of type chat');
    const msg = buildGroupchatMessage({ room: o.to, body: o.url, id: o.id });
    msg.append(buildOob(o.url), sharing, storeHint());
    return msg;
  }
  if (o.private && !requireJid(o.to).resource) {
    throw new TypeError('A MUC private message goes to room@service/nick');
  }
  const msg = buildChatMessage({ to: o.to, body: o.url, id: o.id });
  msg.append(buildOob(o.url), sharing);
  if (o.private) msg.append(xml('x', { xmlns: NS_MUC_USER }));
  return msg;
}

/** Sizes in words: the one wording Parley uses everywhere (contract format-bytes.ts). */
export { formatBytes };

/** What describeTransferError can say more about a failure. */
export interface TransferErrorDetail {
  /** The file's size in bytes. */
  size?: number | null;
  /** The server's limit in bytes (too-large). */
  maxSize?: number | null;
  /** UTC ms after which the server accepts uploads again (slot-refused). */
  retryAt?: number | null;
  /** HTTP status of a failed PUT or GET. */
  status?: number | null;
  /** The server's own explanation (slot-refused); shown quoted, cleaned and shortened. */
  text?: string | null;
}

/** Text from a server, safe to embed in a sentence: one line, no invisible characters, short. */
export function quoteServerText(text: string | null | undefined, max = 200): string | null {
  if (!text) return null;
  const clean = stripInvisible(text.replace(/\s+/g, ' ')).trim();
  return clean ? capText(clean, max) : null;
}

/** '2017-12-03 23:42 UTC' */
export function formatUtcMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function tooLarge(size: number | null | undefined, max: number | null | undefined): string {
  const known = (n: number | null | undefined): n is number =>
    typeof n === 'number' && Number.isFinite(n) && n >= 0;
  if (known(size) && known(max)) {
    let a = formatBytes(size);
    let b = formatBytes(max);
    // 10 MB + 1 byte and 10 MB print alike: then the exact numbers explain it.
    if (a === b)
      [a, b] = [`${size.toLocaleString('en-US')} bytes`, `${max.toLocaleString('en-US')} bytes`];
    return `The file is ${a}; this server accepts at most ${b}.`;
  }
  if (known(max)) return `The file is too large: this server accepts at most ${formatBytes(max)}.`;
  if (known(size)) return `The file (${formatBytes(size)}) is larger than this server accepts.`;
  return 'The file is larger than this server accepts.';
}

function withStatus(sentence: string, status: number | null | undefined): string {
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599
    ? `${sentence} (HTTP ${status}).`
    : `${sentence}.`;
}

/** An English sentence for the transfer card, for each of the contract's TransferErrorCodes. */
export function describeTransferError(
  code: TransferErrorCode,
  detail: TransferErrorDetail = {},
): string {
  switch (code) {
    case 'too-large':
      return tooLarge(detail.size, detail.maxSize);
    case 'no-upload-service':
      return 'Your server does not offer file uploads (HTTP File Upload), so this account cannot send files.';
    case 'slot-refused': {
      const text = quoteServerText(detail.text);
      const base = text
        ? `The server refused the upload: “${text}”.`
        : 'The server refused the upload.';
      const retry = detail.retryAt;
      return typeof retry === 'number' && Number.isFinite(retry)
        ? `${base} Try again after ${formatUtcMinute(retry)}.`
        : base;
    }
    case 'insecure-url':
      return 'The file’s address is not a secure (https) link, so Parley will not use it.';
    case 'upload-failed':
      return `${withStatus('The upload failed', detail.status)} Try sending the file again.`;
    case 'download-failed':
      return withStatus('The download failed', detail.status);
    case 'size-mismatch':
      return 'The file received is not the size the sender announced, so it was discarded.';
    case 'hash-mismatch':
      return 'The file received does not match the checksum the sender announced; it may have been altered, so it was discarded.';
    case 'stalled':
      return 'The transfer stopped making progress and was abandoned. Try again.';
    case 'file-unreadable':
      return 'The file could not be read; it may have been moved or deleted.';
    case 'disk':
      return 'The file could not be saved: the disk is full or the folder is not writable.';
    case 'not-connected':
      return 'The account is not connected; try again once it is online.';
    case 'declined':
      return 'The contact declined the file.';
    case 'offer-gone':
      return 'The offer is no longer open: the sender withdrew it or went offline.';
    case 'no-transport':
      return 'No connection to the contact could be made, directly or through the server.';
    case 'cannot-encrypt':
      return 'The conversation is encrypted and the file could not be encrypted or decrypted, so it was not sent in clear.';
    case 'peer-unreachable':
      return 'None of the contact’s online devices takes files sent directly.';
    case 'unknown':
      return 'The transfer failed for an unknown reason.';
    default: {
      const never: never = code;
      return `The transfer failed (${String(never)}).`;
    }
  }
}
