import { isIP, type Socket } from 'node:net';
import * as tls from 'node:tls';
import { SessionError } from './errors.js';
import { verifyPeer, type Trust } from './certificate.js';

export interface TlsParams {
  /** The JID domain: the name the certificate must be valid for, whatever host we dialled. */
  domain: string;
  trust: Trust;
  /** XEP-0368 Direct TLS announces itself with ALPN "xmpp-client". */
  directTls: boolean;
  timeoutMs: number;
}

export function tlsOptions(params: TlsParams, socket: Socket): tls.ConnectionOptions {
  const { domain, trust } = params;
  return {
    socket,
    // SNI must be a DNS name; an IP-literal domain is checked by checkServerIdentity alone.
    servername: isIP(domain) ? undefined : domain,
    // `ca` replaces Node's root store, so the system roots are kept beside the extra CA.
    ca: trust.caPem ? [...tls.rootCertificates, trust.caPem] : undefined,
    // Verification is NOT off: verifyPeer() below refuses the peer before any byte of XMPP.
    // Letting the handshake complete is the only way to read a refused peer's certificate.
    rejectUnauthorized: false,
    // Check the name against the JID domain, not against the host we connected to (which may
    // be 127.0.0.1 or an SRV target): this is what RFC 6125/7590 ask of XMPP clients.
    checkServerIdentity: (_host, cert) => tls.checkServerIdentity(domain, cert),
    ALPNProtocols: params.directTls ? ['xmpp-client'] : undefined,
    minVersion: 'TLSv1.2',
  };
}

/**
 * Runs a TLS handshake on a connected TCP socket (for both STARTTLS and Direct TLS) and
 * resolves with the verified TLS socket. The caller must not have data listeners on `socket`.
 */
export function secureSocket(socket: Socket, params: TlsParams): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const tlsSocket = tls.connect(tlsOptions(params, socket));
    const fail = (err: SessionError): void => {
      cleanup();
      // Late errors from sockets we are throwing away must not become uncaught exceptions.
      tlsSocket.on('error', noop);
      socket.on('error', noop);
      tlsSocket.destroy();
      socket.destroy();
      reject(err);
    };
    const timer = setTimeout(
      () =>
        fail(new SessionError('host-unreachable', `TLS handshake with ${params.domain} timed out`)),
      params.timeoutMs,
    );
    const onError = (err: NodeJS.ErrnoException): void =>
      fail(
        new SessionError(
          'tls-failed',
          `TLS handshake with ${params.domain} failed: ${err.message}`,
          {
            cause: err,
          },
        ),
      );
    const onClose = (): void =>
      fail(
        new SessionError(
          'tls-failed',
          `${params.domain} closed the connection during the TLS handshake`,
        ),
      );
    const onSecure = (): void => {
      const verdict = verifyPeer(tlsSocket, params.trust);
      if (!verdict.ok) {
        fail(
          new SessionError(
            'certificate-untrusted',
            `The certificate of ${params.domain} is not trusted (${verdict.reason})`,
            { certificate: verdict.certificate },
          ),
        );
        return;
      }
      cleanup();
      // Kept until XmppSocket attaches its own listener on the next microtask.
      tlsSocket.on('error', noop);
      resolve(tlsSocket);
    };
    function cleanup(): void {
      clearTimeout(timer);
      tlsSocket.off('secureConnect', onSecure);
      tlsSocket.off('error', onError);
      tlsSocket.off('close', onClose);
    }
    tlsSocket.once('secureConnect', onSecure);
    tlsSocket.on('error', onError);
    tlsSocket.once('close', onClose);
  });
}

function noop(): void {}
