import type { ConnectionState } from '@parley/contract';
import type { Element } from '@xmpp/xml';
import { Backoff, DEFAULT_BACKOFF } from './connection/backoff.js';
import {
  SessionError,
  iqError,
  isFatal,
  notConnected,
  publicCode,
  toSessionError,
} from './connection/errors.js';
import { Link } from './connection/link.js';
import {
  DEFAULT_TIMEOUTS,
  type SessionEvents,
  type SessionOptions,
  type SessionStateChange,
  type SessionTimeouts,
  type TrackedOutcome,
} from './connection/options.js';
import { Pending } from './connection/pending.js';
import { ReconnectPolicy } from './connection/reconnect-policy.js';
import type { XmppSocket } from './connection/socket.js';
import type { Stack } from './connection/stack.js';
import { TypedEmitter } from './connection/typed-emitter.js';
import { attachTap, type StanzaTap } from './console/tap.js';

/**
 * One account's connection: TLS always verified (connection/tls.ts), SCRAM login with native
 * PBKDF2 (connection/sasl.ts), XEP-0198 resume, keepalive, and reconnects with backoff.
 *
 * States: 'connecting' while an attempt runs or after an online session was lost (a retry is
 * scheduled); 'online'; 'error' after a failed attempt (with retryInMs unless the error is
 * fatal: wrong password, untrusted certificate, resource conflict); 'disconnected' after stop().
 */
/** See Session.setAckBarrier. */
export interface AckBarrier {
  flush(): void;
  /** True when `answer` will be called after the pending writes are committed. */
  defer(answer: () => void): boolean;
  /**
   * For handling that is asynchronous (decryption): the handled count up to which every
   * stanza's handling has completed and been committed, or null when none is under way. Read
   * right after flush(); a count that leaves then is lowered to it. While it is not null, an
   * <r/> must be deferred (defer() returns true) until it is null again.
   */
  settled?(): number | null;
}

export class Session extends TypedEmitter<SessionEvents> {
  state: ConnectionState = 'disconnected';
  /**
   * Which server-side session this is: a fresh bind starts a new one (every stanza tracked on
   * the one before has been failed by then), a resume keeps the number.
   */
  epoch = 0;
  private readonly timeouts: SessionTimeouts;
  private readonly link: Link;
  private readonly reconnect: ReconnectPolicy;
  private readonly pending = new Pending();
  private stopped = true;
  private attempt: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private ackBarrier: AckBarrier | null = null;
  private detachTap: (() => void) | null = null;

  constructor(readonly options: SessionOptions) {
    super();
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.reconnect = new ReconnectPolicy(
      new Backoff(options.reconnect ?? DEFAULT_BACKOFF),
      this.timeouts.healthyMs,
    );
    this.link = new Link(options, this.timeouts, {
      stanza: (el) => this.emit('stanza', el),
      beforeAck: () => {
        const barrier = this.ackBarrier;
        if (!barrier) return null;
        barrier.flush();
        return barrier.settled?.() ?? null;
      },
      ackRequested: (answer) => this.ackBarrier?.defer(answer) ?? false,
      activity: () => this.reconnect.activity(),
      lost: (error) => this.failed(error, 'connecting'),
      warning: (message, cause) => this.emit('warning', { message, cause }),
    });
    const { sm } = this.stack;
    sm.on('ack', (el) => {
      this.pending.acked(el);
      this.emit('acked', el);
    });
    const lost = 'The session ended before the server confirmed this stanza';
    sm.on('fail', (el) => this.pending.untrack(el, new SessionError('session-lost', lost)));
  }

  get bareJid(): string {
    return this.link.bareJid;
  }

  get domain(): string {
    return this.link.domain;
  }

  /** Full JID once bound, else the bare JID. */
  get jid(): string {
    return this.link.jid;
  }

  private get stack(): Stack {
    return this.link.stack;
  }

  /** For tests and diagnostics: the live socket (destroy() it to simulate a network cut). */
  private get socket(): XmppSocket | null {
    return this.link.socket;
  }

  /**
   * For owners that batch their writes of incoming stanzas. `flush` runs synchronously right
   * before our XEP-0198 count leaves (a <resume/>, the ack on stop, an answer to <r/>), so the
   * server is never told of a stanza that is not yet stored. `defer` may instead take the
   * answer to an <r/> and call it after its next commit (so a batch is not cut short by every
   * request). If a commit fails, call dropUnstored().
   */
  setAckBarrier(barrier: AckBarrier | null): void {
    this.ackBarrier = barrier;
  }

  /**
   * The XML console's view of this session: every element read or written, across reconnects,
   * until set to null. Nothing is attached while no tap is set.
   */
  setTap(tap: StanzaTap | null): void {
    this.detachTap?.();
    this.detachTap = tap ? attachTap(this.stack.entity, tap) : null;
  }

  /** How many incoming stanzas our XEP-0198 count covers on this stream (0 without it). */
  get handledCount(): number {
    return this.link.handledCount;
  }

  /**
   * The stanzas counted since `handledCount` was `resetTo` could not be stored: they are
   * un-counted and the link dropped, so the server resends them on resume (and its archive
   * keeps them otherwise).
   */
  dropUnstored(resetTo: number, cause: unknown): void {
    this.link.dropUnstored(resetTo, cause);
  }

  /** Resolves once online; rejects with the SessionError of the first failed attempt (which,
   * unless fatal, is retried in the background with backoff until stop()). */
  async start(): Promise<void> {
    if (this.link.phase === 'online') return;
    if (this.stopped) this.reconnect.restart();
    this.stopped = false;
    this.clearRetry();
    return this.connect();
  }

  /** Closes the stream cleanly (acking what we received) and stops reconnecting. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearRetry();
    this.reconnect.stop();
    this.link.abort(new SessionError('stopped', 'The session was stopped'));
    await this.link.close();
    this.pending.failAll('The session was stopped');
    this.setState({ state: 'disconnected' });
  }

  /** Rejects with 'not-connected' unless online; nothing is queued while offline. */
  async send(el: Element): Promise<void> {
    if (!this.link.ready) throw notConnected();
    try {
      await this.stack.entity.send(el);
    } catch (err) {
      const msg = 'The connection was lost while sending';
      throw new SessionError('not-connected', msg, { cause: err });
    }
    // With SM an <r/> follows this stanza; if no answer comes, the link is dead.
    if (this.stack.sm.enabled && isStanza(el)) this.link.expectAnswer();
  }

  /**
   * Resolves 'acked' once the server has confirmed receipt of `el`: its XEP-0198 <a h/>, or,
   * on a server without stream management, its answer to a ping sent right after (a server
   * handles a stream in order). Rejects with 'not-connected' or 'session-lost' when the stream
   * ends without resume: the caller keeps the stanza in its outbox and resends it.
   */
  async sendTracked(el: Element): Promise<TrackedOutcome> {
    if (!this.link.ready) throw notConnected();
    if (!this.stack.sm.enabled) {
      await this.send(el);
      await this.iq(this.link.ping()).catch((err: SessionError) => {
        if (err.code !== 'stanza-error') throw err; // an error answer is an answer too
      });
      this.emit('acked', el);
      return 'acked';
    }
    const acked = this.pending.track(el);
    try {
      await this.send(el);
      this.settleIfUnqueued(el);
    } catch (err) {
      this.pending.untrack(el, err as SessionError);
    }
    await acked;
    return 'acked';
  }

  /**
   * A TLS write completes on a later turn of the event loop, and @xmpp queues a stanza for
   * XEP-0198 (to be acked, or resent on resume) only then. If the link dropped in between,
   * stream management is already off and the stanza is in no queue: no ack, no resend and no
   * failure would ever come for it, and a caller keeping an outbox would hold it back until
   * some later fresh session, behind messages written after it. It is reported lost now (the
   * caller sends it again, after anything older; a copy that did arrive is recognised by its
   * id), before the next session comes up.
   */
  private settleIfUnqueued(el: Element): void {
    if (!this.pending.has(el) || inQueue(this.stack.sm.outbound_q, el)) return;
    const lost = 'The connection dropped while this stanza was being written';
    this.pending.untrack(el, new SessionError('session-lost', lost));
  }

  /** Sends an iq get/set; resolves with the <iq type="result"/>, rejects with 'stanza-error'
   * (condition set), 'timeout', 'not-connected' or 'session-lost'. */
  async iq(el: Element, timeoutMs = this.timeouts.iqMs): Promise<Element> {
    if (el.name !== 'iq' || (el.attrs.type !== 'get' && el.attrs.type !== 'set')) {
      throw new TypeError('iq() takes an <iq type="get|set"/>');
    }
    if (!this.link.ready) throw notConnected();
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
      const info = await this.link.negotiate();
      // Not a reset of the backoff yet: only a link that stays up and answers earns that.
      this.reconnect.online();
      if (!info.resumed) {
        this.epoch++;
        this.pending.failAll('A new session replaced the one this was sent on');
      }
      this.setState({ state: 'online' });
      this.emit('online', info);
    } catch (err) {
      const error = toSessionError(err, this.link.errorContext());
      if (!this.stopped) this.failed(error, 'error');
      throw error;
    }
  }

  /** A failed attempt or a lost session: give up if fatal, else schedule a retry. */
  private failed(error: SessionError, state: 'error' | 'connecting'): void {
    const pub = {
      code: publicCode(error.code),
      message: error.message,
      ...(error.text ? { text: error.text } : {}),
    };
    if (isFatal(error.code, error.condition)) {
      this.reconnect.stop();
      void this.link.close(); // fails SM's queue and forgets the session: the next start is fresh
      this.pending.failAll(error.message);
      const certificate = error.certificate ? { certificate: error.certificate } : {};
      this.setState({ state: 'error', error: pub, ...certificate });
      return;
    }
    const delay = this.reconnect.nextDelay();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect().catch(() => {}); // the failure is reported through 'state'
    }, delay);
    this.setState({ state, error: pub, retryInMs: delay });
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private setState(change: SessionStateChange): void {
    this.state = change.state;
    this.emit('state', change);
  }
}

/** Searched from the end: a stanza just written is among the last ones queued. */
function inQueue(queue: ReadonlyArray<{ stanza: Element }>, el: Element): boolean {
  for (let i = queue.length - 1; i >= 0; i--) if (queue[i]?.stanza === el) return true;
  return false;
}

function isStanza(el: Element): boolean {
  return el.name === 'message' || el.name === 'presence' || el.name === 'iq';
}
