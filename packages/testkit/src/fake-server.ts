import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

/**
 * A scripted XMPP server on loopback for tests that need a server to misbehave in ways Prosody
 * never would (stanzas before TLS, malformed XML, huge stanzas, closing after login). Each
 * connection runs `script` with a small API over the raw bytes; nothing is parsed as XML here,
 * the script matches what the client sent with regular expressions.
 */
export interface FakeConnection {
  /** Waits for client text matching `pattern` (buffered across reads), consumes up to it. */
  expect(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Writes raw text (or bytes); false when the socket is gone. */
  send(data: string | Buffer): boolean;
  /** Answers <starttls/> with <proceed/> and upgrades with the fake server's certificate. */
  startTls(): Promise<void>;
  /** Resolves once the client closed the connection (or it was destroyed). */
  readonly closed: Promise<void>;
  get isClosed(): boolean;
  end(): void;
  destroy(): void;
}

export interface FakeServer {
  port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Errors thrown by scripts (a failed expect), for the test to assert there are none. */
  readonly scriptErrors: Error[];
  close(): Promise<void>;
}

export interface FakeServerOptions {
  /** PEM files of a certificate for `localhost` (testkit's makeCertificates) for STARTTLS. */
  tls?: { certPath: string; keyPath: string };
  script(conn: FakeConnection, index: number): Promise<void> | void;
}

export const NS_STREAM = 'http://etherx.jabber.org/streams';

/** The server's stream header (we answer every client header with this). */
export function serverHeader(domain = 'localhost', id = 'fake'): string {
  return (
    `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='${NS_STREAM}' ` +
    `from='${domain}' id='${id}' version='1.0'>`
  );
}

export async function startFakeServer(options: FakeServerOptions): Promise<FakeServer> {
  const tls = options.tls
    ? { cert: readFileSync(options.tls.certPath), key: readFileSync(options.tls.keyPath) }
    : null;
  const sockets = new Set<Socket>();
  const scriptErrors: Error[] = [];
  let connections = 0;
  const server = createServer((raw) => {
    sockets.add(raw);
    raw.on('close', () => sockets.delete(raw));
    raw.on('error', () => {});
    const conn = new Connection(raw, tls);
    const index = connections++;
    Promise.resolve()
      .then(() => options.script(conn, index))
      .catch((err: unknown) => {
        if (!conn.isClosed) scriptErrors.push(err instanceof Error ? err : new Error(String(err)));
        conn.destroy();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get connections() {
      return connections;
    },
    scriptErrors,
    close: async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

class Connection implements FakeConnection {
  private socket: Socket;
  private buffer = '';
  private wake: (() => void) | null = null;
  private done = false;
  readonly closed: Promise<void>;

  constructor(
    raw: Socket,
    private readonly tls: { cert: Buffer; key: Buffer } | null,
  ) {
    this.socket = raw;
    this.closed = new Promise((resolve) =>
      raw.on('close', () => {
        this.done = true;
        this.wake?.();
        resolve();
      }),
    );
    this.listen(raw);
  }

  get isClosed(): boolean {
    return this.done;
  }

  private readonly onData = (d: Buffer): void => {
    // Bounded: a test client never sends megabytes; keep the tail if it does.
    this.buffer = (this.buffer + d.toString('utf8')).slice(-1_000_000);
    this.wake?.();
  };

  private listen(s: Socket): void {
    s.on('data', this.onData);
    s.on('error', () => {});
  }

  async expect(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.buffer);
      if (match) {
        this.buffer = this.buffer.slice(match.index + match[0].length);
        return match[0];
      }
      if (this.done) throw new Error(`connection closed while waiting for ${pattern}`);
      const left = end - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${pattern}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = null;
          resolve();
        };
      });
    }
  }

  send(data: string | Buffer): boolean {
    if (this.done || this.socket.destroyed) return false;
    this.socket.write(data);
    return true;
  }

  async startTls(): Promise<void> {
    if (!this.tls) throw new Error('the fake server has no certificate');
    await this.expect(/<starttls[^>]*\/>|<starttls[^>]*>\s*<\/starttls>/);
    this.send("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
    const plain = this.socket;
    plain.off('data', this.onData);
    this.buffer = '';
    const secure = new TLSSocket(plain, { isServer: true, ...this.tls });
    this.socket = secure;
    this.listen(secure);
    await new Promise<void>((resolve, reject) => {
      secure.once('secure', resolve);
      secure.once('error', reject);
      secure.once('close', () => reject(new Error('closed during the TLS handshake')));
    });
  }

  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls';
const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
const NS_BIND = 'urn:ietf:params:xml:ns:xmpp-bind';
const CLIENT_HEADER = /<stream:stream[^>]*>/;

/**
 * Plays an honest server's part of a login: STARTTLS, SASL PLAIN (any password), resource
 * binding without stream management. Resolves with the full JID it bound.
 */
export async function acceptLogin(
  conn: FakeConnection,
  options: { domain?: string; local?: string } = {},
): Promise<string> {
  const domain = options.domain ?? 'localhost';
  await conn.expect(CLIENT_HEADER);
  conn.send(
    `${serverHeader(domain)}<stream:features><starttls xmlns='${NS_TLS}'><required/></starttls></stream:features>`,
  );
  await conn.startTls();
  await conn.expect(CLIENT_HEADER);
  conn.send(
    `${serverHeader(domain)}<stream:features><mechanisms xmlns='${NS_SASL}'><mechanism>PLAIN</mechanism></mechanisms></stream:features>`,
  );
  const auth = await conn.expect(/<auth[^>]*>[^<]*<\/auth>/);
  const plain = Buffer.from(/>([^<]*)</.exec(auth)?.[1] ?? '', 'base64').toString('utf8');
  const local = options.local ?? plain.split('\0')[1] ?? 'user';
  conn.send(`<success xmlns='${NS_SASL}'/>`);
  await conn.expect(CLIENT_HEADER);
  conn.send(`${serverHeader(domain)}<stream:features><bind xmlns='${NS_BIND}'/></stream:features>`);
  const bind = await conn.expect(/<iq[^>]*>[\s\S]*?<\/iq>/);
  const id = /id=['"]([^'"]+)['"]/.exec(bind)?.[1] ?? '';
  const resource = /<resource>([^<]*)<\/resource>/.exec(bind)?.[1] ?? 'fake';
  const full = `${local}@${domain}/${resource}`;
  conn.send(`<iq type='result' id='${id}'><bind xmlns='${NS_BIND}'><jid>${full}</jid></bind></iq>`);
  return full;
}
