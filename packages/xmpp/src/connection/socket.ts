import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { ConnectionSocket } from '@xmpp/connection';
import { secureSocket, type TlsParams } from './tls.js';
import { WholeRecordWriter } from './whole-record-writer.js';

/**
 * The one socket @xmpp/connection sees for a connection's whole life. STARTTLS swaps the
 * TCP socket underneath for a TLS one without the connection re-attaching anything (the
 * stock @xmpp/starttls attaches a second socket and leaves the first one's listeners on).
 */
export class XmppSocket extends EventEmitter implements ConnectionSocket {
  private raw: Socket | TLSSocket;
  private tls: TLSSocket | null;
  private closed = false;
  /** Over TLS, every stanza travels whole in one record (see whole-record-writer.ts). */
  private readonly writer = new WholeRecordWriter((data, cb) => this.raw.write(data, 'utf8', cb));

  private readonly onData = (data: Buffer): void => void this.emit('data', data);
  private readonly onError = (err: Error): void => void this.emit('error', err);
  private readonly onClose = (hadError: boolean): void => {
    if (this.closed) return;
    this.closed = true;
    this.emit('close', hadError);
  };

  constructor(raw: Socket, tlsSocket: TLSSocket | null = null) {
    super();
    this.raw = tlsSocket ?? raw;
    this.tls = tlsSocket;
    this.listen(this.raw);
  }

  get secure(): boolean {
    return this.tls !== null;
  }

  /** The verified TLS socket, for channel-binding data or diagnostics. */
  get tlsSocket(): TLSSocket | null {
    return this.tls;
  }

  write(data: string, cb: (err?: Error | null) => void): void {
    if (this.closed || this.raw.destroyed) {
      cb(new Error('Socket is closed'));
      return;
    }
    this.writer.write(data, cb);
  }

  /** Half-closes politely (after what is already queued; nothing more is taken), then
   * destroys if the peer does not close within 2 s. */
  end(): void {
    this.writer.end(() => this.raw.end());
    setTimeout(() => this.raw.destroy(), 2_000).unref();
  }

  /** Drops the connection at once (dead-connection detection, failed attempts, tests). */
  destroy(): void {
    this.raw.destroy();
  }

  /** STARTTLS: upgrade the TCP socket in place; rejects (and closes) on any TLS failure. */
  async startTls(params: TlsParams): Promise<void> {
    if (this.tls) throw new Error('already secure');
    const tcp = this.raw;
    // The TLS layer must be the only reader of the TCP bytes from now on.
    this.unlisten(tcp);
    try {
      this.tls = await secureSocket(tcp, params);
    } catch (err) {
      // secureSocket destroyed both sockets. No 'close' is emitted here on purpose: the
      // session must see the specific TLS error first, and it tears the attempt down itself.
      this.closed = true;
      throw err;
    }
    this.raw = this.tls;
    this.listen(this.tls);
  }

  private listen(s: Socket): void {
    s.on('data', this.onData);
    s.on('error', this.onError);
    s.on('close', this.onClose);
  }

  private unlisten(s: Socket): void {
    s.off('data', this.onData);
    s.off('error', this.onError);
    s.off('close', this.onClose);
  }
}
