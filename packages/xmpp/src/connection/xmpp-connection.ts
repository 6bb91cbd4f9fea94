import ConnectionTCP from '@xmpp/connection-tcp';
import type { Element } from '@xmpp/xml';
import type { XmppSocket } from './socket.js';
import { Utf8StreamDecoder } from './utf8.js';

/**
 * @xmpp/connection-tcp with our own socket: `connect()` calls the session's dialer (SRV
 * resolution, TCP, Direct TLS, certificate checks) instead of `new Socket().connect(...)`,
 * and incoming bytes go through a streaming UTF-8 decoder.
 */
export class XmppConnection extends ConnectionTCP {
  // @xmpp/tcp sets this on the prototype; it is the default namespace of the stream.
  override NS = 'jabber:client';
  private decoder = new Utf8StreamDecoder();

  constructor(
    options: { domain: string; timeout: number },
    private readonly dialer: () => Promise<XmppSocket>,
    private readonly onBytes: () => void,
  ) {
    super(options);
  }

  override async connect(): Promise<void> {
    this._status('connecting');
    const socket = await this.dialer();
    this.decoder = new Utf8StreamDecoder();
    this._attachSocket(socket);
    this._status('connect');
  }

  /** The stock version does data.toString('utf8') per chunk, which turns a character split
   * across two TLS records into two U+FFFD (see utf8.ts). */
  override _onData(data: Buffer | string): void {
    this.onBytes();
    const text = this.decoder.write(data);
    if (text.length > 0) this.parser?.write(text);
  }

  override isSecure(): boolean {
    return this.socket?.secure === true;
  }

  /** RFC 6120 §4.7.1: say who we are in the header once the stream is encrypted
   * (what @xmpp/client-core's Client does; we extend ConnectionTCP directly). */
  override header(el: Element): string {
    const from = this.isSecure() ? this.jid?.bare().toString() : undefined;
    if (from) el.attrs.from = from;
    return super.header(el);
  }

  /** Following a redirect would mean trusting a host the user did not choose: report it as
   * a stream error instead (the stock code reconnects using options.service). */
  override async _onSeeOtherHost(error: Error): Promise<void> {
    this.emit('error', error);
  }
}
