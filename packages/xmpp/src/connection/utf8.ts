import { StringDecoder } from 'node:string_decoder';

/**
 * Decodes a byte stream to text across chunk boundaries.
 *
 * @xmpp/connection's `_onData` does `data.toString('utf8')` per chunk: a multibyte character
 * split across two TLS records (or TCP segments) becomes two U+FFFD. StringDecoder keeps the
 * incomplete tail bytes and prepends them to the next chunk.
 */
export class Utf8StreamDecoder {
  private decoder = new StringDecoder('utf8');

  write(chunk: Buffer | string): string {
    // A socket with setEncoding() already yields strings; never double-decode them.
    return typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
  }

  /** Flushes what is left (an incomplete character becomes U+FFFD) and starts afresh. */
  reset(): string {
    const rest = this.decoder.end();
    this.decoder = new StringDecoder('utf8');
    return rest;
  }
}
