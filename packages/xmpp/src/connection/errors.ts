import type { BackendText, CertificateInfo, ConnectionErrorCode } from '@parley/contract';
import type { Element } from '@xmpp/xml';

/** Connection failures (from the contract) plus what a call on a session can fail with. */
export type SessionErrorCode =
  ConnectionErrorCode | 'not-connected' | 'timeout' | 'stanza-error' | 'session-lost' | 'stopped';

export interface SessionErrorDetails {
  certificate?: CertificateInfo | null;
  /** RFC 6120 condition for stanza, stream and SASL errors (e.g. 'item-not-found'). */
  condition?: string;
  cause?: unknown;
  /** The message as a text the renderer translates. */
  text?: BackendText;
}

export class SessionError extends Error {
  override readonly name = 'SessionError';
  readonly certificate: CertificateInfo | null;
  readonly condition: string | null;
  readonly text: BackendText | null;

  constructor(
    readonly code: SessionErrorCode,
    message: string,
    details: SessionErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.certificate = details.certificate ?? null;
    this.condition = details.condition ?? null;
    this.text = details.text ?? null;
  }
}

/** Failures a retry cannot fix without the user: a wrong password (ours or the proxy's), an
 * untrusted certificate, or another client that took over our resource (retrying would kick it
 * back and forth). */
export function isFatal(code: SessionErrorCode, condition: string | null = null): boolean {
  if (code === 'proxy-failed') return condition === 'proxy-auth';
  return code === 'auth-failed' || code === 'certificate-untrusted' || code === 'conflict';
}

const UNREACHABLE = new Map<string, string>([
  ['ECONNREFUSED', 'connection refused'],
  ['ECONNRESET', 'connection reset'],
  ['ETIMEDOUT', 'timed out'],
  ['EHOSTUNREACH', 'host unreachable'],
  ['ENETUNREACH', 'network unreachable'],
  ['ENETDOWN', 'network down'],
  ['EPIPE', 'connection closed'],
  ['ENOTFOUND', 'server name not found'],
  ['EAI_AGAIN', 'name lookup failed'],
  ['EADDRNOTAVAIL', 'address not available'],
]);

/** Words for a network error code, or null when it is not a reachability problem. */
export function unreachableReason(code: string | undefined): string | null {
  return (code && UNREACHABLE.get(code)) ?? null;
}

interface ErrorLike {
  name?: string;
  code?: string;
  condition?: string;
  text?: string;
  message?: string;
}

/** Turns whatever @xmpp/* or Node threw into a SessionError with a sentence a user can read. */
export function toSessionError(err: unknown, ctx: { jid: string; domain: string }): SessionError {
  if (err instanceof SessionError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as ErrorLike;
  const text = e.text ? `: ${e.text}` : '';

  if (e.name === 'StreamError' || e.name === 'StanzaError') {
    if (e.condition === 'conflict') {
      return new SessionError(
        'conflict',
        `Another client logged in to ${ctx.jid} with the same resource, so the server closed this session`,
        { condition: e.condition, cause: err },
      );
    }
    if (e.name === 'StreamError') {
      return new SessionError(
        'stream-error',
        `The server ended the session (${e.condition}${text})`,
        {
          condition: e.condition ?? 'undefined-condition',
          cause: err,
        },
      );
    }
  }
  if (e.name === 'TimeoutError') {
    return new SessionError('host-unreachable', `${ctx.domain} did not answer in time`, {
      cause: err,
    });
  }
  const reason = unreachableReason(e.code);
  if (reason) {
    return new SessionError('host-unreachable', `Cannot reach ${ctx.domain}: ${reason}`, {
      cause: err,
    });
  }
  if (typeof e.code === 'string' && e.code.startsWith('ERR_SSL')) {
    return new SessionError('tls-failed', `TLS with ${ctx.domain} failed: ${e.message ?? e.code}`, {
      cause: err,
    });
  }
  return new SessionError('unknown', e.message || String(err), { cause: err });
}

export function notConnected(): SessionError {
  return new SessionError('not-connected', 'Not connected');
}

/** Call-level codes never reach the connection state; map them to the nearest public code. */
export function publicCode(code: SessionErrorCode): ConnectionErrorCode {
  switch (code) {
    case 'not-connected':
    case 'timeout':
    case 'session-lost':
      return 'host-unreachable';
    case 'stanza-error':
    case 'stopped':
      return 'unknown';
    default:
      return code;
  }
}

/** What iq() rejects with: the stanza error condition, a timeout, or a lost connection. */
export function iqError(err: unknown, request: Element): SessionError {
  if (err instanceof SessionError) return err;
  const e = err as { name?: string; condition?: string; text?: string };
  const what = `iq ${request.getChildElements()[0]?.name ?? ''} to ${request.attrs.to ?? 'server'}`;
  if (e?.name === 'StanzaError') {
    const text = e.text ? ` (${e.text})` : '';
    return new SessionError('stanza-error', `${what} failed: ${e.condition}${text}`, {
      condition: e.condition ?? 'undefined-condition',
      cause: err,
    });
  }
  if (e?.name === 'TimeoutError') {
    return new SessionError('timeout', `${what} got no answer in time`, { cause: err });
  }
  return new SessionError('not-connected', `${what} could not be sent`, { cause: err });
}
