import ConnectionTCP from '@xmpp/connection-tcp';
import { escapeXMLText, type Element, type Parser } from '@xmpp/xml';
import type { EventEmitter } from 'node:events';
import { SessionError } from './errors.js';
import { MAX_STANZA_BYTES, StanzaSizeMeter } from './input-guard.js';
import type { XmppSocket } from './socket.js';
import { Utf8StreamDecoder } from './utf8.js';

const NS_STREAMS = 'urn:ietf:params:xml:ns:xmpp-streams';

/**
 * @xmpp/connection-tcp with our own socket: `connect()` calls the session's dialer (SRV
 * resolution, TCP, Direct TLS, certificate checks) instead of `new Socket().connect(...)`,
 * and incoming bytes go through a streaming UTF-8 decoder and the input bounds below.
 */
export class XmppConnection extends ConnectionTCP {
  // @xmpp/tcp sets this on the prototype; it is the default namespace of the stream.
  override NS = 'jabber:client';
  private decoder = new Utf8StreamDecoder();
  private readonly meter: StanzaSizeMeter;
  private readonly maxStanzaBytes: number;
  /** Set once this socket's input was refused: nothing more of it reaches a parser. */
  private refused = false;

  constructor(
    options: { domain: string; timeout: number; maxStanzaBytes?: number },
    private readonly dialer: () => Promise<XmppSocket>,
    private readonly onBytes: () => void,
  ) {
    super(options);
    this.maxStanzaBytes = options.maxStanzaBytes ?? MAX_STANZA_BYTES;
    this.meter = new StanzaSizeMeter(this.maxStanzaBytes);
  }

  override async connect(): Promise<void> {
    this._status('connecting');
    const socket = await this.dialer();
    this.decoder = new Utf8StreamDecoder();
    this.meter.reset();
    this.refused = false;
    this._attachSocket(socket);
    this._status('connect');
  }

  /**
   * The stock version does data.toString('utf8') per chunk, which turns a character split
   * across two TLS records into two U+FFFD (see utf8.ts), and lets parser errors escape into
   * the socket's 'data' handler, where they end the process. Here bad XML and oversized
   * stanzas close this stream with a stream error; the session then reconnects with backoff.
   */
  override _onData(data: Buffer | string): void {
    if (this.refused) return;
    this.onBytes();
    const parser = this.parser;
    if (!parser) return;
    const text = this.decoder.write(data);
    this.meter.beforeChunk();
    try {
      if (text.length > 0) parser.write(text);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.refuse('not-well-formed', `sent malformed XML (${reason})`);
      return;
    }
    const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    if (!this.meter.afterChunk(bytes)) {
      const kib = Math.round(this.maxStanzaBytes / 1024);
      this.refuse('policy-violation', `sent a stanza larger than ${kib} KiB`);
    }
  }

  /**
   * Parser errors are thrown out of parser.write() (and so caught in _onData) instead of
   * going to @xmpp/connection's handler, which only covered the first error of a chunk (a
   * second one had no listener left and threw anyway). Stanza boundaries feed the size meter.
   */
  override _attachParser(parser: Parser): void {
    super._attachParser(parser);
    const emitter = parser as unknown as EventEmitter;
    emitter.prependListener('error', (err: unknown) => {
      throw err instanceof Error ? err : new Error(String(err));
    });
    emitter.on('element', () => this.meter.boundaryReached());
    emitter.on('start', () => this.meter.boundaryReached());
  }

  /** Tells the peer why (RFC 6120 §4.9), stops reading this socket and reports the error. */
  private refuse(condition: 'not-well-formed' | 'policy-violation', what: string): void {
    this.refused = true;
    this._detachParser();
    const domain = this.options.domain;
    const message = `${domain} ${what}; the connection was closed`;
    const socket = this.socket;
    if (socket) {
      const error =
        `<stream:error><${condition} xmlns='${NS_STREAMS}'/>` +
        `<text xmlns='${NS_STREAMS}'>${escapeXMLText(what)}</text></stream:error></stream:stream>`;
      socket.write(error, () => {});
      socket.end();
    }
    this.emit('error', new SessionError('stream-error', message, { condition }));
  }

  /**
   * Stream management resends its queue after a resume with one sendMany. The stock version
   * writes it as one string, which TLS cuts into records wherever 16 KiB falls; written one
   * stanza per write, each stays whole in a record (see whole-record-writer.ts).
   */
  override async sendMany(elements: Element[]): Promise<void> {
    const written = elements.map((element) => {
      element.parent = this.root;
      return this.write(element.toString());
    });
    await Promise.all(written);
    for (const element of elements) this.emit('send', element);
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
