// One werift RTCPeerConnection carrying one file over a WebRTC data channel (XEP-0343), with
// the transport's values in and out as checked XEP-0343 transports. The backend owns the files,
// so the data channel lives here rather than in the renderer. As Conversations does, the sender
// writes on a channel it opened and the receiver reads the channel the peer opened; the
// initiator always opens one, because an offer without a channel has no m-line to negotiate.
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { IceCandidate, IceServer } from '@parley/contract';
import { MAX_MESSAGE_SIZE_CAP, type DataChannelTransport } from '@parley/xmpp';
import { RTCPeerConnection, type RTCDataChannel, type RTCIceServer } from 'werift';
import { TransportFailed } from './transport.js';
import { receiverStream, senderStream } from './webrtc-streams.js';
import {
  MID,
  candidateFromSdp,
  candidateToSdp,
  localTransport,
  remoteSdp,
  usableCandidate,
} from './webrtc-sdp.js';

/** The data channel's sub-protocol, as Conversations names it. */
export const DC_PROTOCOL = 'xmpp-jingle';
/** Remote candidates taken per session (the initial transport and every transport-info). */
const MAX_REMOTE_CANDIDATES = 64;
/** SCTP packet size on the wire: werift's default, which fits any path's MTU (RFC 8261 §5). */
export const DEFAULT_SCTP_MTU = 1191;
/**
 * What we send per message, when the peer takes it. Measured with werift on both ends
 * (docs/benchmarks.md): 64 KiB moved most; 16 KiB pays werift's per-message work (an await on
 * SCTP's flush per message) four times as often, and 256 KiB+ messages were slower again.
 */
export const SEND_MESSAGE_SIZE = 64 << 10;

export interface DataChannelPeerOptions {
  role: 'initiator' | 'responder';
  /** This side writes the file (else it reads one). */
  sends: boolean;
  iceServers: readonly IceServer[];
  /** Each local candidate found after the first transport went out (trickle, XEP-0176 §5.1). */
  onCandidate: (ufrag: string, candidate: IceCandidate) => void;
  /** Only local host candidates on these addresses are announced (tests keep ICE on loopback). */
  hostAddresses?: readonly string[];
  /** SCTP packet size; larger packets cut werift's per-packet cost where no path MTU limits. */
  sctpMtu?: number;
  /** The largest message we take, announced as max-message-size. */
  maxMessageSize?: number;
  /** The message size we send (at most the peer's max-message-size). */
  messageSize?: number;
}

/** ICE, DTLS or SCTP did not come up (or went down): the session falls back. */
export class DataChannelFailed extends TransportFailed {}

export class DataChannelPeer {
  readonly pc: RTCPeerConnection;
  private own: RTCDataChannel | null = null;
  /** The first channel the peer opened (it may open before anyone asks for it). */
  private theirs: RTCDataChannel | null = null;
  private incoming: Duplex | null = null;
  private stream: Duplex | null = null;
  private remote: DataChannelTransport | null = null;
  private readonly pending: IceCandidate[] = [];
  private readonly announced = new Set<string>();
  private remoteCount = 0;
  private ufrag = '';
  private localSent = false;
  private closed = false;

  constructor(private readonly opts: DataChannelPeerOptions) {
    this.pc = new RTCPeerConnection({
      iceServers: toWeriftServers(opts.iceServers),
      iceUseIpv6: false,
      ...(opts.hostAddresses ? { iceAdditionalHostAddresses: [...opts.hostAddresses] } : {}),
      maxMessageSize: opts.maxMessageSize ?? MAX_MESSAGE_SIZE_CAP,
      sctp: { mtu: opts.sctpMtu ?? DEFAULT_SCTP_MTU },
    });
    this.pc.onDataChannel.subscribe((ch) => {
      if (this.theirs) return;
      this.theirs = ch;
      // Read from the start: the sender may write before the session asks for the stream.
      if (!opts.sends) this.incoming = receiverStream(ch);
    });
    this.pc.onIceCandidate.subscribe((c) => {
      if (c?.candidate) this.trickle(c.candidate);
    });
  }

  /** Initiator: our offer as a transport. */
  async offer(): Promise<DataChannelTransport> {
    this.own = this.pc.createDataChannel(this.label(), { protocol: DC_PROTOCOL, ordered: true });
    await this.pc.setLocalDescription(await this.pc.createOffer());
    return this.local();
  }

  /** Initiator: the responder's answer. */
  async accept(remote: DataChannelTransport): Promise<void> {
    this.remote = remote;
    await this.pc.setRemoteDescription({
      type: 'answer',
      sdp: remoteSdp(this.bounded(remote), 'answer'),
    });
    await this.flush();
  }

  /** Responder: the initiator's offer in, our answer out. */
  async answer(remote: DataChannelTransport): Promise<DataChannelTransport> {
    this.remote = remote;
    await this.pc.setRemoteDescription({
      type: 'offer',
      sdp: remoteSdp(this.bounded(remote), 'offer'),
    });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    await this.flush();
    return this.local();
  }

  /** Trickled candidates (a transport-info); those of another ICE generation are dropped. */
  async addCandidates(ufrag: string, candidates: readonly IceCandidate[]): Promise<void> {
    if (this.remote && ufrag !== this.remote.ufrag) return;
    for (const c of candidates) {
      if (!usableCandidate(c) || this.remoteCount >= MAX_REMOTE_CANDIDATES) continue;
      this.remoteCount += 1;
      this.pending.push(c);
    }
    if (this.pc.remoteDescription) await this.flush();
  }

  /** The byte stream once the channel is open; rejects with DataChannelFailed. */
  async connect(timeoutMs: number, signal?: AbortSignal): Promise<Duplex> {
    const channel = await this.channel(timeoutMs, signal);
    const failed = (): void => {
      stream.destroy(new DataChannelFailed('the peer connection failed'));
    };
    const stream = this.opts.sends
      ? senderStream(channel, this.messageSize())
      : (this.incoming ?? receiverStream(channel));
    // 'disconnected' is ICE missing a few checks (a busy machine): it may come back; 'failed'
    // (consent expired, RFC 7675) does not.
    this.pc.connectionStateChange.subscribe((s) => {
      if (s === 'failed') failed();
    });
    this.stream = stream;
    return stream;
  }

  /** Remote candidates taken so far (bounded by MAX_REMOTE_CANDIDATES). */
  remoteCandidateCount(): number {
    return this.remoteCount;
  }

  /** Ends everything; a stream still open ends without an error (we chose to stop). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.stream && !this.stream.destroyed) this.stream.destroy();
    void this.pc.close().catch(() => {});
  }

  /** What we may send in one message: the peer's max-message-size (0 is "any"), capped. */
  messageSize(): number {
    const theirs = this.pc.sctpTransport?.remoteMaxMessageSize ?? this.remote?.maxMessageSize ?? 0;
    const want = this.opts.messageSize ?? SEND_MESSAGE_SIZE;
    return theirs > 0 ? Math.min(theirs, want) : want;
  }

  private label(): string {
    return `file-${randomBytes(4).toString('hex')}`;
  }

  private bounded(t: DataChannelTransport): DataChannelTransport {
    const candidates = t.candidates.filter(usableCandidate).slice(0, MAX_REMOTE_CANDIDATES);
    this.remoteCount = candidates.length;
    return { ...t, candidates };
  }

  private async flush(): Promise<void> {
    for (const c of this.pending.splice(0)) {
      await this.pc
        .addIceCandidate({ candidate: candidateToSdp(c), sdpMid: MID, sdpMLineIndex: 0 })
        .catch(() => {});
    }
  }

  private local(): DataChannelTransport {
    const sdp = this.pc.localDescription?.sdp ?? '';
    const t = localTransport(sdp, (n) => `${this.idPrefix()}${n}`);
    this.ufrag = t.ufrag;
    t.candidates = t.candidates.filter((c) => this.announce(c));
    this.localSent = true;
    return t;
  }

  private readonly prefix = randomBytes(3).toString('hex');
  private idPrefix(): string {
    return `c${this.prefix}`;
  }

  /** Whether a local candidate goes out: once each, and only on the allowed addresses. */
  private announce(c: IceCandidate): boolean {
    if (c.type === 'host' && this.opts.hostAddresses && !this.opts.hostAddresses.includes(c.ip)) {
      return false;
    }
    const key = `${c.protocol} ${c.ip} ${c.port}`;
    if (this.announced.has(key)) return false;
    this.announced.add(key);
    return true;
  }

  private trickle(line: string): void {
    if (!this.localSent) return; // still to go out in the first transport
    const c = candidateFromSdp(line, `${this.idPrefix()}t${this.announced.size}`);
    if (c && this.announce(c)) this.opts.onCandidate(this.ufrag, c);
  }

  /** Sender: our channel, open. Receiver: the first channel the peer opened. */
  private channel(timeoutMs: number, signal?: AbortSignal): Promise<RTCDataChannel> {
    return new Promise((resolve, reject) => {
      const subs: { unSubscribe(): void }[] = [];
      const done = (error: Error | null, ch?: RTCDataChannel) => {
        clearTimeout(timer);
        subs.forEach((s) => s.unSubscribe());
        signal?.removeEventListener('abort', aborted);
        if (error) reject(error);
        else resolve(ch!);
      };
      const aborted = () => done(new DataChannelFailed('the session ended'));
      const timer = setTimeout(
        () => done(new DataChannelFailed('no data channel in time')),
        timeoutMs,
      );
      signal?.addEventListener('abort', aborted);
      subs.push(
        this.pc.connectionStateChange.subscribe((s) => {
          if (s === 'failed' || s === 'closed') done(new DataChannelFailed(`connection ${s}`));
        }),
      );
      const whenOpen = (ch: RTCDataChannel) => {
        if (ch.readyState === 'open') return done(null, ch);
        subs.push(ch.stateChanged.subscribe((s) => s === 'open' && done(null, ch)));
      };
      if (this.opts.sends) {
        if (!this.own) {
          // A sending responder opens its channel on the association the offer set up.
          this.own = this.pc.createDataChannel(this.label(), { protocol: DC_PROTOCOL });
        }
        whenOpen(this.own);
      } else if (this.theirs) {
        // Its stream has read from the start: a file that came (and closed) before anyone
        // asked is in it whole.
        if (this.theirs.readyState !== 'connecting') return done(null, this.theirs);
        whenOpen(this.theirs);
      } else {
        subs.push(this.pc.onDataChannel.subscribe((ch) => whenOpen(ch)));
      }
    });
  }
}

function toWeriftServers(servers: readonly IceServer[]): RTCIceServer[] {
  return servers.flatMap((s) => {
    // werift speaks STUN and TURN over UDP/TCP; the rest is left to the other transports.
    const urls = s.urls.filter((u) => /^(stun|turn):/u.test(u));
    if (urls.length === 0) return [];
    return [
      {
        urls,
        ...(s.username ? { username: s.username } : {}),
        ...(s.credential ? { credential: s.credential } : {}),
      },
    ];
  });
}
