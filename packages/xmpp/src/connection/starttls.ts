import type { MiddlewareApi } from '@xmpp/middleware';
import type { StreamFeatures } from '@xmpp/stream-features';
import xml from '@xmpp/xml';
import { SessionError } from './errors.js';
import type { XmppSocket } from './socket.js';
import type { TlsParams } from './tls.js';
import { exchange } from './wait.js';

const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls';
const NS_STREAM = 'http://etherx.jabber.org/streams';

/**
 * Our STARTTLS (RFC 6120 §5), replacing @xmpp/starttls, which calls tls.connect({socket, host})
 * with no CA, no SNI choice and no pinning. The upgrade goes through XmppSocket.startTls, which
 * verifies the peer before the stream is restarted, i.e. before any XMPP byte is encrypted.
 */
export function starttlsFeature(
  streamFeatures: StreamFeatures,
  tlsParams: () => Omit<TlsParams, 'directTls'>,
): void {
  streamFeatures.use('starttls', NS_TLS, async ({ entity }, next) => {
    if (entity.isSecure()) return next();
    const params = tlsParams();
    const answer = await exchange(
      entity,
      xml('starttls', { xmlns: NS_TLS }),
      (el) => el.getNS() === NS_TLS,
      params.timeoutMs,
      'STARTTLS request',
    );
    if (!answer.is('proceed')) {
      throw new SessionError('tls-failed', `${params.domain} refused to start TLS`);
    }
    await (entity.socket as XmppSocket).startTls({ ...params, directTls: false });
    await entity.restart();
  });
}

/**
 * Registered after the STARTTLS feature and before SASL: a stream that is still plain text
 * once STARTTLS had its chance (the server did not offer it) never reaches authentication.
 */
export function requireTls(middleware: MiddlewareApi, domain: () => string): void {
  middleware.use((ctx, next) => {
    if (!ctx.stanza.is('features', NS_STREAM) || ctx.entity.isSecure()) return next();
    throw new SessionError(
      'tls-failed',
      `${domain()} does not offer encryption (STARTTLS); Parley does not log in over plain text`,
    );
  });
}
