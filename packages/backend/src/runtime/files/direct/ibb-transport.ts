// XEP-0261 Jingle IBB over XEP-0047: the last resort, the bytes base64 in iqs through both
// servers. The initiator (the sender) opens the bytestream once the session is accepted and
// sends one block per iq, the next only when the peer's result came back: the iq round trip is
// the flow control. The receiver checks each block's sid, seq and size, and holds its answer
// while the file side is behind, so a slow disk slows the sender instead of filling memory.
import { randomBytes } from 'node:crypto';
import { Duplex } from 'node:stream';
import {
  IBB_DEFAULT_BLOCK,
  NS_JINGLE_IBB,
  buildIbbClose,
  buildIbbData,
  buildIbbOpen,
  buildIbbTransport,
  buildIqError,
  buildIqResult,
  parseIbbIq,
  parseIbbTransport,
  type Element,
  type IbbTransport,
} from '@parley/xmpp';
import {
  TransportFailed,
  TransportRefused,
  type DirectTransportKind,
  type TransportContext,
  type TransportInstance,
} from './transport.js';

/** How long the receiver waits for the sender's <open/> after the accept. */
const OPEN_WAIT_MS = 30_000;

export function ibbTransportKind(blockSize = IBB_DEFAULT_BLOCK): DirectTransportKind {
  return {
    kind: 'ibb',
    namespace: NS_JINGLE_IBB,
    feature: NS_JINGLE_IBB,
    create: (ctx) => new IbbInstance(ctx, blockSize),
  };
}

class IbbInstance implements TransportInstance {
  readonly kind = 'ibb' as const;
  private params: IbbTransport;
  private stream: Duplex | null = null;
  private opened: ((stream: Duplex) => void) | null = null;
  private expectedSeq = 0;
  /** The answer held back while the reader is behind (one at a time: the sender waits for it). */
  private held: Element | null = null;
  private closed = false;

  constructor(
    private readonly ctx: TransportContext,
    maxBlock: number,
  ) {
    this.params = { sid: randomBytes(8).toString('hex'), blockSize: maxBlock };
  }

  local(): Promise<Element> {
    return Promise.resolve(buildIbbTransport(this.params));
  }

  take(remote: Element): void {
    const theirs = parseIbbTransport(remote);
    if (!theirs) throw new TransportRefused('unusable IBB transport');
    if (this.ctx.role === 'responder') {
      // The initiator names the bytestream; we may only ask for smaller blocks.
      this.params = {
        sid: theirs.sid,
        blockSize: Math.min(theirs.blockSize, this.params.blockSize),
      };
      return;
    }
    if (theirs.sid !== this.params.sid || theirs.blockSize > this.params.blockSize) {
      throw new TransportRefused('the IBB answer changed the sid or raised the block size');
    }
    this.params = theirs;
  }

  info(): void {
    throw new TransportRefused('IBB has no transport-info');
  }

  async connect(): Promise<Duplex> {
    if (this.ctx.role === 'initiator') {
      const open = buildIbbOpen(this.params);
      open.attrs.to = this.ctx.peer.toString();
      try {
        await this.ctx.session.iq(open);
      } catch (error) {
        throw new TransportFailed(`IBB open refused: ${String(error)}`);
      }
      this.stream = this.senderStream();
      return this.stream;
    }
    // The open may come before we get here (right behind our accept): the stream is there.
    if (this.stream) return this.stream;
    return new Promise<Duplex>((resolve, reject) => {
      const timer = setTimeout(() => reject(new TransportFailed('no IBB open came')), OPEN_WAIT_MS);
      timer.unref();
      this.ctx.signal.addEventListener('abort', () => reject(new TransportFailed('ended')));
      this.opened = (stream) => {
        clearTimeout(timer);
        resolve(stream);
      };
    });
  }

  /** The sender's side: each write is cut into blocks, each sent when the last was answered. */
  private senderStream(): Duplex {
    const { session, peer } = this.ctx;
    const { sid, blockSize } = this.params;
    let seq = 0;
    const sendBlock = async (block: Buffer) => {
      const iq = buildIbbData(sid, seq, block);
      seq = (seq + 1) & 0xffff;
      iq.attrs.to = peer.toString();
      await session.iq(iq);
    };
    return new Duplex({
      read() {},
      write(chunk: Buffer, _enc, done) {
        void (async () => {
          for (let at = 0; at < chunk.length; at += blockSize) {
            await sendBlock(chunk.subarray(at, at + blockSize));
          }
        })().then(() => done(), done);
      },
      final: (done) => {
        const close = buildIbbClose(sid);
        close.attrs.to = peer.toString();
        session.iq(close).then(() => done(), done);
      },
    }).once('finish', function (this: Duplex) {
      this.push(null);
    });
  }

  handleIq(iq: Element): Element | null | undefined {
    const parsed = parseIbbIq(iq);
    if (!parsed || 'rejected' in parsed) {
      return parsed ? buildIqError(iq, 'bad-request', 'modify') : undefined;
    }
    if (parsed.sid !== this.params.sid || this.ctx.role !== 'responder') return undefined;
    switch (parsed.kind) {
      case 'open': {
        if (this.stream || this.closed || parsed.stanza !== 'iq') {
          return buildIqError(iq, 'not-acceptable', 'cancel');
        }
        if (parsed.blockSize > this.params.blockSize) {
          return buildIqError(iq, 'resource-constraint', 'modify');
        }
        this.stream = new Duplex({
          read: () => this.release(),
          write: (_chunk, _enc, done) => done(new Error('the receiver sends nothing')),
        });
        this.opened?.(this.stream);
        this.opened = null;
        return buildIqResult(iq);
      }
      case 'data': {
        const stream = this.stream;
        // Out of order, too large, or before the open: the bytestream is broken (XEP-0047 §2.2).
        if (
          !stream ||
          parsed.seq !== this.expectedSeq ||
          parsed.data.length > this.params.blockSize
        ) {
          this.fail('IBB block out of order or too large');
          return buildIqError(iq, 'unexpected-request', 'cancel');
        }
        this.expectedSeq = (this.expectedSeq + 1) & 0xffff;
        const answer = buildIqResult(iq);
        if (stream.push(parsed.data)) return answer;
        this.held = answer;
        return null;
      }
      case 'close':
        this.stream?.push(null);
        return buildIqResult(iq);
    }
  }

  /** The reader wants more: the held answer goes, and with it the sender's next block. */
  private release(): void {
    const held = this.held;
    this.held = null;
    if (held) void this.ctx.session.send(held).catch(() => {});
  }

  private fail(why: string): void {
    this.stream?.destroy(new TransportFailed(why));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.opened = null;
    if (this.stream && !this.stream.destroyed) this.stream.destroy();
  }
}
