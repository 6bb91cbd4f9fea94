// One call's WebRTC session: the RTCPeerConnection, its local description sent to the backend
// as the contract's structured description, remote descriptions and candidates applied. The
// caller offers (when its call reaches `connecting`), the callee answers the offer; candidates
// trickle both ways, and remote ones wait until the remote description is set.
import type { CallDescription, IceCandidate, IceServer, ParleyClient } from '@parley/contract';
import { acceptedContents, addedContents, mergeDescription } from './content-add';
import { candidateLine, parseCandidateLine } from './sdp-candidate';
import type { Role } from './sdp-direction';
import { sdpToDescription } from './sdp-read';
import { descriptionToSdp } from './sdp-write';

export interface SessionOptions {
  client: ParleyClient;
  accountId: string;
  callId: string;
  role: Role;
  iceServers: readonly IceServer[];
  /** Settings: relay calls through the server (hides the user's IP address from the peer). */
  relayOnly: boolean;
  onConnected(connected: boolean): void;
  onRemoteStream(stream: MediaStream): void;
  onError(error: unknown): void;
}

interface LocalCandidate {
  content: string;
  ufrag: string;
  candidate: IceCandidate;
}

/** Remote candidates kept at most before the remote description arrives. */
const MAX_HELD = 128;

export class CallSession {
  readonly pc: RTCPeerConnection;
  readonly remote = new MediaStream();
  private held: RTCIceCandidateInit[] = [];
  /** Local candidates wait until the description they belong to has been sent. */
  private unsent: LocalCandidate[] | null = [];
  /** Commands to the backend go one after another: the description before its candidates. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** The other side's whole description so far: a content-add or -accept is folded into it. */
  private remoteWhole: CallDescription | null = null;
  /** The names of the contents our side has described (a content-add sends only new ones). */
  private readonly localNames = new Set<string>();

  constructor(private readonly options: SessionOptions) {
    this.pc = new RTCPeerConnection({
      iceServers: options.iceServers.map((s) => ({
        urls: [...s.urls],
        ...(s.username !== undefined && { username: s.username }),
        ...(s.credential !== undefined && { credential: s.credential }),
      })),
      iceTransportPolicy: options.relayOnly ? 'relay' : 'all',
      bundlePolicy: 'max-bundle',
      rtcpMuxPolicy: 'require',
    });
    this.pc.onicecandidate = (e) => this.localCandidate(e.candidate);
    this.pc.ontrack = (e) => {
      this.remote.addTrack(e.track);
      options.onRemoteStream(this.remote);
    };
    let wasConnected = false;
    this.pc.onconnectionstatechange = () => {
      const state = this.pc.connectionState;
      if (state === 'connected' && !wasConnected) options.onConnected((wasConnected = true));
      if ((state === 'failed' || state === 'disconnected') && wasConnected)
        options.onConnected((wasConnected = false));
    };
  }

  /** The caller: one sending transceiver per local track, then the offer. */
  async offer(local: MediaStream): Promise<void> {
    for (const track of local.getTracks())
      this.pc.addTransceiver(track, { direction: 'sendrecv', streams: [local] });
    await this.pc.setLocalDescription(await this.pc.createOffer());
    this.sendLocal('offer');
  }

  /** The callee: apply the caller's offer, send our tracks on its transceivers, answer. */
  async answer(offer: CallDescription, local: MediaStream): Promise<void> {
    await this.setRemote('offer', offer);
    await this.sendOnAll(local);
    await this.flushHeld();
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    this.sendLocal('answer');
  }

  /** The caller: the callee's answer. */
  async applyAnswer(answer: CallDescription): Promise<void> {
    await this.setRemote('answer', answer);
    await this.flushHeld();
  }

  /**
   * Video turned on in a call that has none (XEP-0166 content-add): a new sending video
   * transceiver, a new offer, and only its new content goes to the other side.
   */
  async addVideo(track: MediaStreamTrack | null, local: MediaStream): Promise<void> {
    this.pc.addTransceiver(track ?? 'video', { direction: 'sendrecv', streams: [local] });
    await this.pc.setLocalDescription(await this.pc.createOffer());
    const whole = sdpToDescription(this.pc.localDescription?.sdp ?? '', this.options.role);
    const added = addedContents(whole, this.localNames, this.options.role);
    this.describe('content-add', added);
  }

  /** The other side added contents: fold them into its offer, answer with ours for them. */
  async acceptContent(added: CallDescription, local: MediaStream): Promise<void> {
    await this.setRemote('offer', added);
    // Only the new contents' transceivers: the others keep what they send (or not, muted).
    await this.sendOnAll(local, new Set(added.contents.map((c) => c.name)));
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    const whole = sdpToDescription(this.pc.localDescription?.sdp ?? '', this.options.role);
    this.describe('content-accept', acceptedContents(whole, added));
  }

  /** The other side accepted our content-add: its answer for the new contents. */
  async applyContentAccept(accepted: CallDescription): Promise<void> {
    await this.setRemote('answer', accepted);
  }

  /**
   * Contents the other side turned down (content-reject of our content-add) or took away
   * (content-remove): our offer for them is rolled back, and their transceivers stop, so
   * nothing more is sent on them. Jingle has no answer to these, so there is no new offer.
   */
  async dropContents(names: readonly string[]): Promise<void> {
    if (this.pc.signalingState === 'have-local-offer') {
      await this.pc.setLocalDescription({ type: 'rollback' });
    }
    for (const transceiver of this.pc.getTransceivers()) {
      if (transceiver.direction === 'stopped') continue;
      // A rolled-back content-add leaves its transceiver without a mid: it was never agreed.
      if (transceiver.mid === null || names.includes(transceiver.mid)) transceiver.stop();
    }
    for (const name of names) this.localNames.delete(name);
  }

  /** Whether the session has a video stream (either side may send on it). */
  hasVideo(): boolean {
    return this.sender('video') !== null;
  }

  async remoteCandidate(content: string, ufrag: string, candidate: IceCandidate): Promise<void> {
    const init = { candidate: candidateLine(candidate), sdpMid: content, usernameFragment: ufrag };
    if (!this.pc.remoteDescription) {
      if (this.held.length < MAX_HELD) this.held.push(init);
      return;
    }
    await this.pc.addIceCandidate(init);
  }

  /** The sender of our audio or video (null when the call has no such stream). */
  sender(kind: 'audio' | 'video'): RTCRtpSender | null {
    const transceiver = this.pc
      .getTransceivers()
      // A stopped one (direction) may not have been renegotiated away yet (currentDirection).
      .find(
        (t) =>
          t.receiver.track.kind === kind &&
          t.direction !== 'stopped' &&
          t.currentDirection !== 'stopped',
      );
    return transceiver?.sender ?? null;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pc.close();
    for (const track of this.remote.getTracks()) track.stop();
  }

  /** The other side's description (whole, or new contents folded into the last whole one). */
  private async setRemote(type: 'offer' | 'answer', description: CallDescription) {
    const whole = this.remoteWhole ? mergeDescription(this.remoteWhole, description) : description;
    const author: Role = this.options.role === 'initiator' ? 'responder' : 'initiator';
    await this.pc.setRemoteDescription({ type, sdp: descriptionToSdp(whole, author) });
    this.remoteWhole = whole;
  }

  /**
   * Every transceiver sends both ways, with our track of its kind or none yet (video answered
   * as audio only): the camera can be turned on later by replacing the track.
   */
  private async sendOnAll(local: MediaStream, only?: ReadonlySet<string>): Promise<void> {
    for (const transceiver of this.pc.getTransceivers()) {
      if (transceiver.direction === 'stopped' || transceiver.currentDirection === 'stopped')
        continue;
      if (only && (transceiver.mid === null || !only.has(transceiver.mid))) continue;
      const kind = transceiver.receiver.track.kind;
      transceiver.direction = 'sendrecv';
      const track = local.getTracks().find((t) => t.kind === kind) ?? null;
      await transceiver.sender.replaceTrack(track);
      if (track) transceiver.sender.setStreams(local);
    }
  }

  private async flushHeld(): Promise<void> {
    const held = this.held;
    this.held = [];
    for (const init of held) await this.pc.addIceCandidate(init);
  }

  private sendLocal(kind: 'offer' | 'answer'): void {
    const sdp = this.pc.localDescription?.sdp ?? '';
    this.describe(kind, sdpToDescription(sdp, this.options.role));
    const unsent = this.unsent ?? [];
    this.unsent = null;
    for (const c of unsent) this.sendCandidate(c);
  }

  private describe(
    kind: 'offer' | 'answer' | 'content-add' | 'content-accept',
    description: CallDescription,
  ): void {
    for (const c of description.contents) this.localNames.add(c.name);
    this.send(() =>
      this.options.client.call('calls.describe', { ...this.ref(), kind, description }),
    );
  }

  private localCandidate(candidate: RTCIceCandidate | null): void {
    if (!candidate?.candidate) return;
    const parsed = parseCandidateLine(candidate.candidate);
    const ufrag = candidate.usernameFragment;
    if (!parsed || !ufrag || candidate.sdpMid === null) return;
    const local = { content: candidate.sdpMid, ufrag, candidate: parsed };
    if (this.unsent) this.unsent.push(local);
    else this.sendCandidate(local);
  }

  private sendCandidate(c: LocalCandidate): void {
    this.send(() => this.options.client.call('calls.candidate', { ...this.ref(), ...c }));
  }

  private send(command: () => Promise<{ ok: boolean }>): void {
    this.queue = this.queue
      .then(async () => {
        if (this.closed) return;
        const result = await command();
        if (!result.ok) this.options.onError(result);
      })
      .catch((e: unknown) => this.options.onError(e));
  }

  private ref() {
    return { accountId: this.options.accountId, callId: this.options.callId };
  }
}
