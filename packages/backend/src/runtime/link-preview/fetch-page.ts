import type { LookupFunction } from 'node:net';
import type { ProxyConfig } from '@parley/xmpp';
import {
  automaticFetchRefusal,
  guardedLookup,
  proxiedFetchRefusal,
  ServerAddresses,
} from '../files/address-guard.js';
import { startRequest, type RequestRoute } from '../files/http-common.js';

/** Bounds of one page fetch for a link card: a card is never worth more than this. */
export interface PageFetchLimits {
  /** Bytes of the page read at most; the head comes first, the rest is not needed. */
  maxBytes: number;
  /** The whole fetch, redirects included. */
  timeoutMs: number;
  maxRedirects: number;
}

export const PAGE_LIMITS: PageFetchLimits = {
  maxBytes: 512 * 1024,
  timeoutMs: 8_000,
  maxRedirects: 3,
};

export interface PageFetchOptions extends PageFetchLimits {
  /** The dev/test CA, trusted besides the system's. */
  caPem: string | null;
  /**
   * Tests only (the same opt-in as file transfers' plain http to loopback): http:// and the
   * loopback addresses are allowed. Otherwise https only, public addresses only.
   */
  allowLoopbackHttp: boolean;
  /** Name resolution for the address check (tests: no DNS). */
  resolveHost?: (host: string) => Promise<string[]>;
  /**
   * The account's proxy: the page is fetched through it, names resolved by the proxy (nothing
   * looked up here, so only a literal private address in the URL can be refused).
   */
  proxy?: ProxyConfig | null;
}

export class PageRefused extends Error {}

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/**
 * Fetches a web page for its card, with the automatic-download address guard: every address
 * of every hop must be public (checked before connecting, and again for the addresses actually
 * connected to, against DNS rebinding); https only; no cookies or credentials sent; HTML only;
 * bounded in bytes, time and redirects. Resolves the page's final URL and its text.
 */
export async function fetchPage(
  start: URL,
  options: PageFetchOptions,
): Promise<{ url: URL; html: string }> {
  const allowed = new ServerAddresses(options.allowLoopbackHttp ? ['127.0.0.1', '::1'] : []);
  const lookup: LookupFunction = guardedLookup(
    allowed,
    () => new PageRefused('the page is on a private or local network address'),
  );
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    let url = start;
    for (let hop = 0; hop <= options.maxRedirects; hop++) {
      if (url.protocol !== 'https:' && !(options.allowLoopbackHttp && url.protocol === 'http:')) {
        throw new PageRefused('only https pages are previewed');
      }
      if (url.username || url.password) throw new PageRefused('the link carries credentials');
      const proxy = options.proxy ?? null;
      const refusal = proxy
        ? proxiedFetchRefusal(url, options.allowLoopbackHttp)
        : await automaticFetchRefusal(url, allowed, options.resolveHost);
      if (refusal !== null) throw new PageRefused(`not fetched: ${refusal}`);
      const route: RequestRoute = proxy
        ? { proxy, connectTimeoutMs: options.timeoutMs }
        : { lookup, connectTimeoutMs: options.timeoutMs };
      const { req, response } = startRequest(
        url,
        'GET',
        { accept: 'text/html,application/xhtml+xml;q=0.9', 'accept-encoding': 'identity' },
        options.caPem,
        controller.signal,
        route,
      );
      req.end();
      try {
        const res = await response;
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          const next = new URL(res.headers.location, url);
          if (url.protocol === 'https:' && next.protocol !== 'https:') {
            throw new PageRefused('the page redirected to an insecure address');
          }
          url = next;
          continue;
        }
        if (status !== 200) throw new PageRefused(`the page answered ${status}`);
        const [type = '', ...params] = (res.headers['content-type'] ?? '').split(';');
        if (!HTML_TYPES.has(type.trim().toLowerCase())) throw new PageRefused('not an HTML page');
        const bytes = await readAtMost(res, options.maxBytes);
        return { url, html: decode(bytes, params) };
      } finally {
        req.destroy();
      }
    }
    throw new PageRefused('too many redirects');
  } finally {
    clearTimeout(timer);
  }
}

/** The first `max` bytes of a body (the rest is left unread: the socket is destroyed). */
async function readAtMost(body: AsyncIterable<Buffer>, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    total += chunk.length;
    if (total >= max) break;
  }
  return Buffer.concat(chunks).subarray(0, max);
}

/** The page's text in the charset its Content-Type names; UTF-8 otherwise. */
function decode(bytes: Buffer, params: string[]): string {
  const charset = params
    .map((p) => p.trim().toLowerCase())
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/gu, '');
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
