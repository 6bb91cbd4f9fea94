import { request, type IncomingMessage } from 'node:http';
import { isIP, type Socket } from 'node:net';
import { SessionError } from './errors.js';
import { checkProxyTarget, proxyRefused, type ProxyHandshake } from './proxy-shared.js';

/** The proxy's whole answer head must fit here: a hostile proxy cannot make us buffer more. */
export const MAX_CONNECT_HEADER_BYTES = 8 * 1024;

/**
 * HTTP CONNECT (RFC 9110 §9.3.6) on a socket already connected to the proxy, with Basic
 * authentication (RFC 7617) when a user name is given. The proxy resolves the name. Resolves
 * with the same socket, now a tunnel to the target; any answer but 2xx is a refusal in words.
 */
export const httpConnectHandshake: ProxyHandshake = (socket, target, auth, timeoutMs) =>
  new Promise<Socket>((resolve, reject) => {
    checkProxyTarget(target);
    if (auth.username !== null && auth.username.includes(':')) {
      throw proxyRefused('a proxy user name for HTTP cannot contain ":"');
    }
    const authority =
      isIP(target.host) === 6 ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
    const headers: Record<string, string> = { Host: authority };
    if (auth.username !== null) {
      const basic = Buffer.from(`${auth.username}:${auth.password ?? ''}`, 'utf8').toString(
        'base64',
      );
      headers['Proxy-Authorization'] = `Basic ${basic}`;
    }
    let settled = false;
    const req = request({
      method: 'CONNECT',
      path: authority,
      headers,
      maxHeaderSize: MAX_CONNECT_HEADER_BYTES,
      createConnection: () => socket,
    });
    const fail = (err: SessionError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.on('error', noop);
      req.on('error', noop);
      req.destroy();
      socket.destroy();
      reject(err);
    };
    const timer = setTimeout(() => fail(proxyRefused('no answer in time')), timeoutMs);
    req.once('connect', (res: IncomingMessage, tunnel: Socket, head: Buffer) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        // 407: the proxy wants (other) credentials; anything else is about the target.
        fail(
          proxyRefused(
            `${status} ${sanitize(res.statusMessage)}`.trim(),
            undefined,
            status === 407,
          ),
        );
        return;
      }
      settled = true;
      clearTimeout(timer);
      // Bytes the server sent right behind the proxy's answer belong to the XMPP stream.
      if (head.length > 0) tunnel.unshift(head);
      tunnel.on('error', noop);
      resolve(tunnel);
    });
    // A CONNECT is answered with 'connect' for every status; anything else is no HTTP proxy.
    req.once('response', () => fail(proxyRefused('it is not an HTTP CONNECT proxy')));
    req.once('error', (err: NodeJS.ErrnoException) => {
      const reason = err.code?.startsWith('HPE_')
        ? `it is not an HTTP proxy (invalid answer: ${err.code})`
        : err.code === 'ECONNRESET' || /socket hang up/i.test(err.message)
          ? 'it closed the connection'
          : err.message;
      fail(proxyRefused(reason, err));
    });
    req.end();
  });

/** A status text is the proxy's words: printable ASCII, short. */
function sanitize(text: string | undefined): string {
  return (text ?? '').replace(/[^\x20-\x7e]/gu, '').slice(0, 100);
}

function noop(): void {}
