import type { CertificateInfo, ConnectionErrorCode, ConnectionState, TlsMode } from '@parley/contract';
import { jid as parseJid } from '@xmpp/jid';
import xml, { type Element } from '@xmpp/xml';
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from './connection/backoff.js';
import type { Trust } from './connection/certificate.js';
import { Deferred } from './connection/deferred.js';
import { dial, endpoints } from './connection/dial.js';
import { SessionError, isFatal, toSessionError } from './connection/errors.js';
import { Keepalive } from './connection/keepalive.js';
import { Pending } from './connection/pending.js';
import type { ScramKeys } from './connection/scram.js';
import type { XmppSocket } from './connection/socket.js';
import { NS_SM, createStack, type Stack } from './connection/stack.js';
import { TypedEmitter } from './connection/typed-emitter.js';

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
}

export const DEFAULT_TIMEOUTS: SessionTimeouts = {
  connectMs: 10_000,
  loginMs: 30_000,
  idleMs: 60_000,
  answerMs: 20_000,
  iqMs: 30_000,
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
  reconnect?: BackoffOptions;
  timeouts?: Partial<SessionTimeouts>;
}

export interface SessionStateChange {
  state: ConnectionState;
  error?: { code: ConnectionErrorCode; message: string };
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

type Phase = 'idle' | 'negotiating' | 'online' | 'stopping';

/** One account's connection: TLS always verified, SCRAM login, XEP-0198 resume, reconnects. */
export class Session extends TypedEmitter<SessionEvents> {
  state: ConnectionState = 'disconnected';
  readonly bareJid: string;
  readonly domain: string;
  private readonly timeouts: SessionTimeouts;
  private readonly stack: Stack;
  private readonly backoff: Backoff;
  private readonly keepalive: Keepalive;
  private readonly pending = new Pending();
  private readonly scramCache = new Map<string, ScramKeys>();
  private phase: Phase = 'idle';
  private stopped = true;
  private attempt: Promise<void> | null = null;
  private negotiation: Deferred<OnlineInfo> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private lastError: unknown = null;

  constructor(readonly options: SessionOptions) {
    super();
    const bare = parseJid(options.jid).bare();
    this.bareJid = bare.toString();
    this.domain = bare.domain;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.backoff = new Backoff(options.reconnect ?? DEFAULT_BACKOFF);
    const { connectMs, loginMs } = this.timeouts;
    const tls = { domain: this.domain, trust: options.trust, timeoutMs: connectMs };
    this.stack = createStack({
      domain: this.domain,
      bareJid: this.bareJid,
      resource: options.resource,
      timeoutMs: connectMs,
      dial: async () => dial(await endpoints(this.domain, options), tls),
      onBytes: () => this.keepalive.activity(),
      tlsParams: () => tls,
      sasl: () => ({
        jid: this.bareJid,
        username: bare.local,
        password: options.password,
        timeoutMs: loginMs,
        cache: this.scramCache,
      }),
      negotiated: (resumed) =>
        this.negotiation?.resolve({ resumed, fullJid: this.stack.entity.jid?.toString() ?? this.bareJid }),
      stanza: (el) => this.dispatch(el),
    });
    this.keepalive = new Keepalive({
      idleMs: this.timeouts.idleMs,
      answerMs: this.timeouts.answerMs,
      probe: () => this.probe(),
      dead: () => this.socket?.destroy(),
    });

    const { entity, sm } = this.stack;
    entity.on('error', (err: unknown) => this.onEntityError(err));
    entity.on('disconnect', () => this.onDisconnect());
    // The server closed the stream (</stream:stream>): close our side; 'disconnect' follows.
    entity.on('close', () => this.phase === 'online' && this.socket?.end());
    sm.on('ack', (el) => {
      this.pending.acked(el);
      this.emit('acked', el);
    });
    sm.on('fail', (el) => this.pending.untrack(el, new SessionError('session-lost', 'The session ended before the server confirmed this stanza')));
  }

  /** Full JID once bound, else the bare JID. */
  get jid(): string {
    return this.stack.entity.jid?.toString() ?? this.bareJid;
  }

  /** For tests and diagnostics: the live socket (destroy() it to simulate a network cut). */
  private get socket(): XmppSocket | null {
    return this.stack.entity.socket as XmppSocket | null;
  }

  /** Resolves once online; rejects with the SessionError of the first failed attempt (which,
   * unless fatal, is retried in the background with backoff until stop()). */
  async start(): Promise<void> {
    if (this.phase === 'online') return;
    this.stopped = false;
    this.clearRetry();
    return this.connect();
  }

  /** Closes the stream cleanly (acking what we received) and stops reconnecting. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearRetry();
    this.keepalive.stop();
    const wasOnline = this.phase === 'online';
    this.phase = 'stopping';
    this.negotiation?.reject(new SessionError('stopped', 'The session was stopped'));
    const { entity } = this.stack;
    if (wasOnline) {
      await withTimeout(entity.disconnect(), this.timeouts.connectMs).catch(() => {});
    }
    this.teardown();
    entity._status('offline'); // stream management: fail its queue, forget the session id
    this.pending.failAll('The session was stopped');
    this.phase = 'idle';
    this.setState({ state: 'disconnected' });
  }

  async send(el: Element): Promise<void> {
    if (this.phase !== 'online') throw notConnected();
    try {
      await this.stack.entity.send(el);
    } catch (err) {
      throw new SessionError('not-connected', 'The connection was lost while sending', { cause: err });
    }
    // With SM an <r/> follows this stanza; if no answer comes, the link is dead.
    if (this.stack.sm.enabled && isStanza(el)) this.keepalive.expectAnswer();
  }

  /**
   * Resolves 'acked' once the server has confirmed receipt of `el`: its XEP-0198 <a h/>, or,
   * on a server without stream management, its answer to a ping sent right after (a server
   * handles a stream in order). Rejects with 'not-connected' or 'session-lost' when the stream
   * ends without resume: the caller keeps the stanza in its outbox and resends it.
   */
  async sendTracked(el: Element): Promise<TrackedOutcome> {
    if (this.phase !== 'online') throw notConnected();
    if (!this.stack.sm.enabled) {
      await this.send(el);
      const ping = xml('iq', { type: 'get', to: this.domain }, xml('ping', { xmlns: 'urn:xmpp:ping' }));
      await this.iq(ping).catch((err: SessionError) => {
        if (err.code !== 'stanza-error') throw err; // an error answer is an answer too
      });
      this.emit('acked', el);
      return 'acked';
    }
    const acked = this.pending.track(el);
    try {
      await this.send(el);
    } catch (err) {
      this.pending.untrack(el, err as SessionError);
    }
    await acked;
    return 'acked';
  }

  /** Sends an iq get/set; resolves with the <iq type="result"/>, rejects with 'stanza-error'
   * (condition set), 'timeout', 'not-connected' or 'session-lost'. */
  async iq(el: Element, timeoutMs = this.timeouts.iqMs): Promise<Element> {
    if (el.name !== 'iq' || (el.attrs.type !== 'get' && el.attrs.type !== 'set')) {
      throw new TypeError('iq() takes an <iq type="get|set"/>');
    }
    if (this.phase !== 'online') throw notConnected();
    try {
      return await this.pending.iq(this.stack.iqCaller.request(el, timeoutMs));
    } catch (err) {
      throw iqError(err, el);
    }
  }

  private connect(): Promise<void> {
    this.attempt ??= this.runAttempt().finally(() => {
      this.attempt = null;
    });
    return this.attempt;
  }

  private async runAttempt(): Promise<void> {
    this.setState({ state: 'connecting' });
    try {
      const info = await this.negotiate();
      this.phase = 'online';
      this.lastError = null;
      this.backoff.reset();
      this.keepalive.start();
      if (!info.resumed) this.pending.failAll('A new session replaced the one this was sent on');
      this.setState({ state: 'online' });
      this.emit('online', info);
    } catch (err) {
      const error = toSessionError(err, this.errorContext());
      this.teardown();
      if (!this.stopped) this.failed(error, 'error');
      throw error;
    }
  }

  /** One connection attempt, from DNS to a usable stream, bounded by timeouts.loginMs. */
  private async negotiate(): Promise<OnlineInfo> {
    const { entity } = this.stack;
    const negotiation = new Deferred<OnlineInfo>();
    this.negotiation = negotiation;
    this.phase = 'negotiating';
    this.lastError = null;
    const timer = setTimeout(
      () => negotiation.reject(new SessionError('host-unreachable', `Logging in to ${this.domain} timed out`)),
      this.timeouts.loginMs,
    );
    try {
      const opening = (async () => {
        await entity.connect();
        if (this.stopped) throw new SessionError('stopped', 'The session was stopped');
        await entity.open({ domain: this.domain });
      })();
      opening.catch((err: unknown) => negotiation.reject(err));
      return await negotiation.promise;
    } finally {
      clearTimeout(timer);
      this.negotiation = null;
    }
  }

  /** A failed attempt or a lost session: give up if fatal, else schedule a retry. */
  private failed(error: SessionError, state: 'error' | 'connecting'): void {
    const pub = { code: publicCode(error.code), message: error.message };
    if (isFatal(error.code)) {
      this.stack.entity._status('offline');
      this.pending.failAll(error.message);
      this.setState({ state: 'error', error: pub, ...(error.certificate && { certificate: error.certificate }) });
      return;
    }
    const delay = this.backoff.next();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect().catch(() => {}); // the failure is reported through 'state'
    }, delay);
    this.setState({ state, error: pub, retryInMs: delay });
  }

  private onDisconnect(): void {
    if (this.phase === 'negotiating') {
      this.negotiation?.reject(this.lastError ?? new SessionError('host-unreachable', `${this.domain} closed the connection during login`));
    } else if (this.phase === 'online') {
      this.phase = 'idle';
      const error = this.lastError
        ? toSessionError(this.lastError, this.errorContext())
        : new SessionError('host-unreachable', `The connection to ${this.domain} was lost`);
      this.teardown();
      this.failed(error, 'connecting');
    }
  }

  private onEntityError(err: unknown): void {
    if (this.phase === 'negotiating') {
      this.negotiation?.reject(err);
      return;
    }
    const e = err as { name?: string; code?: string };
    const last = this.lastError as { name?: string } | null;
    // Stream errors and socket errors explain the disconnect that follows them; a stream error
    // wins over the EPIPE/ECONNRESET that typically follows it as the server hangs up.
    if (e?.name === 'StreamError') this.lastError = err;
    else if (typeof e?.code === 'string') this.lastError = last?.name === 'StreamError' ? last : err;
    else this.emit('warning', { message: String(err), cause: err });
  }

  private dispatch(el: Element): void {
    try {
      this.emit('stanza', el);
    } catch (err) {
      this.listenerFailed(err);
    }
  }

  /**
   * A 'stanza' listener threw, so this stanza may not be stored. Un-count it and drop the
   * connection at once, before the parser reads further or an <r/> is answered: the server
   * still holds it unacked and resends it when we resume (at-least-once, never lost).
   */
  private listenerFailed(err: unknown): void {
    const { entity, sm } = this.stack;
    this.emit('warning', { message: `A stanza listener failed; reconnecting: ${String(err)}`, cause: err });
    if (sm.enabled && sm.inbound > 0) sm.inbound -= 1;
    entity._detachParser();
    this.socket?.destroy();
  }

  private probe(): void {
    const { entity, sm, iqCaller } = this.stack;
    if (sm.enabled) {
      entity.send(xml('r', { xmlns: NS_SM })).catch(() => {});
    } else {
      const ping = xml('iq', { type: 'get', to: this.domain }, xml('ping', { xmlns: 'urn:xmpp:ping' }));
      iqCaller.request(ping, this.timeouts.answerMs).catch(() => {});
    }
  }

  /** Drops the current socket and parser without waiting for anything. */
  private teardown(): void {
    this.keepalive.stop();
    const { entity } = this.stack;
    const socket = this.socket;
    if (socket) {
      entity._detachSocket();
      socket.destroy();
    }
    entity._detachParser();
    if (this.phase !== 'stopping') this.phase = 'idle';
    entity._status('disconnect'); // lets stream management stop its timers
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private setState(change: SessionStateChange): void {
    this.state = change.state;
    this.emit('state', change);
  }

  private errorContext(): { jid: string; domain: string } {
    return { jid: this.bareJid, domain: this.domain };
  }
}

function isStanza(el: Element): boolean {
  return el.name === 'message' || el.name === 'presence' || el.name === 'iq';
}

function notConnected(): SessionError {
  return new SessionError('not-connected', 'Not connected');
}

/** Call-level codes never reach the connection state; map them to the nearest public code. */
function publicCode(code: SessionError['code']): ConnectionErrorCode {
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

function iqError(err: unknown, request: Element): SessionError {
  if (err instanceof SessionError) return err;
  const e = err as { name?: string; condition?: string; text?: string };
  const what = `iq ${request.getChildElements()[0]?.name ?? ''} to ${request.attrs.to ?? 'server'}`;
  if (e?.name === 'StanzaError') {
    return new SessionError('stanza-error', `${what} failed: ${e.condition}${e.text ? ` (${e.text})` : ''}`, {
      condition: e.condition ?? 'undefined-condition',
      cause: err,
    });
  }
  if (e?.name === 'TimeoutError') return new SessionError('timeout', `${what} got no answer in time`, { cause: err });
  return new SessionError('not-connected', `${what} could not be sent`, { cause: err });
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(resolve, reject).finally(() => clearTimeout(t));
  });
}
