import { jid as parseJid } from '@xmpp/jid';
import xml, { type Element } from '@xmpp/xml';
import { Deferred, withTimeout } from './deferred.js';
import { dial, endpoints } from './dial.js';
import { SessionError, toSessionError } from './errors.js';
import { Keepalive } from './keepalive.js';
import type { OnlineInfo, SessionOptions, SessionTimeouts } from './options.js';
import type { ScramKeys } from './scram.js';
import type { XmppSocket } from './socket.js';
import { NS_SM, createStack, type Stack } from './stack.js';

const NS_PING = 'urn:xmpp:ping';
/** While sending steadily, ask the server to confirm what it has at least this often. */
const ACK_REQUEST_MS = 500;

export type LinkPhase = 'idle' | 'negotiating' | 'online' | 'closing';

export interface LinkEvents {
  /** Synchronous; may throw (the stanza is then un-acked and the link dropped). */
  stanza(el: Element): void;
  /**
   * Synchronous; flushes batched writes before an ack leaves (see Session.setAckBarrier).
   * Returns the count up to which every incoming stanza's handling has completed, when some
   * is still under way (asynchronous work: decryption), else null; the count sent is lowered
   * to it.
   */
  beforeAck(): number | null;
  /** The server asked for our count; true when the owner answers later (Session.setAckBarrier). */
  ackRequested(answer: () => void): boolean;
  /** Bytes arrived from the server (proof that the link answers). */
  activity(): void;
  /** The online link went down; `error` says why in words. */
  lost(error: SessionError): void;
  warning(message: string, cause: unknown): void;
}

/**
 * The life of one stream at a time over the @xmpp stack: connect and negotiate, watch it with
 * the keepalive, notice its end. Session (session.ts) decides what to do about it.
 */
export class Link {
  readonly stack: Stack;
  readonly bareJid: string;
  readonly domain: string;
  phase: LinkPhase = 'idle';
  private readonly keepalive: Keepalive;
  private readonly scramCache = new Map<string, ScramKeys>();
  private negotiation: Deferred<OnlineInfo> | null = null;
  private lastError: unknown = null;
  /** The socket dropUnstored() gave up on: nothing more may be acknowledged over it. */
  private droppedSocket: XmppSocket | null = null;
  /** The next <r/> while stanzas we sent are unconfirmed (see expectAnswer). */
  private ackRequest: NodeJS.Timeout | null = null;
  /** Running from a resume until the server's first <a/> (see proveResumed). */
  private resumeProof: NodeJS.Timeout | null = null;

  constructor(
    options: SessionOptions,
    private readonly timeouts: SessionTimeouts,
    private readonly events: LinkEvents,
  ) {
    const bare = parseJid(options.jid).bare();
    this.bareJid = bare.toString();
    this.domain = bare.domain;
    const tls = { domain: this.domain, trust: options.trust, timeoutMs: timeouts.connectMs };
    this.stack = createStack({
      domain: this.domain,
      bareJid: this.bareJid,
      resource: options.resource,
      timeoutMs: timeouts.connectMs,
      dial: async () =>
        dial(await endpoints(this.domain, options), { ...tls, proxy: options.proxy ?? null }),
      onBytes: () => {
        this.keepalive.activity();
        this.events.activity();
      },
      tlsParams: () => tls,
      sasl: () => ({
        jid: this.bareJid,
        username: bare.local,
        password: options.password,
        timeoutMs: timeouts.loginMs,
        cache: this.scramCache,
      }),
      negotiated: (resumed) => {
        if (resumed) this.proveResumed();
        this.negotiation?.resolve({ resumed, fullJid: this.jid });
      },
      answered: () => this.clearResumeProof(),
      stanza: (el) => this.dispatch(el),
      beforeAck: () => {
        const socket = this.socket;
        this.settle();
        // A failed flush dropped the link (dropUnstored): its count must not be sent.
        return socket !== null && this.droppedSocket !== socket;
      },
      ackRequested: (answer) => this.events.ackRequested(answer),
      warning: (message) => this.events.warning(message, null),
    });
    this.keepalive = new Keepalive({
      idleMs: timeouts.idleMs,
      answerMs: timeouts.answerMs,
      probe: () => this.probe(),
      dead: () => {
        this.lastError = new SessionError('host-unreachable', `${this.domain} stopped answering`);
        this.socket?.destroy();
      },
    });
    const { entity } = this.stack;
    entity.on('error', (err: unknown) => this.onError(err));
    entity.on('disconnect', () => this.onDisconnect());
    // The server closed the stream (</stream:stream>): close our side; 'disconnect' follows.
    entity.on('close', () => this.phase === 'online' && this.socket?.end());
  }

  get jid(): string {
    return this.stack.entity.jid?.toString() ?? this.bareJid;
  }

  /** Stanzas may be sent: online, or already bound/resumed while the last negotiation step
   * (SM enable) is in flight — the server may replay queued stanzas that early, and their
   * listeners may want to answer them (receipts). */
  get ready(): boolean {
    const bound = this.phase === 'negotiating' && this.stack.entity.status === 'online';
    return this.phase === 'online' || bound;
  }

  get socket(): XmppSocket | null {
    return this.stack.entity.socket as XmppSocket | null;
  }

  /** One attempt, from DNS to a usable stream, bounded by timeouts.loginMs. */
  async negotiate(): Promise<OnlineInfo> {
    const { entity } = this.stack;
    // A resume request carries our count: what it covers must be stored by then.
    this.settle();
    this.failUnresumableQueue();
    // Whatever the last attempt established is void; the count we resume with is the one
    // that stands now (the flush above may have lowered it).
    this.stack.trust.newAttempt(this.stack.sm.inbound);
    const negotiation = new Deferred<OnlineInfo>();
    this.negotiation = negotiation;
    this.phase = 'negotiating';
    this.lastError = null;
    const timer = setTimeout(() => {
      negotiation.reject(
        new SessionError('host-unreachable', `Logging in to ${this.domain} timed out`),
      );
    }, this.timeouts.loginMs);
    try {
      const opening = (async () => {
        await entity.connect();
        if (negotiation.settled) return; // aborted while dialling
        await entity.open({ domain: this.domain });
      })();
      opening.catch((err: unknown) => negotiation.reject(err));
      const info = await negotiation.promise;
      this.phase = 'online';
      this.keepalive.start();
      return info;
    } catch (err) {
      this.teardown();
      throw toSessionError(err, this.errorContext());
    } finally {
      clearTimeout(timer);
      this.negotiation = null;
    }
  }

  /**
   * Stanzas sent after an <enable/> whose <enabled/> never came (or whose session the server
   * refused to resume) wait in stream management's queue with no session to resume them on. They are lost with that stream (their senders
   * keep them and send again); left there, @xmpp/stream-management refuses every later enable
   * ("queue should be empty after enable") and the account never comes back.
   */
  private failUnresumableQueue(): void {
    const { sm } = this.stack;
    if (sm.id) return;
    // A teardown without a 'disconnect' event leaves these set: what this attempt sends before
    // its own <enable/> would be queued as if stream management were on.
    sm.enabled = false;
    sm.enableSent = false;
    for (const item of sm.outbound_q.splice(0)) sm.emit('fail', item.stanza);
    sm.outbound = 0;
  }

  /** Cancels a negotiation in progress (it rejects with `reason`). */
  abort(reason: SessionError): void {
    this.negotiation?.reject(reason);
  }

  /** Closes an online stream politely (SM ack, </stream>), bounded; then drops everything. */
  async close(): Promise<void> {
    const wasOnline = this.phase === 'online';
    this.phase = 'closing';
    this.keepalive.stop();
    if (wasOnline) {
      await withTimeout(this.stack.entity.disconnect(), this.timeouts.connectMs).catch(() => {});
    }
    this.teardown();
    // Stream management: fail its queue and forget the session id; the next start is fresh.
    this.stack.entity._status('offline');
  }

  /**
   * A stanza we sent will be answered by an SM <a/>: watch for that answer, and make sure it
   * is asked for. @xmpp/stream-management asks (<r/>) only once sending pauses for its
   * debounce (100 ms): a steady stream of stanzas less than that apart got no ack at all
   * until it stopped, so thousands could be unconfirmed at a cut, all sent again. Here an
   * <r/> also goes at least every ACK_REQUEST_MS while anything sent is unconfirmed.
   */
  expectAnswer(): void {
    this.keepalive.expectAnswer();
    this.ackRequest ??= setTimeout(() => {
      this.ackRequest = null;
      const { entity, sm } = this.stack;
      if (this.phase === 'online' && sm.enabled && sm.outbound_q.length > 0)
        entity.send(xml('r', { xmlns: NS_SM })).catch(() => {});
    }, ACK_REQUEST_MS);
  }

  /**
   * Prosody (0.12) parses a resumed session's input with the parser of the connection the
   * session had before. If that connection ended in the middle of a stanza of ours (the
   * server had read part of what we wrote), everything we send from now on is taken as part
   * of that stanza: stanzas and <r/> vanish and the stream ends much later as not-well-formed
   * or too big. Writing whole stanzas per TLS record (whole-record-writer.ts) makes that rare,
   * but the server also reads in 8 KiB pieces and may lose the rest of a read on a cut.
   * So a resumed stream must prove that it is parsed: an <r/> goes out at once and its <a/>
   * must come within answerMs. If it does not, the server-side session is given up (resuming
   * it again would meet the same parser): the link is dropped and the next attempt binds a
   * fresh session, which fails our unconfirmed stanzas so that their senders send them again.
   */
  private proveResumed(): void {
    this.clearResumeProof();
    const { entity, sm } = this.stack;
    const socket = this.socket;
    this.resumeProof = setTimeout(() => {
      this.resumeProof = null;
      if (this.socket !== socket) return;
      this.events.warning('The resumed session does not answer; starting a fresh one', null);
      sm.id = '';
      this.lastError = new SessionError(
        'host-unreachable',
        `${this.domain} did not answer on the resumed session`,
      );
      socket?.destroy();
    }, this.timeouts.answerMs);
    entity.send(xml('r', { xmlns: NS_SM })).catch(() => {});
  }

  private clearResumeProof(): void {
    if (this.resumeProof) clearTimeout(this.resumeProof);
    this.resumeProof = null;
  }

  errorContext(): { jid: string; domain: string } {
    return { jid: this.bareJid, domain: this.domain };
  }

  private onDisconnect(): void {
    if (this.phase === 'negotiating') {
      const closed = `${this.domain} closed the connection during login`;
      this.negotiation?.reject(this.lastError ?? new SessionError('host-unreachable', closed));
    } else if (this.phase === 'online') {
      const error = this.lastError
        ? toSessionError(this.lastError, this.errorContext())
        : new SessionError('host-unreachable', `The connection to ${this.domain} was lost`);
      this.teardown();
      this.events.lost(error);
    }
  }

  private onError(err: unknown): void {
    if (this.phase === 'negotiating') {
      this.negotiation?.reject(err);
      return;
    }
    // Our own verdicts (malformed XML, an oversized stanza) explain the close that follows.
    if (err instanceof SessionError) {
      this.lastError = err;
      return;
    }
    const e = err as { name?: string; code?: string };
    const last = this.lastError as { name?: string } | null;
    // Stream errors and socket errors explain the disconnect that follows them; a stream error
    // wins over the EPIPE/ECONNRESET that typically follows it as the server hangs up.
    if (e?.name === 'StreamError') this.lastError = err;
    else if (typeof e?.code === 'string')
      this.lastError = last?.name === 'StreamError' ? last : err;
    else this.events.warning(String(err), err);
  }

  private dispatch(el: Element): void {
    try {
      this.events.stanza(el);
    } catch (err) {
      this.listenerFailed(err);
    }
  }

  /** How many incoming stanzas the XEP-0198 count covers so far (0 without it). */
  get handledCount(): number {
    const { sm } = this.stack;
    // While a resume is under way (sm.id kept, not yet re-enabled) the stanzas the server
    // resends right after <resumed/> are already counted on top of the old count.
    return sm.enabled || sm.id ? sm.inbound : 0;
  }

  /**
   * Before any count leaves: batched writes are committed, and stanzas whose handling is still
   * under way are taken out of the count. The link stays up: their handling goes on, and the
   * server resends them after a resume (the owner drops what it has by then by its ids).
   */
  private settle(): void {
    const settled = this.events.beforeAck();
    const { sm } = this.stack;
    if (settled !== null && (sm.enabled || sm.id))
      sm.inbound = Math.max(0, Math.min(sm.inbound, settled));
  }

  /**
   * Stanzas counted after `handledCount` reached `resetTo` could not be stored (a batched
   * write failed): un-count them and drop the connection before anything acknowledges them;
   * the server resends them when we resume.
   */
  dropUnstored(resetTo: number, cause: unknown): void {
    const { entity, sm } = this.stack;
    this.events.warning(`Stanzas could not be stored; reconnecting: ${String(cause)}`, cause);
    if (sm.enabled) sm.inbound = Math.max(0, Math.min(sm.inbound, resetTo));
    this.droppedSocket = this.socket;
    entity._detachParser();
    this.socket?.destroy();
  }

  /**
   * A 'stanza' listener threw, so this stanza may not be stored. Un-count it and drop the
   * connection at once, before the parser reads further or an <r/> is answered: the server
   * still holds it unacked and resends it when we resume (at-least-once, never lost).
   * Without stream management there is no such guarantee to keep.
   */
  private listenerFailed(err: unknown): void {
    const { entity, sm } = this.stack;
    this.events.warning(`A stanza listener failed; reconnecting: ${String(err)}`, err);
    if (sm.enabled && sm.inbound > 0) sm.inbound -= 1;
    entity._detachParser();
    this.socket?.destroy();
  }

  private probe(): void {
    const { entity, sm, iqCaller } = this.stack;
    if (sm.enabled) entity.send(xml('r', { xmlns: NS_SM })).catch(() => {});
    else iqCaller.request(this.ping(), this.timeouts.answerMs).catch(() => {});
  }

  ping(): Element {
    return xml('iq', { type: 'get', to: this.domain }, xml('ping', { xmlns: NS_PING }));
  }

  /** Drops the current socket and parser without waiting for anything. */
  private teardown(): void {
    this.keepalive.stop();
    this.clearResumeProof();
    if (this.ackRequest) clearTimeout(this.ackRequest);
    this.ackRequest = null;
    const { entity } = this.stack;
    const socket = this.socket;
    if (socket) {
      entity._detachSocket();
      socket.destroy();
    }
    entity._detachParser();
    this.phase = 'idle';
    entity._status('disconnect'); // lets stream management stop its timers
  }
}
