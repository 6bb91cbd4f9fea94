import type { IqCaller } from '@xmpp/iq/caller.js';
import { jid } from '@xmpp/jid';
import middlewareFactory, { type MiddlewareApi } from '@xmpp/middleware';
import resourceBinding from '@xmpp/resource-binding';
import streamFeaturesFactory, { type StreamFeatures } from '@xmpp/stream-features';
import streamManagement, { type StreamManagement } from '@xmpp/stream-management';
import xml, { type Element } from '@xmpp/xml';
import { addresseeCheckedIqCaller } from '../features/iq-addressee.js';
import { saslFeature, type SaslCredentials } from './sasl.js';
import type { XmppSocket } from './socket.js';
import { requireTls, starttlsFeature } from './starttls.js';
import { StreamTrust } from './stream-trust.js';
import type { TlsParams } from './tls.js';
import { XmppConnection } from './xmpp-connection.js';

export const NS_SM = 'urn:xmpp:sm:3';
const NS_STREAM = 'http://etherx.jabber.org/streams';
const NS_BIND = 'urn:ietf:params:xml:ns:xmpp-bind';

export interface StackHooks {
  domain: string;
  bareJid: string;
  resource: string;
  timeoutMs: number;
  dial(): Promise<XmppSocket>;
  onBytes(): void;
  tlsParams(): Omit<TlsParams, 'directTls'>;
  sasl(): SaslCredentials;
  /** The stream is ready: resource bound and SM enabled/refused, or the session resumed. */
  negotiated(resumed: boolean): void;
  /** Every incoming stanza that is not an answer to our own iq. Must be synchronous. */
  stanza(el: Element): void;
  /**
   * Called synchronously right before our count of handled stanzas (XEP-0198 `h`) leaves:
   * in an <a/>, a <resume/> or the ack before </stream>. Whoever batches writes flushes them
   * here. Returns false when the link was dropped meanwhile (a flush failed): no ack then.
   */
  beforeAck(): boolean;
  /**
   * The server asked for our count (<r/>). Returns true when the owner will call `answer`
   * itself once its pending writes are committed (answering then also covers what arrived
   * meanwhile); false to have it answered now, after beforeAck().
   */
  ackRequested(answer: () => void): boolean;
  /** Something arrived that was ignored (e.g. a stanza before TLS and login). */
  warning(message: string): void;
  /** The server sent an XEP-0198 <a/>: it parses what we send, stanza by stanza. */
  answered(): void;
}

export interface Stack {
  entity: XmppConnection;
  middleware: MiddlewareApi;
  iqCaller: IqCaller;
  sm: StreamManagement;
  /** What the current attempt has established (see stream-trust.ts); reset per attempt. */
  trust: StreamTrust;
}

/**
 * Assembles the @xmpp pieces in the order @xmpp/client does, with our STARTTLS, SASL and
 * socket, and with changes of order that matter (middleware runs in registration order):
 *
 * 0. Ahead of everything, the stream-trust gate (stream-trust.ts) drops what arrives before
 *    TLS, login and bind/resume, so nothing behind it (counting, acks, owners) ever sees it.
 * 1. Stream management's counting middleware comes next. In @xmpp/client it is registered
 *    after @xmpp/iq's caller, which swallows the answers to our own iqs without calling next():
 *    those were never counted, so `h` fell behind, the server kept them queued forever and
 *    replayed them on every resume.
 * 2. Its 'sm' stream-feature handler is registered after STARTTLS and SASL, not before.
 *
 * Why an ack never covers a stanza we have not handled (XEP-0198 `h`): SM increments
 * `sm.inbound` in its middleware *before* our handlers run, but `h` only leaves the process in
 * an <a/> answering <r/>, in <resume h=…/>, or before </stream> on stop. Each incoming element
 * is pushed through the whole middleware chain synchronously from the parser's 'element'
 * event (koa-compose calls each next() synchronously, and every middleware ahead of `stanza`
 * runs synchronously up to its next()), so `stanza()` — and the synchronous better-sqlite3
 * writes of its listeners — completes before the parser even reads the following <r/>. The
 * count therefore includes only stanzas whose synchronous handlers have returned. If one
 * throws, the session un-counts it and drops the connection (session.ts), so the server
 * resends it on resume. Handlers that batch their writes keep the guarantee through
 * `beforeAck`, which flushes them before any count is sent.
 */
export function createStack(hooks: StackHooks): Stack {
  const entity = new XmppConnection(
    { domain: hooks.domain, timeout: hooks.timeoutMs },
    hooks.dial,
    hooks.onBytes,
  );
  entity.jid = jid(hooks.bareJid);
  const middleware = middlewareFactory({ entity });
  const trust = new StreamTrust();
  // First of all (see stream-trust.ts): nothing before TLS, login and bind/resume is counted,
  // delivered or believed. (`sm` is created below, before any element can arrive.)
  trust.install(middleware, () => sm, hooks.warning);
  // Registered before stream management's own middleware and close hook, so that batched
  // writes are committed before the count that covers them is sent.
  middleware.use((ctx, next) => {
    if (ctx.stanza.is('a', NS_SM)) hooks.answered();
    if (!ctx.stanza.is('r', NS_SM)) return next();
    const socket = entity.socket;
    const answer = () => {
      // Only over the stream that asked, and only if it was not dropped meanwhile.
      if (entity.socket !== socket || !hooks.beforeAck()) return;
      entity.send(xml('a', { xmlns: NS_SM, h: sm.inbound })).catch(() => {});
    };
    if (hooks.ackRequested(answer)) return undefined;
    if (!hooks.beforeAck()) return undefined;
    return next();
  });
  entity.hook('close', () => {
    hooks.beforeAck();
  });

  const smFeatures: Parameters<StreamFeatures['use']>[] = [];
  const sm = streamManagement({
    streamFeatures: { use: (...args) => void smFeatures.push(args) },
    entity,
    middleware,
  });
  // Our own keepalive (keepalive.ts) replaces SM's 30 s <r/> timer and its 60 s timeout,
  // which closed the stream gracefully on a dead socket (and so waited on it).
  sm.timeout = 0;
  sm.requestAckInterval = 0;
  sm.requestAckDebounce = 100;
  middleware.use((ctx, next) => {
    const el = ctx.stanza;
    // XEP-0198 §5: a failed resume may say how many of our stanzas the server did get; ack
    // those so that only the truly lost ones are reported to sendTracked callers as failed.
    if (el.is('failed', NS_SM) && sm.id && el.attrs.h !== undefined)
      ackUpTo(sm, Number(el.attrs.h));
    return next();
  });

  const streamFeatures = streamFeaturesFactory({ middleware });
  const iqCaller = addresseeCheckedIqCaller({ entity, middleware, domain: hooks.domain });
  markAnswersHandled(iqCaller);

  starttlsFeature(streamFeatures, hooks.tlsParams);
  requireTls(middleware, () => hooks.domain);
  saslFeature(streamFeatures, hooks.sasl, () => trust.loggedIn(entity.isSecure()));

  let resumed = false;
  sm.on('resumed', () => {
    resumed = true;
  });
  middleware.use(async (ctx, next) => {
    const el = ctx.stanza;
    if (!el.is('features', NS_STREAM)) return next();
    if (!el.getChild('bind', NS_BIND) && !el.getChild('sm', NS_SM)) return next();
    // Only reached over TLS (requireTls stops plain streams); from here, if we logged in on
    // this attempt, the server may bind or resume us.
    trust.arm(sm);
    resumed = false;
    // Wraps SM (resume, or bind then enable) and resource binding: when next() settles the
    // stream is usable. Errors propagate to the error handler, which emits them on entity.
    await next();
    hooks.negotiated(resumed);
  });
  for (const args of smFeatures) streamFeatures.use(...args);
  resourceBinding({ streamFeatures, iqCaller }, hooks.resource);

  middleware.use((ctx, next) => {
    const { name } = ctx.stanza;
    const isStanza = name === 'message' || name === 'presence' || name === 'iq';
    // An answer to an iq before binding that no request claimed is not for the owner either.
    if (isStanza && trust.delivering) hooks.stanza(ctx.stanza);
    return next();
  });

  return { entity, middleware, iqCaller, sm, trust };
}

function ackUpTo(sm: StreamManagement, h: number): void {
  while (sm.outbound < h && sm.outbound_q.length > 0) {
    const item = sm.outbound_q.shift();
    sm.outbound++;
    if (item) sm.emit('ack', item.stanza);
  }
}

/**
 * @xmpp/iq's caller rejects a request's deferred as soon as an error answer arrives, but only
 * attaches its own handler after `send()` has resolved. A local service (a MUC component) can
 * answer before that, which Node reports as an unhandled rejection although the caller does
 * receive the error. A no-op handler on each deferred as it is registered closes that window.
 */
function markAnswersHandled(caller: IqCaller): void {
  const holder = caller as unknown as { handlers: Map<string, { promise: Promise<unknown> }> };
  const original = holder.handlers;
  holder.handlers = new (class extends Map<string, { promise: Promise<unknown> }> {
    override set(id: string, deferred: { promise: Promise<unknown> }) {
      deferred.promise.catch(() => {});
      return super.set(id, deferred);
    }
  })(original);
}
