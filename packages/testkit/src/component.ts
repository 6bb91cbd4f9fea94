import { createHash } from 'node:crypto';
import net from 'node:net';
import { Parser, type Element } from '@xmpp/xml';

/**
 * A minimal XEP-0114 external component connection: TCP (loopback, no TLS), stream header,
 * SHA-1 handshake, then stanzas both ways. @xmpp/component exists only as 0.13 (the project is
 * on 0.14), and this is all the crowd needs: it writes strings straight to the socket so a
 * bench can push thousands of stanzas without an element tree per send.
 */
export interface ComponentConnection {
  domain: string;
  /** Writes serialized XML; resolves once the socket has room again (backpressure). */
  write(xml: string): Promise<void>;
  /** Returns a function that removes the listener. */
  onStanza(listener: (stanza: Element) => void): () => void;
  /** Stanzas received so far (for reports). */
  received(): number;
  close(): Promise<void>;
}

const NS_STREAM = 'http://etherx.jabber.org/streams';

export function connectComponent(options: {
  port: number;
  domain: string;
  secret: string;
  host?: string;
  timeoutMs?: number;
}): Promise<ComponentConnection> {
  const { port, domain, secret, host = '127.0.0.1', timeoutMs = 10_000 } = options;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setNoDelay(true);
    const parser = new Parser();
    const listeners: Array<(stanza: Element) => void> = [];
    let count = 0;
    let ready = false;
    let closed = false;

    const fail = (err: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      if (!ready) reject(err);
    };
    const timer = setTimeout(
      () => fail(new Error(`component handshake with ${domain} timed out`)),
      timeoutMs,
    );

    parser.on('start', (header) => {
      const id = header.attrs['id'];
      if (!id) return fail(new Error('component stream header without id'));
      const digest = createHash('sha1')
        .update(id + secret)
        .digest('hex');
      socket.write(`<handshake>${digest}</handshake>`);
    });
    parser.on('element', (el) => {
      if (!ready) {
        if (el.is('handshake')) {
          ready = true;
          clearTimeout(timer);
          resolve(connection);
        } else if (el.is('error', NS_STREAM) || el.name === 'stream:error') {
          fail(new Error(`component handshake refused: ${el.toString()}`));
        }
        return;
      }
      count++;
      for (const listener of listeners) listener(el);
    });
    parser.on('error', (err) => fail(err));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => parser.write(chunk));
    socket.once('error', (err) => fail(err));
    socket.once('close', () => {
      closed = true;
      if (!ready) fail(new Error('component connection closed during handshake'));
    });
    socket.once('connect', () =>
      socket.write(
        `<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' ` +
          `xmlns:stream='${NS_STREAM}' to='${domain}'>`,
      ),
    );

    const connection: ComponentConnection = {
      domain,
      write(xml) {
        if (closed) return Promise.reject(new Error('component connection is closed'));
        if (socket.write(xml)) return Promise.resolve();
        return new Promise((done, failed) => {
          const onDrain = (): void => (socket.off('close', onClose), done());
          const onClose = (): void => (socket.off('drain', onDrain), failed(new Error('closed')));
          socket.once('drain', onDrain);
          socket.once('close', onClose);
        });
      },
      onStanza(listener) {
        listeners.push(listener);
        return () => {
          const at = listeners.indexOf(listener);
          if (at >= 0) listeners.splice(at, 1);
        };
      },
      received: () => count,
      close() {
        if (closed) return Promise.resolve();
        return new Promise((done) => {
          const kill = setTimeout(() => socket.destroy(), 2_000);
          socket.once('close', () => (clearTimeout(kill), done()));
          socket.end('</stream:stream>');
        });
      },
    };
  });
}
