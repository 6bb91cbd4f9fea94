import { z } from 'zod';

/** RFC 7622 §3.3: each part of a JID is at most 1023 bytes (UTF-8). */
const MAX_PART_BYTES = 1023;
/** C0 and C1 controls: in no part of a JID. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
/** RFC 7622 §3.3.1: never in a localpart (nor whitespace); '@' only as the separator. */
const NOT_IN_LOCAL = /[\s"&'/:<>@]/u;
/** Nor in a domain (a hostname or an IP literal; ':' only inside an IPv6 literal). */
const NOT_IN_DOMAIN = /[\s"&'/<>@\\]/u;
const IPV6_LITERAL = /^\[[0-9a-fA-F:.]+\]$/u;

function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * The shape of a JID (RFC 7622 §3.1): [local@]domain[/resource], split at the first '/'
 * and then at the first '@'; no empty part; each part within its length; no markup or
 * whitespace in the local part or the domain. The resource is free-form (a room nick may
 * hold spaces or quotes) but has no control characters. Not a full PRECIS check: the backend
 * parses every address with @xmpp/jid before use; this only keeps out what can never be one
 * (`a@b@c`, `@x`, `a@`, `a@b/`), here where the renderer and the backend share it.
 */
export function isJidShape(text: string): boolean {
  if (CONTROL.test(text)) return false;
  const slash = text.indexOf('/');
  const head = slash === -1 ? text : text.slice(0, slash);
  const resource = slash === -1 ? null : text.slice(slash + 1);
  const at = head.indexOf('@');
  const local = at === -1 ? null : head.slice(0, at);
  const domain = at === -1 ? head : head.slice(at + 1);
  if (local !== null) {
    if (local === '' || NOT_IN_LOCAL.test(local) || utf8Bytes(local) > MAX_PART_BYTES) {
      return false;
    }
  }
  if (domain === '' || NOT_IN_DOMAIN.test(domain) || utf8Bytes(domain) > MAX_PART_BYTES) {
    return false;
  }
  if (domain.includes(':') && !IPV6_LITERAL.test(domain)) return false;
  if (domain.startsWith('.') || domain.includes('..')) return false;
  if (resource !== null && (resource === '' || utf8Bytes(resource) > MAX_PART_BYTES)) {
    return false;
  }
  return true;
}

/** A bare or full JID as text; the backend parses it with @xmpp/jid before use. */
export const jidText = z
  .string()
  .min(3, 'not a valid address')
  .max(3071, 'not a valid address')
  .refine(isJidShape, 'not a valid address');

export const accountId = z.string().min(1).max(64);
