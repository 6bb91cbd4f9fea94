// XEP-0260 Jingle SOCKS5 Bytestreams. Each side offers candidates (its own listener on its
// host addresses, and the server's XEP-0065 proxy), tries the other's in priority order and
// says which one it reached (candidate-used) or that none worked (candidate-error). Of the
// two connections the higher priority wins, the initiator's pick on a tie (§2.4). A proxy
// candidate is activated by the side that offered it (§2.5: activated / proxy-error). Both
// sides failing is this transport's failure: the session replaces it with the next.
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  NS_JINGLE_S5B,
  buildActivate,
  buildS5bInfo,
  buildS5bTransport,
  parseS5bInfo,
  parseS5bTransport,
  s5bDstAddr,
  s5bPriority,
  type Element,
  type S5bCandidate,
  type S5bInfo,
} from '@parley/xmpp';
import { ProxyFinder, type Streamhost } from './s5b-proxy.js';
import { Socks5Listener, hostAddresses, socks5Connect } from './socks5.js';
import {
  TransportFailed,
  TransportRefused,
  type DirectTransportKind,
  type TransportContext,
  type TransportInstance,
} from './transport.js';

export interface S5bOptions {
  /** Offer our own listener on these addresses (default: hostAddresses()); [] offers none. */
  hosts?: () => string[];
  /** Offer the server's proxy (default true). */
  proxy?: boolean;
  /** How long one candidate may take to connect, and the other side to report. */
  connectMs?: number;
  reportMs?: number;
}

export function s5bTransportKind(options: S5bOptions = {}): DirectTransportKind {
  const proxies = new ProxyFinder();
  return {
    kind: 'socks5',
    namespace: NS_JINGLE_S5B,
    feature: NS_JINGLE_S5B,
    create: (ctx) => new S5bInstance(ctx, options, proxies),
  };
}

type Report = { kind: 'candidate-used'; cid: string } | { kind: 'candidate-error' };

class S5bInstance implements TransportInstance {
  readonly kind = 'socks5' as const;
  private sid = randomBytes(8).toString('hex');
  private ours: S5bCandidate[] = [];
  private theirs: S5bCandidate[] = [];
  private listener: Socks5Listener | null = null;
  private proxy: Streamhost | null = null;
  private report: Report | null = null;
  private activation: 'activated' | 'proxy-error' | null = null;
  private wake: (() => void) | null = null;
  private readonly sockets = new Set<Socket>();
  private closed = false;

  constructor(
    private readonly ctx: TransportContext,
    private readonly options: S5bOptions,
    private readonly proxies: ProxyFinder,
  ) {}

  private get connectMs() {
    return this.options.connectMs ?? 5_000;
  }

  /** Our dst.addr: what connections to our candidates (listener or our proxy) carry. */
  private get ownDst(): string {
    return s5bDstAddr(this.sid, this.ctx.own, this.ctx.peer);
  }

  async local(): Promise<Element> {
    const hosts = (this.options.hosts ?? hostAddresses)();
    const candidates: S5bCandidate[] = [];
    if (hosts.length > 0) {
      this.listener = new Socks5Listener(this.ownDst);
      const port = await this.listener.listen();
      hosts.forEach((host, i) =>
        candidates.push({
          cid: randomBytes(6).toString('hex'),
          host,
          port,
          jid: this.ctx.own.toString(),
          priority: s5bPriority('direct', 255 - i),
          type: 'direct',
        }),
      );
    }
    if (this.options.proxy !== false) {
      this.proxy = await this.proxies.find(this.ctx.session);
      if (this.proxy) {
        candidates.push({
          cid: randomBytes(6).toString('hex'),
          ...this.proxy,
          priority: s5bPriority('proxy'),
          type: 'proxy',
        });
      }
    }
    this.ours = candidates;
    return buildS5bTransport({ sid: this.sid, dstaddr: this.ownDst, candidates });
  }

  take(remote: Element): void {
    const theirs = parseS5bTransport(remote);
    if (!theirs) throw new TransportRefused('unusable SOCKS5 transport');
    if (this.ctx.role === 'responder') this.sid = theirs.sid;
    else if (theirs.sid !== this.sid)
      throw new TransportRefused('the SOCKS5 answer changed the sid');
    this.theirs = [...theirs.candidates].sort((a, b) => b.priority - a.priority);
  }

  info(transport: Element): void {
    const info = parseS5bInfo(transport);
    if (!info || info.sid !== this.sid) throw new TransportRefused('not this SOCKS5 transport');
    if (info.kind === 'candidate-used' || info.kind === 'candidate-error') {
      if (this.report) throw new TransportRefused('the candidate was reported already');
      if (info.kind === 'candidate-used' && !this.ours.some((c) => c.cid === info.cid)) {
        throw new TransportRefused('no such candidate of ours');
      }
      this.report = info.kind === 'candidate-used' ? { kind: info.kind, cid: info.cid } : info;
    } else {
      this.activation = info.kind;
    }
    this.wake?.();
  }

  async connect(): Promise<Duplex> {
    // Theirs first: what we reach decides what we report.
    const reached = await this.tryTheirs();
    await this.send(
      reached
        ? { kind: 'candidate-used', cid: reached.candidate.cid }
        : { kind: 'candidate-error' },
    );
    const report = await this.until(() => this.report, 'the other side’s candidate report');
    const theirPick =
      report.kind === 'candidate-used' ? this.ours.find((c) => c.cid === report.cid) : null;
    const ourPick = reached?.candidate ?? null;
    const useOurs =
      ourPick !== null &&
      (theirPick == null ||
        ourPick.priority > theirPick.priority ||
        (ourPick.priority === theirPick.priority && this.ctx.role === 'initiator'));
    if (useOurs && reached) {
      // We connected to their candidate; their proxy needs their activation first.
      if (reached.candidate.type === 'proxy') {
        const result = await this.until(() => this.activation, 'the proxy’s activation');
        if (result !== 'activated') throw new TransportFailed('the other side’s proxy failed');
      }
      return this.settle(reached.socket);
    }
    if (!theirPick) throw new TransportFailed('no SOCKS5 candidate worked either way');
    if (theirPick.type === 'proxy') return this.settle(await this.activateOwnProxy(theirPick));
    const incoming = await this.listener?.waitForConnection(this.connectMs);
    if (!incoming) throw new TransportFailed('the other side’s connection to us is gone');
    return this.settle(incoming);
  }

  /** Their candidates in priority order; the first SOCKS5 handshake that succeeds. */
  private async tryTheirs(): Promise<{ candidate: S5bCandidate; socket: Socket } | null> {
    const dst = s5bDstAddr(this.sid, this.ctx.peer, this.ctx.own);
    for (const candidate of this.theirs) {
      if (this.closed) return null;
      try {
        const socket = await socks5Connect(candidate.host, candidate.port, dst, this.connectMs);
        this.sockets.add(socket);
        return { candidate, socket };
      } catch {
        // The next one.
      }
    }
    return null;
  }

  /** Our proxy won: we connect to it too, have it joined to the peer, and say so. */
  private async activateOwnProxy(candidate: S5bCandidate): Promise<Socket> {
    try {
      const socket = await socks5Connect(
        candidate.host,
        candidate.port,
        this.ownDst,
        this.connectMs,
      );
      this.sockets.add(socket);
      await this.ctx.session.iq(buildActivate(candidate.jid, this.sid, this.ctx.peer));
      await this.send({ kind: 'activated', cid: candidate.cid });
      return socket;
    } catch (error) {
      await this.send({ kind: 'proxy-error' }).catch(() => {});
      throw new TransportFailed(`the proxy could not be activated: ${String(error)}`);
    }
  }

  /** The chosen socket is the stream; every other one goes. */
  private settle(socket: Socket): Duplex {
    for (const other of this.sockets) if (other !== socket) other.destroy();
    this.sockets.clear();
    this.sockets.add(socket);
    if (this.listener?.connection !== socket) this.listener?.close(true);
    else this.listener.close();
    this.listener = null;
    // Left paused: whoever reads it resumes it by piping. Resumed here, the bytes that came
    // before the receiver's pipe (it makes the downloads folder first) were dropped, and a file
    // ended short now and then (a CI run: an encrypted 200 MB file failed its tag).
    return socket;
  }

  private send(info: S5bInfo): Promise<void> {
    return this.ctx.sendInfo(buildS5bInfo(this.sid, info));
  }

  /** Waits until `value()` is set, the session ends, or the report time runs out. */
  private async until<T>(value: () => T | null, what: string): Promise<T> {
    const deadline = Date.now() + (this.options.reportMs ?? 30_000);
    for (;;) {
      const v = value();
      if (v !== null) return v;
      if (this.closed || this.ctx.signal.aborted) throw new TransportFailed('closed');
      const left = deadline - Date.now();
      if (left <= 0) throw new TransportFailed(`no word of ${what}`);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.ctx.signal.removeEventListener('abort', done);
          this.wake = null;
          resolve();
        };
        const timer = setTimeout(done, left);
        timer.unref();
        this.ctx.signal.addEventListener('abort', done, { once: true });
        this.wake = done;
      });
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listener?.close(true);
    this.listener = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.wake?.();
  }
}
