/**
 * Bounds on what one peer can make the XML parser do (RFC 6120 §4.9.3: not-well-formed,
 * policy-violation).
 *
 * ltx, under @xmpp/xml, keeps an unfinished token (text, an attribute value, an opening tag)
 * as a string and prepends it to every following chunk (`remainder + data`), so an
 * unterminated token costs time quadratic in its length (8 MB: seconds of main thread). We
 * therefore count the bytes of the stanza in progress as they arrive and give up on the stream
 * once they pass the cap, before the parser has buffered much more than that.
 */

/** Like servers (Prosody 256 KiB c2s by default, ejabberd 64 KiB–1 MiB): 1 MiB per stanza. */
export const MAX_STANZA_BYTES = 1024 * 1024;

/**
 * Counts the bytes since the last stanza boundary (the stream header or the end of a
 * top-level element). The parser tells us that a boundary happened during a chunk but not
 * where, so after such a chunk the whole chunk is counted for the next stanza: the estimate
 * errs high by at most one socket read (≤ 64 KiB), never low.
 */
export class StanzaSizeMeter {
  private pending = 0;
  private boundary = false;

  constructor(private readonly maxBytes: number = MAX_STANZA_BYTES) {}

  /** The parser finished a top-level element (or opened the stream). */
  boundaryReached(): void {
    this.boundary = true;
  }

  /** Call before feeding a chunk to the parser. */
  beforeChunk(): void {
    this.boundary = false;
  }

  /** Call after the parser has taken a chunk of `bytes`; false once the cap is passed. */
  afterChunk(bytes: number): boolean {
    this.pending = this.boundary ? Math.min(bytes, this.maxBytes) : this.pending + bytes;
    return this.pending <= this.maxBytes;
  }

  get bytesInProgress(): number {
    return this.pending;
  }

  reset(): void {
    this.pending = 0;
    this.boundary = false;
  }
}
