import type { MiddlewareApi } from '@xmpp/middleware';
import type { StreamManagement } from '@xmpp/stream-management';
import type { Element } from '@xmpp/xml';

const NS_SM = 'urn:xmpp:sm:3';
const NS_BIND = 'urn:ietf:params:xml:ns:xmpp-bind';
const SM_ANSWERS = new Set(['a', 'r', 'failed', 'enabled', 'resumed']);

/**
 * What one connection attempt has established, in order: `armed` once the stream is encrypted
 * and authenticated and we are about to bind or resume (<enable>/<resume> can only follow),
 * `delivering` once the server bound our resource or resumed our session on that stream.
 * RFC 6120 §5.3.4 / §5.4.3.3: nothing learnt before TLS and authentication may be used, so a
 * stanza before `delivering` is dropped before stream management counts it, and the XEP-0198
 * answers (<a/>, <r/>, <failed/>, <enabled/>, <resumed/>) are dropped until `armed`.
 */
export class StreamTrust {
  armed = false;
  delivering = false;
  /** SASL succeeded over TLS on this attempt. */
  private authenticated = false;
  /** Our XEP-0198 count when this attempt started: what a <resume/> must carry. */
  private handledAtStart = 0;
  /** Elements ignored on this attempt (for diagnostics and tests). */
  dropped = 0;

  /** A new attempt (a new socket): forget everything the previous one established. */
  newAttempt(handled: number): void {
    this.armed = false;
    this.delivering = false;
    this.authenticated = false;
    this.handledAtStart = handled;
    this.dropped = 0;
  }

  /** SASL succeeded; only counts over TLS (our SASL never runs without it anyway). */
  loggedIn(secure: boolean): void {
    if (secure) this.authenticated = true;
  }

  /**
   * The stream offers bind/SM: from here we bind or resume. Ignored unless we logged in over
   * TLS on this attempt (a server offering to bind us without login gets no answers believed).
   */
  arm(sm: StreamManagement): void {
    if (!this.authenticated) return;
    this.armed = true;
    // Nothing can have been counted legitimately on this attempt yet (stanzas are dropped
    // until bound or resumed); the <resume/> about to leave carries the count we started with.
    sm.inbound = this.handledAtStart;
  }

  /**
   * The first incoming middleware: runs before stream management counts a stanza or acts on
   * an ack, so whatever it drops is neither counted, nor delivered, nor believed.
   */
  install(
    middleware: MiddlewareApi,
    streamManagement: () => StreamManagement,
    warn: (message: string) => void,
  ): void {
    middleware.use((ctx, next) => {
      const sm = streamManagement();
      const el = ctx.stanza;
      const isStanza = el.name === 'message' || el.name === 'presence' || el.name === 'iq';
      if (isStanza) {
        if (this.delivering) return next();
        // Before binding, only the answer to our bind request (or an error to it) is expected.
        const answer =
          el.name === 'iq' && (el.attrs.type === 'result' || el.attrs.type === 'error');
        if (this.armed && answer) {
          if (el.attrs.type === 'result' && el.getChild('bind', NS_BIND)) this.delivering = true;
          return next();
        }
        return this.drop(el, warn);
      }
      if (el.getNS() !== NS_SM || !SM_ANSWERS.has(el.name)) return next();
      if (!this.armed) return this.drop(el, warn);
      if ((el.name === 'a' || el.name === 'resumed') && !boundAck(el, sm))
        return this.drop(el, warn);
      if (el.name === 'resumed') this.delivering = true;
      return next();
    });
  }

  private drop(el: Element, warn: (message: string) => void): undefined {
    this.dropped++;
    // One warning per attempt explains it; a flood must not become a flood of logs.
    if (this.dropped === 1)
      warn(`Ignored <${el.name}/> received before the stream was secured and bound`);
    return undefined;
  }
}

/**
 * An ack (<a h/>, <resumed h/>) may confirm at most what we sent: with a larger `h`
 * @xmpp/stream-management shifts past the end of its queue, counting phantom stanzas as acked
 * until it throws. A larger count is cut to what is queued; an unreadable one is refused.
 */
function boundAck(el: Element, sm: StreamManagement): boolean {
  const h = Number(el.attrs.h);
  if (!Number.isSafeInteger(h) || h < 0) return false;
  const most = sm.outbound + sm.outbound_q.length;
  if (h > most) el.attrs.h = String(most);
  return true;
}
