import type { CertificateInfo, ConnectionErrorCode } from '@parley/contract';

/** Connection failures (from the contract) plus what a call on a session can fail with. */
export type SessionErrorCode =
  | ConnectionErrorCode
  | 'not-connected'
  | 'timeout'
  | 'stanza-error'
  | 'session-lost'
  | 'stopped';

export interface SessionErrorDetails {
  certificate?: CertificateInfo | null;
  /** RFC 6120 condition for stanza, stream and SASL errors (e.g. 'item-not-found'). */
  condition?: string;
  cause?: unknown;
}

export class SessionError extends Error {
  override readonly name = 'SessionError';
  readonly certificate: CertificateInfo | null;
  readonly condition: string | null;

  constructor(
    readonly code: SessionErrorCode,
    message: string,
    details: SessionErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.certificate = details.certificate ?? null;
    this.condition = details.condition ?? null;
  }
}

/** Failures a retry cannot fix without the user: a wrong password, an untrusted certificate,
 * or another client that took over our resource (retrying would kick it back and forth). */
export function isFatal(code: SessionErrorCode): boolean {
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
      return new SessionError('stream-error', `The server ended the session (${e.condition}${text})`, {
        condition: e.condition ?? 'undefined-condition',
        cause: err,
      });
    }
  }
  if (e.name === 'TimeoutError') {
    return new SessionError('host-unreachable', `${ctx.domain} did not answer in time`, { cause: err });
  }
  const reason = unreachableReason(e.code);
  if (reason) {
    return new SessionError('host-unreachable', `Cannot reach ${ctx.domain}: ${reason}`, { cause: err });
  }
  if (typeof e.code === 'string' && e.code.startsWith('ERR_SSL')) {
    return new SessionError('tls-failed', `TLS with ${ctx.domain} failed: ${e.message ?? e.code}`, { cause: err });
  }
  return new SessionError('unknown', e.message || String(err), { cause: err });
}
