import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Who may drive the dev/test host. Any local process can reach a loopback port, and any web
 * page can too through DNS rebinding (its own name resolving to 127.0.0.1), so the host asks
 * three things of a WebSocket handshake:
 *   - the per-start token, offered as a WebSocket subprotocol (`parley-token.<token>`, next to
 *     `parley`, which the host picks: the token is never echoed back nor put in a URL's path);
 *   - a loopback Host with our port (a rebinding page sends its own name);
 *   - no Origin (a non-browser client) or exactly the host's own origin (`null` is refused).
 * The renderer learns the token from the fragment of the URL the host prints (a fragment never
 * reaches a server or a Referer).
 */
export const HOST_PROTOCOL = 'parley';
export const TOKEN_PROTOCOL_PREFIX = 'parley-token.';

/** 32 random bytes, base64url: valid as a subprotocol token and in a URL fragment. */
export function newHostToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The subprotocols a client offers to authenticate with `token`. */
export function tokenProtocols(token: string): string[] {
  return [HOST_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
}

/** The host's token from a page URL it printed (`…/#token=…`), or null. */
export function tokenFromUrl(pageUrl: string): string | null {
  const hash = new URL(pageUrl).hash.replace(/^#/, '');
  return new URLSearchParams(hash).get('token');
}

/** The names a loopback client may use for us; anything else is a foreign (rebound) name. */
export function loopbackHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

export interface Refusal {
  status: 400 | 401 | 403 | 503;
  reason: string;
}

/** Host check for every request, page or socket: stops DNS rebinding. */
export function checkHost(headers: IncomingHttpHeaders, port: number): Refusal | null {
  const host = headers.host?.toLowerCase();
  if (!host || !loopbackHosts(port).has(host)) {
    return { status: 403, reason: 'Host must be 127.0.0.1, [::1] or localhost with this port' };
  }
  return null;
}

/** The checks of a WebSocket handshake; null when it may go on. */
export function checkHandshake(
  headers: IncomingHttpHeaders,
  port: number,
  token: string,
): Refusal | null {
  const badHost = checkHost(headers, port);
  if (badHost) return badHost;
  const origin = headers.origin;
  // A browser always sends Origin on a WebSocket: it must be the page this host served.
  if (origin !== undefined && origin !== `http://${headers.host?.toLowerCase()}`) {
    return { status: 403, reason: 'Origin is not this host' };
  }
  if (!offersToken(headers['sec-websocket-protocol'], token)) {
    return { status: 401, reason: 'Missing or wrong host token' };
  }
  return null;
}

function offersToken(header: string | undefined, token: string): boolean {
  if (!header) return false;
  const expected = Buffer.from(token);
  for (const item of header.split(',')) {
    const offered = item.trim();
    if (!offered.startsWith(TOKEN_PROTOCOL_PREFIX)) continue;
    const given = Buffer.from(offered.slice(TOKEN_PROTOCOL_PREFIX.length));
    // Constant time: a local process must not learn the token byte by byte.
    if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
  }
  return false;
}
