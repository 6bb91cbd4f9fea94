// The file's bytes over a werift data channel as a Node Duplex, the shape the direct-transfer
// session reads and writes. Sender: writes are cut into messages no larger than the peer takes
// and held back while the channel's bufferedAmount is high (werift lowers it once SCTP has
// taken a message into its window), so a fast disk does not fill memory. Receiver: every
// message is pushed; the stream ends when the sender closes its channel.
import { Duplex } from 'node:stream';
import type { RTCDataChannel } from 'werift';
import { TransportFailed } from './transport.js';

/** Writes wait while more than this is queued in the channel. */
export const HIGH_WATER = 1 << 20;
/** ...and go on once it fell to this. */
export const LOW_WATER = 256 << 10;
/** How long the sender waits for SCTP to have every byte acknowledged before closing. */
const DRAIN_WAIT_MS = 30_000;
/** A receiver this far behind (a stalled disk) fails: werift's receive side cannot be paused. */
const MAX_UNREAD = 64 << 20;

/** The channel broke mid-file: a TransportFailed, so the session may try the next transport. */
export class DataChannelStreamError extends TransportFailed {}

function waitLow(channel: RTCDataChannel): Promise<void> {
  if (channel.bufferedAmount <= LOW_WATER) return Promise.resolve();
  return new Promise((resolve) => {
    const sub = channel.bufferedAmountLow.subscribe(() => {
      sub.unSubscribe();
      resolve();
    });
  });
}

/**
 * Every message handed to SCTP and acknowledged by the peer. werift's receiver resets a stream
 * the moment the reset request arrives, not once the data before it did (RFC 6525 §5.2.2), so
 * closing while DATA is still in flight could lose the file's tail. werift exposes no public
 * "all acknowledged": its sent queue (private, read only here) is empty then. Its flightSize is
 * no use: it leaks (a few KB per MB stay counted after every chunk was acknowledged).
 */
async function drained(channel: RTCDataChannel): Promise<boolean> {
  const sctp = channel.sctp.sctp as unknown as { sentQueue?: unknown[]; outboundQueue?: unknown[] };
  const until = Date.now() + DRAIN_WAIT_MS;
  while (Date.now() < until) {
    const queued = (sctp.outboundQueue?.length ?? 0) + (sctp.sentQueue?.length ?? 0);
    if (channel.bufferedAmount === 0 && queued === 0) return true;
    await new Promise((r) => setTimeout(r, 5));
  }
  return false;
}

export function senderStream(channel: RTCDataChannel, messageSize: number): Duplex {
  channel.bufferedAmountLowThreshold = LOW_WATER;
  const send = async (chunk: Buffer) => {
    for (let at = 0; at < chunk.length; at += messageSize) {
      if (channel.readyState !== 'open') throw new DataChannelStreamError('the channel closed');
      channel.send(chunk.subarray(at, at + messageSize));
      if (channel.bufferedAmount > HIGH_WATER) await waitLow(channel);
    }
  };
  const stream = new Duplex({
    // Messages go out whole: a write of a large buffer is cut, small ones are sent as they are.
    writableHighWaterMark: messageSize,
    read() {},
    write(chunk: Buffer, _enc, done) {
      send(chunk).then(() => done(), done);
    },
    final(done) {
      // Closing before the peer has every byte would end its file short: fail instead.
      drained(channel).then((all) => {
        if (!all) return done(new DataChannelStreamError('the peer did not take the last bytes'));
        channel.close();
        done();
      }, done);
    },
  });
  stream.once('finish', () => stream.push(null));
  channel.stateChanged.subscribe((s) => {
    if (s === 'closed' && !stream.writableFinished) {
      stream.destroy(new DataChannelStreamError('the peer closed the channel early'));
    }
  });
  return stream;
}

export function receiverStream(channel: RTCDataChannel): Duplex {
  const stream = new Duplex({
    read() {},
    write(_chunk, _enc, done) {
      done(new DataChannelStreamError('the receiver sends nothing'));
    },
  });
  channel.onMessage.subscribe((data) => {
    if (stream.destroyed || stream.readableEnded) return;
    if (typeof data === 'string') {
      stream.destroy(new DataChannelStreamError('a text message on a file channel'));
      return;
    }
    stream.push(data);
    if (stream.readableLength > MAX_UNREAD) {
      stream.destroy(new DataChannelStreamError('the reader stalled'));
    }
  });
  channel.stateChanged.subscribe((s) => {
    if (s !== 'closed' || stream.destroyed) return;
    // The sender resets its stream when every byte went; a connection that ends (the peer
    // closed, or ICE failed) closes the channel too, and that is no end of file.
    if (channel.sctp.sctp.state !== 'connected') {
      stream.destroy(new DataChannelStreamError('the connection ended mid-file'));
      return;
    }
    stream.push(null);
  });
  return stream;
}
