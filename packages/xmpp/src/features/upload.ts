// XEP-0363 HTTP File Upload (urn:xmpp:http:upload:0): find the service, ask it for a slot (a
// PUT URL to upload to and a GET URL to share) and read its answer or refusal. The HTTP PUT
// itself is the backend's: with Content-Length = size, Content-Type = the content type sent in
// the request (normalizeMediaType of it; none when it was omitted) and the slot's headers.
import {
  capText,
  childIn,
  childrenIn,
  iqType,
  NS_STANZAS,
  parseDateTime,
  parseJid,
  requireJid,
  xml,
  type Element,
  type JidInput,
} from '../stanza.js';
import {
  checkFetchableUrl,
  describeTransferError,
  formatUtcMinute,
  quoteServerText,
} from './attachment.js';
import type { DiscoInfo } from './disco.js';
import { normalizeMediaType, parseSize, sanitizeFileName } from './file-sharing.js';

export const NS_UPLOAD = 'urn:xmpp:http:upload:0';

/** XEP-0363 §4 lets a slot carry only these headers; anything else could steer the request. */
const ALLOWED_HEADERS: ReadonlyMap<string, string> = new Map([
  ['authorization', 'Authorization'],
  ['cookie', 'Cookie'],
  ['expires', 'Expires'],
]);
const MAX_HEADERS = 16;
const MAX_HEADER_VALUE = 8192;
// A header value fetch() accepts and that cannot end the header: tab, printable Latin-1.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export interface UploadServiceInfo {
  /** Normalized JID of the upload service. */
  service: string;
  /** Largest file in bytes from its XEP-0128 form; null when it states none. */
  maxSize: number | null;
}

/**
 * The first item whose disco#info has the urn:xmpp:http:upload:0 feature (the identity is
 * usually store/file, but the feature is what XEP-0363 §2 defines, so that is what counts),
 * with max-file-size from its FORM_TYPE urn:xmpp:http:upload:0 form. Items with an invalid
 * JID are skipped. Null when none offers uploads.
 */
export function findUploadService(
  items: ReadonlyArray<{ jid: string; info: DiscoInfo }>,
): UploadServiceInfo | null {
  for (const item of items) {
    if (!item.info.features.includes(NS_UPLOAD)) continue;
    const service = parseJid(item.jid);
    if (!service) continue;
    const form = item.info.forms.find((f) => f.formType === NS_UPLOAD);
    const field = form?.fields.find((f) => f.var === 'max-file-size');
    return { service: service.toString(), maxSize: parseSize(field?.values[0]) };
  }
  return null;
}

/**
 * As findUploadService, but the account's own server first: some servers answer uploads on
 * the domain itself, others (Prosody's default) only on a component such as upload.<domain>
 * that disco#items lists.
 */
export function findAccountUploadService(
  server: { jid: string; info: DiscoInfo } | null,
  items: ReadonlyArray<{ jid: string; info: DiscoInfo }>,
): UploadServiceInfo | null {
  return findUploadService(server ? [server, ...items] : items);
}

/**
 * The slot request (iq get; the caller sets the id). The filename goes through
 * sanitizeFileName (no path, no control or bidi characters, at most 255 bytes; 'file' when
 * nothing is left); an unusable content type is left out. Throws TypeError for an invalid
 * service address or a size that is not a non-negative safe integer.
 */
export function buildSlotRequest(o: {
  service: JidInput;
  filename: string;
  size: number;
  contentType?: string;
}): Element {
  if (!Number.isSafeInteger(o.size) || o.size < 0) throw new TypeError('Invalid file size');
  const contentType = normalizeMediaType(o.contentType);
  return xml(
    'iq',
    { type: 'get', to: requireJid(o.service).toString() },
    xml('request', {
      xmlns: NS_UPLOAD,
      filename: sanitizeFileName(o.filename) ?? 'file',
      size: String(o.size),
      'content-type': contentType ?? undefined,
    }),
  );
}

export interface UploadSlot {
  /** Normalized https URL (http only to loopback) to PUT the file to. */
  put: string;
  /** Normalized URL to share; equally checked. */
  get: string;
  /** Only Authorization, Cookie and Expires, with safe values. */
  headers: Record<string, string>;
}

export interface SlotFailure {
  error: 'insecure-url' | 'slot-refused' | 'too-large';
  /** A sentence for the user. */
  message: string;
  maxSize?: number;
}

function refused(message: string): SlotFailure {
  return { error: 'slot-refused', message };
}

function slotUrl(el: Element | null, which: 'upload' | 'download'): string | SlotFailure {
  const check = checkFetchableUrl(el?.attrs.url);
  if (check.ok) return check.url;
  if (check.reason === 'insecure') {
    return {
      error: 'insecure-url',
      message: `The server’s ${which} address is not a secure (https) link, so Parley will not use it.`,
    };
  }
  return refused(`The server answered with an unusable ${which} address.`);
}

function parseHeaders(put: Element): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const el of childrenIn(put, 'header', NS_UPLOAD).slice(0, MAX_HEADERS)) {
    const name = ALLOWED_HEADERS.get(String(el.attrs.name ?? '').toLowerCase());
    if (!name || name in headers) continue;
    // XEP-0363 security considerations: no newline may reach the request. Rather than strip
    // it (and send a value the server never meant), such a header is dropped.
    const value = el.getText().trim();
    if (value.length > MAX_HEADER_VALUE || !HEADER_VALUE.test(value)) continue;
    headers[name] = value;
  }
  return headers;
}

/**
 * The slot from the service's answer. An iq error is read with parseSlotError. A slot without
 * exactly one put and one get, or with a URL that is not https (http only to loopback), is
 * refused with words: 'insecure-url' for a scheme or host we will not use, else 'slot-refused'.
 */
export function parseSlot(iq: Element): UploadSlot | SlotFailure {
  const type = iqType(iq);
  if (type === 'error') {
    const failure = parseSlotError(iq);
    return {
      error: failure.code,
      message: failure.message,
      ...(failure.maxSize !== undefined ? { maxSize: failure.maxSize } : {}),
    };
  }
  const slot = type === 'result' ? childIn(iq, 'slot', NS_UPLOAD) : null;
  if (!slot) return refused('The server did not answer with an upload slot.');
  const puts = childrenIn(slot, 'put', NS_UPLOAD);
  const gets = childrenIn(slot, 'get', NS_UPLOAD);
  if (puts.length !== 1 || gets.length !== 1) {
    return refused('The server answered with an unusable upload slot.');
  }
  const put = slotUrl(puts[0] ?? null, 'upload');
  if (typeof put !== 'string') return put;
  const get = slotUrl(gets[0] ?? null, 'download');
  if (typeof get !== 'string') return get;
  return { put, get, headers: parseHeaders(puts[0] as Element) };
}

export interface SlotError {
  code: 'too-large' | 'slot-refused';
  /** A sentence for the user. */
  message: string;
  /** The service's limit in bytes, from `<file-too-large><max-file-size/>`. */
  maxSize?: number;
  /** UTC ms from `<retry stamp/>`: when the service takes uploads again. */
  retryAt?: number;
}

/** What @xmpp/iq rejects with (StanzaError: condition, text, element = the `<error/>`). */
export interface SlotErrorLike {
  condition?: string | null;
  text?: string | null;
  /** The `<error/>` element, or the whole error iq. */
  element?: Element;
}

function isElement(value: unknown): value is Element {
  return typeof (value as Element | null)?.getChildElements === 'function';
}

function readError(input: Element | SlotErrorLike): {
  error: Element | null;
  condition: string | null;
  text: string | null;
} {
  const el = isElement(input) ? input : (input.element ?? null);
  const error =
    el === null ? null : el.getName() === 'error' ? el : childIn(el, 'error', el.getNS());
  let condition = isElement(input) ? null : (input.condition ?? null);
  let text = isElement(input) ? null : (input.text ?? null);
  for (const child of error?.getChildElements() ?? []) {
    if (child.getNS() !== NS_STANZAS) continue;
    if (child.getName() === 'text') text ??= child.getText();
    else condition ??= child.getName();
  }
  return { error, condition, text };
}

const PHRASES: ReadonlyMap<string, string> = new Map([
  ['forbidden', 'The server does not allow this account to upload files'],
  ['not-allowed', 'The server does not allow this account to upload files'],
  ['not-authorized', 'The server does not allow this account to upload files'],
  ['bad-request', 'The server refused the file’s name or size'],
  ['not-acceptable', 'The server does not accept this file'],
  ['resource-constraint', 'Your upload quota on the server is used up'],
  ['service-unavailable', 'The server’s upload service is not available'],
  ['feature-not-implemented', 'The server’s upload service is not available'],
  ['item-not-found', 'The server’s upload service is not available'],
  ['remote-server-not-found', 'The upload service could not be reached'],
  ['remote-server-timeout', 'The upload service could not be reached'],
]);

/**
 * Why the service refused a slot (XEP-0363 §5), from the error iq, its `<error/>`, or what
 * @xmpp/iq rejected with. `size` (the file's) makes the too-large sentence complete. The
 * server's text is quoted, cleaned and shortened; it never replaces our own words.
 */
export function parseSlotError(input: Element | SlotErrorLike, size?: number): SlotError {
  const { error, condition, text } = readError(input);
  const tooLargeEl = error ? childIn(error, 'file-too-large', NS_UPLOAD) : null;
  // Without the element, a not-acceptable "File too large" still means the same.
  if (tooLargeEl || (condition === 'not-acceptable' && /too large/i.test(text ?? ''))) {
    const max = tooLargeEl
      ? parseSize(childIn(tooLargeEl, 'max-file-size', NS_UPLOAD)?.getText())
      : null;
    return {
      code: 'too-large',
      message: describeTransferError('too-large', { size: size ?? null, maxSize: max }),
      ...(max !== null ? { maxSize: max } : {}),
    };
  }
  const retryEl = error ? childIn(error, 'retry', NS_UPLOAD) : null;
  const retryAt = retryEl ? parseDateTime(retryEl.attrs.stamp) : null;
  const phrase =
    PHRASES.get(retryEl ? 'resource-constraint' : (condition ?? '')) ??
    'The server refused the upload';
  const quoted = quoteServerText(capText(text ?? '', 1024));
  let message = quoted ? `${phrase}: “${quoted}”.` : `${phrase}.`;
  if (retryAt !== null) message += ` Try again after ${formatUtcMinute(retryAt)}.`;
  else if (retryEl || condition === 'resource-constraint') message += ' Try again later.';
  return { code: 'slot-refused', message, ...(retryAt !== null ? { retryAt } : {}) };
}
