import type {
  BackendText,
  CertificateInfo,
  ConnectionErrorCode,
  ConnectionState,
  TlsMode,
} from '@parley/contract';
import type { Element } from '@xmpp/xml';
import type { BackoffOptions } from './backoff.js';
import type { Trust } from './certificate.js';
import type { ProxyConfig } from './proxy-shared.js';

export type { ProxyConfig } from './proxy-shared.js';

// The public shapes of a Session (session.ts): its options, events and defaults.

export interface SessionTimeouts {
  /** TCP connect and TLS handshake, per address tried. */
  connectMs: number;
  /** From the first byte to a usable stream (STARTTLS, SASL, bind, SM). */
  loginMs: number;
  /** Silence before we probe the server. */
  idleMs: number;
  /** How long a probe (or an SM ack request) may go unanswered before the link is dead. */
  answerMs: number;
  /** Default for iq(). */
  iqMs: number;
  /**
   * How long a link must stay up, and then answer, before the reconnect backoff starts over
   * (see reconnect-policy.ts). As long as the keepalive's idle time, so on a quiet link the
   * first keepalive round trip after it is the proof.
   */
  healthyMs: number;
}

export const DEFAULT_TIMEOUTS: SessionTimeouts = {
  connectMs: 10_000,
  loginMs: 30_000,
  idleMs: 60_000,
  answerMs: 20_000,
  iqMs: 30_000,
  healthyMs: 60_000,
};

export interface SessionOptions {
  /** Bare JID. */
  jid: string;
  password: string;
  resource: string;
  /** Connect here instead of looking up SRV/A records of the domain. */
  host?: string | null;
  port?: number | null;
  tlsMode: TlsMode;
  trust: Trust;
  /**
   * Every connection goes through this proxy, never around it; the server's name is resolved
   * by the proxy (no SRV lookup here: that would leak the domain to the local resolver).
   */
  proxy?: ProxyConfig | null;
  reconnect?: BackoffOptions;
  timeouts?: Partial<SessionTimeouts>;
}

export interface SessionStateChange {
  state: ConnectionState;
  error?: { code: ConnectionErrorCode; message: string; text?: BackendText };
  certificate?: CertificateInfo;
  /** Set when a reconnect is scheduled: in how long. */
  retryInMs?: number;
}

export interface OnlineInfo {
  /** true: XEP-0198 resume, nothing was lost. false: a new session; resend presence, re-fetch
   * the roster, resend the outbox. */
  resumed: boolean;
  fullJid: string;
}

export interface SessionEvents {
  state: SessionStateChange;
  /** Every incoming message/presence/iq except answers to our own iq(). Incoming iq get/set
   * are not answered by the session: the listener must (RFC 6120 §8.2.3; see handleServiceIq).
   * Synchronous listeners only for anything that must be persisted before it is acked
   * (see connection/stack.ts). */
  stanza: Element;
  online: OnlineInfo;
  /** The server confirmed (XEP-0198) it received this stanza we sent. */
  acked: Element;
  /** Something went wrong that did not end the session (a throwing listener, a late error). */
  warning: { message: string; cause?: unknown };
}

/** How sendTracked ended well (a union so that weaker confirmations can be added later). */
export type TrackedOutcome = 'acked';
