import '../../test/jsdom.js';
import type { Call } from '@parley/contract';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { resetStores } from '../../test/reset';
import { CallPanel } from './CallPanel';
import { lives } from './live';
import { CallSession } from './session';
import { sdpToDescription } from './sdp-read';
import { callKey, useCalls } from './store';
import { wireCalls } from './wire';
import audioOfferSdp from './fixtures/chromium-audio-offer.sdp?raw';
import offerSdp from './fixtures/chromium-offer.sdp?raw';

// A content-reject or content-remove from the other side, through the renderer's session. jsdom
// has no WebRTC: a stand-in RTCPeerConnection keeps the signalling state and the transceivers
// as the WebRTC API defines them, and answers with real Chromium offers (the fixtures). Calls
// between two real Chromiums are in e2e/calls.spec.ts.

class FakeTrack {
  stopped = false;
  constructor(readonly kind: 'audio' | 'video') {}
  stop(): void {
    this.stopped = true;
  }
}

class FakeStream {
  private tracks: FakeTrack[];
  constructor(tracks: FakeTrack[] = []) {
    this.tracks = [...tracks];
  }
  getTracks(): FakeTrack[] {
    return [...this.tracks];
  }
  addTrack(track: FakeTrack): void {
    this.tracks.push(track);
  }
  removeTrack(track: FakeTrack): void {
    this.tracks = this.tracks.filter((t) => t !== track);
  }
}

class FakeTransceiver {
  mid: string | null = null;
  currentDirection: string | null = null;
  readonly receiver: { track: { kind: string } };
  readonly sender = {
    track: null as FakeTrack | null,
    replaceTrack: async (track: FakeTrack | null) => {
      this.sender.track = track;
    },
    setStreams: () => {},
  };
  constructor(
    kind: string,
    public direction: string,
  ) {
    this.receiver = { track: { kind } };
  }
  stop(): void {
    this.direction = 'stopped';
  }
}

class FakePeerConnection {
  static last: FakePeerConnection | null = null;
  signalingState = 'stable';
  connectionState = 'new';
  localDescription: { type: string; sdp: string } | null = null;
  onicecandidate: unknown = null;
  ontrack: unknown = null;
  onconnectionstatechange: unknown = null;
  rollbacks = 0;
  readonly transceivers: FakeTransceiver[] = [];
  private agreed: { type: string; sdp: string } | null = null;
  constructor() {
    FakePeerConnection.last = this;
  }
  addTransceiver(trackOrKind: FakeTrack | string, init: { direction: string }) {
    const kind = typeof trackOrKind === 'string' ? trackOrKind : trackOrKind.kind;
    const transceiver = new FakeTransceiver(kind, init.direction);
    if (typeof trackOrKind !== 'string') transceiver.sender.track = trackOrKind;
    this.transceivers.push(transceiver);
    return transceiver;
  }
  getTransceivers(): FakeTransceiver[] {
    return this.transceivers;
  }
  async createOffer() {
    const video = this.transceivers.some((t) => t.receiver.track.kind === 'video');
    return { type: 'offer', sdp: video ? offerSdp : audioOfferSdp };
  }
  async setLocalDescription(description: { type: string; sdp?: string }) {
    if (description.type === 'rollback') {
      this.rollbacks++;
      this.signalingState = 'stable';
      this.localDescription = this.agreed;
      // What the rolled-back offer numbered, never agreed, loses its mid again.
      for (const t of this.transceivers) if (t.currentDirection === null) t.mid = null;
      return;
    }
    this.localDescription = { type: description.type, sdp: description.sdp ?? '' };
    this.signalingState = 'have-local-offer';
    this.transceivers.forEach((t, i) => {
      t.mid ??= String(i);
    });
  }
  async setRemoteDescription() {
    this.signalingState = 'stable';
    this.agreed = this.localDescription;
    for (const t of this.transceivers) if (t.mid !== null) t.currentDirection ??= t.direction;
  }
  async addIceCandidate() {}
  close(): void {}
}

const KEY = callKey('a1', 'c1');
const call: Call = {
  accountId: 'a1',
  id: 'c1',
  peer: 'alice@example.org',
  peerDevice: 'alice@example.org/phone',
  direction: 'out',
  media: ['audio'],
  state: 'active',
  endReason: null,
  startedAt: 1,
  connectedAt: 2,
  endedAt: null,
  verified: false,
};

let client: FakeClient;
let described: Array<{ kind: string; names: string[] }>;
let off: () => void;
let session: CallSession;
let camera: FakeTrack;

beforeEach(async () => {
  resetStores();
  vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  vi.stubGlobal('MediaStream', FakeStream);
  // The call panel's device lists: none here.
  Object.defineProperty(navigator, 'mediaDevices', {
    configurable: true,
    value: { enumerateDevices: async () => [], addEventListener() {}, removeEventListener() {} },
  });
  useCalls.setState({ calls: {}, failure: null });
  client = new FakeClient();
  described = [];
  client
    .handle('calls.describe', ({ kind, description }) => {
      described.push({ kind, names: description.contents.map((c) => c.name) });
      return { ok: true as const };
    })
    .handle('calls.candidate', () => ({ ok: true as const }));
  setClient(client);
  off = wireCalls(client);

  // An audio call, answered and running.
  const microphone = new FakeTrack('audio');
  const local = new FakeStream([microphone]) as unknown as MediaStream;
  session = new CallSession({
    client,
    accountId: 'a1',
    callId: 'c1',
    role: 'initiator',
    iceServers: [],
    relayOnly: false,
    onConnected: () => {},
    onRemoteStream: () => {},
    onError: () => {},
  });
  await session.offer(local);
  await session.applyAnswer(sdpToDescription(audioOfferSdp, 'responder'));
  act(() => client.emit('call.changed', call));
  camera = new FakeTrack('video');
  lives.set(KEY, {
    session,
    local,
    iceServers: [],
    audio: microphone as unknown as MediaStreamTrack,
    camera: camera as unknown as MediaStreamTrack,
    screen: null,
    statsTimer: null,
  });
  local.addTrack(camera as unknown as MediaStreamTrack);
  useCalls.getState().patch(KEY, { local, cameraOn: true });
  // Our camera turned on: a content-add of the video content only, waiting for its answer.
  await session.addVideo(camera as unknown as MediaStreamTrack, local);
  useCalls.getState().patch(KEY, { video: true });
});

afterEach(() => {
  off();
  cleanup();
  lives.clear();
  setClient(null);
  vi.unstubAllGlobals();
  Reflect.deleteProperty(navigator, 'mediaDevices');
});

const view = () => useCalls.getState().calls[KEY]!;
/**
 * The other side's content-reject or content-remove of the video content (mid 1), as the
 * backend reports it; the wire handles it without waiting, so its promise chain runs out here.
 */
async function dropped(how: 'rejected' | 'removed', callId = 'c1'): Promise<void> {
  client.emit('call.contents-dropped', { accountId: 'a1', callId, contents: ['1'], how });
  await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
}

describe('contents the other side turns down or takes away', () => {
  it('a declined video is rolled back: the camera goes off, the call stays as it was', async () => {
    const pc = FakePeerConnection.last!;
    expect(described.at(-1)).toEqual({ kind: 'content-add', names: ['1'] });
    expect(pc.signalingState).toBe('have-local-offer');
    expect(session.hasVideo()).toBe(true);

    await dropped('rejected');

    expect(pc.rollbacks).toBe(1);
    expect(pc.signalingState).toBe('stable');
    const [audio, video] = pc.transceivers;
    expect(video?.direction).toBe('stopped');
    expect(audio?.direction).toBe('sendrecv');
    expect(session.hasVideo()).toBe(false);
    // The camera's light goes out, and it is no longer in what we send.
    expect(camera.stopped).toBe(true);
    expect(lives.get(KEY)?.camera).toBeNull();
    expect(view()).toMatchObject({ video: false, cameraOn: false, videoDeclined: true });
    expect(
      view()
        .local?.getTracks()
        .map((t) => t.kind),
    ).toEqual(['audio']);
    expect(useCalls.getState().failure).toBeNull();

    // Said in the call panel until dismissed.
    render(<CallPanel />);
    expect(screen.getByTestId('call-video-declined').textContent).toContain(
      'alice did not take the video. The call goes on without it.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('call-video-declined')).toBeNull();
  });

  it('turning the camera on again after a refusal offers a new content-add', async () => {
    await dropped('rejected');
    const again = new FakeTrack('video');
    await session.addVideo(again as unknown as MediaStreamTrack, view().local!);
    expect(described.at(-1)?.kind).toBe('content-add');
    expect(FakePeerConnection.last!.signalingState).toBe('have-local-offer');
  });

  it('a removed content stops its transceiver; no word of a declined video', async () => {
    const pc = FakePeerConnection.last!;
    // The other side's answer to our content-add came first: video runs both ways.
    await session.applyContentAccept(sdpToDescription(offerSdp, 'responder'));
    await dropped('removed');
    expect(pc.rollbacks).toBe(0);
    expect(pc.transceivers.map((t) => t.direction)).toEqual(['sendrecv', 'stopped']);
    expect(view()).toMatchObject({ video: false, cameraOn: false, videoDeclined: false });
    expect(camera.stopped).toBe(true);
  });

  it('an event for a call this window does not hold changes nothing', async () => {
    await dropped('rejected', 'other');
    expect(FakePeerConnection.last!.rollbacks).toBe(0);
    expect(view()).toMatchObject({ video: true, cameraOn: true, videoDeclined: false });
  });
});
