import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import tls from 'node:tls';
import type { TransferErrorCode } from '@parley/contract';
import {
  SessionError,
  checkFetchableUrl,
  describeTransferError,
  type ProxyConfig,
} from '@parley/xmpp';
import { proxiedConnection } from './http-tunnel.js';

/** A transfer ended for a reason the transfer card explains (`message` is shown as is). */
export class TransferFailure extends Error {
  constructor(
    readonly code: TransferErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TransferFailure';
  }
}

/** The user cancelled: not a failure, and nothing to explain. */
export class TransferCancelled extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'TransferCancelled';
  }
}

/** What every HTTP transfer needs besides its URL. */
export interface HttpTransferOptions {
  /** The dev/test CA, trusted in addition to the system's; certificates are always verified. */
  caPem: string | null;
  /** The user's cancel. */
  signal: AbortSignal;
  /** No byte moving for this long (connecting included) fails the transfer as 'stalled'. */
  stallMs: number;
  /**
   * Resolves host names for a direct connection (address-guard.ts checks what it returns).
   * Unused behind a proxy: the proxy resolves the name, and we never see the address.
   */
  lookup?: LookupFunction;
  /**
   * The account's proxy: the connection goes through it (the host name handed to it, nothing
   * looked up here) and never directly, even when the proxy fails.
   */
  proxy?: ProxyConfig | null;
}

/** How a request reaches its server: directly (with `lookup`), or through `proxy`. */
export interface RequestRoute {
  lookup?: LookupFunction | undefined;
  proxy?: ProxyConfig | null | undefined;
  /** Connecting to the proxy and its handshake give up after this (the stall watchdog's time). */
  connectTimeoutMs: number;
}

/**
 * Fires once after `ms` without a kick: the one rule for connects that hang, servers that stop
 * reading an upload and downloads that stop arriving.
 */
export class Watchdog {
  private timer: NodeJS.Timeout | null = null;
  fired = false;

  constructor(
    private readonly ms: number,
    private readonly onStall: () => void,
  ) {
    this.kick();
  }

  kick(): void {
    if (this.fired) return;
    if (this.timer) this.timer.refresh();
    else
      this.timer = setTimeout(() => {
        this.fired = true;
        this.onStall();
      }, this.ms);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/**
 * One abort signal for a request: the user's cancel or the watchdog. `reason()` turns whatever
 * the request then threw into the error the transfer reports.
 */
export function requestControl(options: HttpTransferOptions, stalledWords: string) {
  const controller = new AbortController();
  const watchdog = new Watchdog(options.stallMs, () => controller.abort());
  const onCancel = () => controller.abort();
  if (options.signal.aborted) controller.abort();
  else options.signal.addEventListener('abort', onCancel, { once: true });
  return {
    signal: controller.signal,
    watchdog,
    /** The error to report for `error` (thrown by the request, the stream or our checks). */
    reason(error: unknown): Error {
      if (options.signal.aborted) return new TransferCancelled();
      if (watchdog.fired) return new TransferFailure('stalled', stalledWords);
      return error instanceof Error ? error : new Error(String(error));
    },
    dispose() {
      watchdog.stop();
      options.signal.removeEventListener('abort', onCancel);
    },
  };
}

/**
 * Sends a request; the response arrives through `response` (rejected on any request error).
 * The caller destroys `req` when done with it: a hostile server must not keep a socket open.
 */
export function startRequest(
  url: URL,
  method: 'GET' | 'PUT',
  headers: OutgoingHttpHeaders,
  caPem: string | null,
  signal: AbortSignal,
  route: RequestRoute,
): { req: http.ClientRequest; response: Promise<IncomingMessage> } {
  const ca = caPem ? [...tls.rootCertificates, caPem] : undefined;
  const { lookup, proxy } = route;
  const common = {
    method,
    headers,
    signal,
    ...(proxy
      ? {
          // No agent: the request takes the tunnel (TLS over it for https) from this, once up.
          // A fresh tunnel per transfer, destroyed with the request (cancel, stall, done).
          createConnection: proxiedConnection(url, proxy, ca, route.connectTimeoutMs, signal),
        }
      : {
          ...(lookup ? { lookup } : {}),
          // A fresh connection per transfer: nothing pooled outlives a cancel, and the trust
          // options apply to exactly this request.
          agent: false as const,
        }),
  };
  const req =
    url.protocol === 'https:'
      ? https.request(url, { ...common, ca, rejectUnauthorized: true })
      : http.request(url, common);
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', (res: IncomingMessage) => {
      // Callers see a body's errors through their pipeline; destroy() must never crash us.
      res.on('error', () => {});
      resolve(res);
    });
    req.once('error', reject);
  });
  // Errors after the response (e.g. our own destroy()) have nowhere else to go.
  req.on('error', () => {});
  // Observed here so an early failure is never unhandled; callers await `response` themselves.
  response.catch(() => {});
  return { req, response };
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed',
  ETIMEDOUT: 'the connection timed out',
  ENOTFOUND: 'the server name was not found',
  EAI_AGAIN: 'the server name could not be looked up',
  EHOSTUNREACH: 'the server is unreachable',
  ENETUNREACH: 'the network is unreachable',
};

/** Words for a network or TLS error, for "Could not upload: …". */
export function networkWords(error: unknown): string {
  // "proxy unreachable: …" / "proxy refused: …", as the account's connection says it.
  if (error instanceof SessionError && error.code === 'proxy-failed') {
    return error.message.charAt(0).toLowerCase() + error.message.slice(1);
  }
  const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
  const known = NETWORK_WORDS[code];
  if (known) return known;
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/i.test(code)) {
    return "the server's certificate is not trusted";
  }
  if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNABORTED') {
    return 'the connection closed too early';
  }
  return 'the connection failed';
}

/** Words for an HTTP status, from Node's table: never the server's own (untrusted) text. */
export function statusWords(status: number): string {
  return `${status} ${http.STATUS_CODES[status] ?? 'Unknown'}`;
}

/** Words for a file system error, for the 'disk' and 'file-unreadable' codes. */
export function fileWords(error: unknown): string {
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case 'ENOSPC':
      return 'there is no space left on the disk';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'the file or folder does not exist';
    case 'EROFS':
      return 'the disk is read-only';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'a part of the folder path is not a folder';
    default:
      return 'an input/output error occurred';
  }
}

/**
 * The URL to fetch or PUT to, or a TransferFailure: https to anywhere, or http to loopback
 * only when `allowLoopbackHttp` (tests and the dev host, against a local Prosody). Without
 * that, a hostile sender could make us request services on this machine.
 */
export function fetchableUrl(text: string, allowLoopbackHttp: boolean): URL {
  const check = checkFetchableUrl(text);
  if (check.ok) {
    const url = new URL(check.url);
    if (url.protocol === 'https:' || allowLoopbackHttp) return url;
  }
  if (!check.ok && check.reason === 'invalid') {
    throw new TransferFailure('insecure-url', 'The file’s address is not a usable link');
  }
  throw new TransferFailure('insecure-url', describeTransferError('insecure-url'));
}
