/**
 * Writes to a TLS socket so that a stanza is never split across two TLS records (when it fits
 * in one). Why: a cut can end a connection between two records, and Prosody (0.12, which
 * Debian ships) keeps parsing a resumed XEP-0198 session with the parser of the connection it
 * had before. Half a stanza left in that parser swallows everything sent after the resume:
 * stanzas and <r/> vanish into it, the server's count no longer matches ours (so our acks
 * confirm the wrong stanzas), and the stream ends later as not-well-formed or too big.
 * A record is decrypted whole or not at all, so a stanza inside one record arrives whole or
 * not at all.
 *
 * Node hands every write made while one is still in progress (a TLS write completes on a
 * later turn of the event loop) to OpenSSL as one buffer, which is cut into 16 KiB records
 * wherever the limit falls. So this keeps one write in progress at a time, and joins queued
 * writes only up to one record's size, each write whole (a stanza is one write; a write
 * larger than a record necessarily spans several).
 */
export const MAX_RECORD_BYTES = 16_384;

type Callback = (err?: Error | null) => void;

export class WholeRecordWriter {
  private readonly queue: Array<{ data: string; bytes: number; cb: Callback }> = [];
  private busy = false;
  private ending = false;
  private onIdle: (() => void) | null = null;

  constructor(
    private readonly writeOut: (data: string, cb: Callback) => void,
    private readonly maxBytes = MAX_RECORD_BYTES,
  ) {}

  write(data: string, cb: Callback): void {
    if (this.ending) {
      cb(new Error('The connection is closing'));
      return;
    }
    this.queue.push({ data, bytes: Buffer.byteLength(data), cb });
    this.pump();
  }

  /**
   * Refuses further writes and runs `close` once what is already queued has been handed over
   * (at once when idle), so a last write before the end (a stream error) still goes out.
   */
  end(close: () => void): void {
    this.ending = true;
    if (!this.busy && this.queue.length === 0) close();
    else this.onIdle = close;
  }

  private pump(): void {
    if (this.busy) return;
    const first = this.queue.shift();
    if (!first) {
      const idle = this.onIdle;
      this.onIdle = null;
      idle?.();
      return;
    }
    const batch = [first];
    let bytes = first.bytes;
    while (this.queue.length > 0 && bytes + (this.queue[0]?.bytes ?? 0) <= this.maxBytes) {
      const next = this.queue.shift();
      if (!next) break;
      batch.push(next);
      bytes += next.bytes;
    }
    this.busy = true;
    this.writeOut(batch.map((w) => w.data).join(''), (err) => {
      this.busy = false;
      for (const w of batch) w.cb(err ?? null);
      if (err) {
        // The socket is gone: nothing after this can be written either.
        for (const w of this.queue.splice(0)) w.cb(err);
      }
      this.pump();
    });
  }
}
