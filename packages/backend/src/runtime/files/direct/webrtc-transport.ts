// XEP-0343 as a direct-transfer transport: the Jingle side of DataChannelPeer. The peer's
// transport is checked whole when it arrives (take/info are synchronous: a bad one is refused
// on the spot); werift's asynchronous steps are chained behind and awaited by connect(). Our
// trickled candidates wait until both transports are known, so no transport-info overtakes the
// session-initiate or the accept it belongs to.
import type { Duplex } from 'node:stream';
import type { IceCandidate, IceServer } from '@parley/contract';
import {
  NS_JINGLE_WEBRTC_DC,
  buildDataChannelCandidates,
  buildDataChannelTransport,
  parseDataChannelCandidates,
  parseDataChannelTransport,
  type DataChannelTransport,
  type Element,
  type Session,
} from '@parley/xmpp';
import {
  TransportFailed,
  TransportRefused,
  type DirectTransportKind,
  type TransportContext,
  type TransportInstance,
} from './transport.js';
import { IceServers } from '../../calls/ice-servers.js';
import { DataChannelPeer } from './webrtc-peer.js';

/** How long ICE, DTLS and SCTP get to open the channel before the session falls back. */
const CONNECT_TIMEOUT_MS = 20_000;
/** Trickled candidates taken before our peer connection exists (the user has not accepted). */
const MAX_EARLY_INFOS = 32;

export interface WebrtcTransportOptions {
  /** STUN/TURN servers for a session (XEP-0215, runtime/calls/ice-servers.ts). */
  iceServers: (ctx: TransportContext) => Promise<readonly IceServer[]>;
  /** Announce only host candidates on these addresses (tests and benches keep to loopback). */
  hostAddresses?: readonly string[];
  sctpMtu?: number;
  connectTimeoutMs?: number;
}

/**
 * The account's STUN/TURN servers (XEP-0215), asked once per XMPP session and kept while their
 * credentials last, as calls do.
 */
export function serverIceServers(): WebrtcTransportOptions['iceServers'] {
  const bySession = new WeakMap<Session, IceServers>();
  return (ctx) => {
    let servers = bySession.get(ctx.session);
    if (!servers) {
      servers = new IceServers({ ownJid: ctx.own.bare().toString() });
      bySession.set(ctx.session, servers);
    }
    return servers.get(ctx.session);
  };
}

export function webrtcTransportKind(opts: WebrtcTransportOptions): DirectTransportKind {
  return {
    kind: 'webrtc',
    namespace: NS_JINGLE_WEBRTC_DC,
    feature: NS_JINGLE_WEBRTC_DC,
    create: (ctx) => new WebrtcInstance(ctx, opts),
  };
}

class WebrtcInstance implements TransportInstance {
  readonly kind = 'webrtc' as const;
  private peer: DataChannelPeer | null = null;
  private remote: DataChannelTransport | null = null;
  /** werift's steps in order; a failure here fails connect(). */
  private steps: Promise<void> = Promise.resolve();
  private readonly early: { ufrag: string; candidates: IceCandidate[] }[] = [];
  private readonly outgoing: { ufrag: string; candidate: IceCandidate }[] = [];
  private trickling = false;
  private closed = false;

  constructor(
    private readonly ctx: TransportContext,
    private readonly opts: WebrtcTransportOptions,
  ) {
    ctx.signal.addEventListener('abort', () => this.close());
  }

  async local(): Promise<Element> {
    const peer = await this.makePeer();
    if (this.ctx.role === 'initiator') return buildDataChannelTransport(await peer.offer());
    if (!this.remote) throw new TransportRefused('no offer to answer');
    const answer = await peer.answer(this.remote);
    await this.flushEarly(peer);
    return buildDataChannelTransport(answer);
  }

  take(remote: Element): void {
    const t = parseDataChannelTransport(remote);
    if (!t || !t.pwd || !t.fingerprint || t.fingerprint.hash !== 'sha-256') {
      throw new TransportRefused('unusable data channel transport');
    }
    this.remote = t;
    if (this.ctx.role === 'initiator') {
      const peer = this.peer;
      if (!peer) throw new TransportRefused('an answer before our offer');
      this.chain(async () => {
        await peer.accept(t);
        await this.flushEarly(peer);
      });
    }
  }

  info(transport: Element): void {
    const got = parseDataChannelCandidates(transport);
    if (!got) throw new TransportRefused('unusable transport-info');
    const peer = this.peer;
    if (peer && this.remote) this.chain(() => peer.addCandidates(got.ufrag, got.candidates));
    else if (this.early.length < MAX_EARLY_INFOS) this.early.push(got);
  }

  async connect(): Promise<Duplex> {
    try {
      await this.steps;
      const peer = this.peer;
      if (!peer || this.closed) throw new TransportFailed('the transport was closed');
      this.trickling = true;
      this.sendTrickled();
      return await peer.connect(this.opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS, this.ctx.signal);
    } catch (error) {
      if (error instanceof TransportFailed) throw error;
      throw new TransportFailed(
        `data channel: ${error instanceof Error ? error.message : 'failed'}`,
      );
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.peer?.close();
  }

  private async makePeer(): Promise<DataChannelPeer> {
    if (this.peer) return this.peer;
    const iceServers = await this.opts.iceServers(this.ctx).catch(() => []);
    if (this.closed) throw new TransportFailed('the transport was closed');
    this.peer = new DataChannelPeer({
      role: this.ctx.role,
      // We offer files only: the initiator sends (transport.ts).
      sends: this.ctx.role === 'initiator',
      iceServers,
      onCandidate: (ufrag, candidate) => {
        this.outgoing.push({ ufrag, candidate });
        this.sendTrickled();
      },
      ...(this.opts.hostAddresses ? { hostAddresses: this.opts.hostAddresses } : {}),
      ...(this.opts.sctpMtu ? { sctpMtu: this.opts.sctpMtu } : {}),
    });
    return this.peer;
  }

  private async flushEarly(peer: DataChannelPeer): Promise<void> {
    for (const got of this.early.splice(0)) await peer.addCandidates(got.ufrag, got.candidates);
  }

  private chain(step: () => Promise<void>): void {
    this.steps = this.steps.then(step);
    // connect() reports a failed step; until then it must not count as unhandled.
    this.steps.catch(() => {});
  }

  private sendTrickled(): void {
    if (!this.trickling || this.closed) return;
    for (const { ufrag, candidate } of this.outgoing.splice(0)) {
      // A lost candidate only narrows ICE's choice; the session goes on.
      this.ctx.sendInfo(buildDataChannelCandidates(ufrag, [candidate])).catch(() => {});
    }
  }
}
