// What the user does with a call: start one, answer or decline, hang up, mute, camera,
// devices and screen. Media is asked for only here, when the user starts or accepts a call.
import type { CallMedia } from '@parley/contract';
import { errorText, getClient } from '../../app/client';
import { usePrefs } from '../settings/prefs-store';
import { lives, release, teardown, type Live } from './live';
import { openMedia, openScreen, openTrack, stopStream, type DeviceKind } from './media';
import { endCallMedia, grantCallMedia } from './media-grant';
import { CallSession } from './session';
import { qualityFrom } from './stats';
import { callKey, useCalls, type CallView } from './store';

const STATS_EVERY_MS = 2000;

/** Calls being started or answered: a second click meanwhile does nothing. */
const pending = new Set<string>();

function fail(error: unknown): void {
  const text = errorText(error);
  console.warn('call:', text);
  useCalls.getState().setFailure(text);
}

async function iceServers(accountId: string) {
  try {
    return (await getClient().call('calls.iceServers', { accountId })).servers;
  } catch {
    // No XEP-0215 service: direct connections still work (and relay-only then fails plainly).
    return [];
  }
}

function newLive(local: MediaStream, servers: Live['iceServers']): Live {
  return {
    session: null,
    local,
    iceServers: servers,
    audio: local.getAudioTracks()[0] ?? null,
    camera: local.getVideoTracks()[0] ?? null,
    screen: null,
    statsTimer: null,
  };
}

/** The WebRTC session of a call placed or answered here. */
export function openSession(key: string, live: Live, role: 'initiator' | 'responder'): CallSession {
  const view = useCalls.getState().calls[key];
  if (!view) throw new Error('no such call');
  const { accountId, id: callId } = view.call;
  const session = new CallSession({
    client: getClient(),
    accountId,
    callId,
    role,
    iceServers: live.iceServers,
    relayOnly: usePrefs.getState().callsRelayOnly,
    onConnected: (connected) => {
      getClient().call('calls.connected', { accountId, callId, connected }).catch(fail);
    },
    onRemoteStream: (stream) => useCalls.getState().patch(key, { remote: stream }),
    onError: (error) =>
      fail(typeof error === 'object' && error && 'failure' in error ? error.failure : error),
  });
  live.session = session;
  live.statsTimer = setInterval(() => {
    session.pc
      .getStats()
      .then((report) => useCalls.getState().patch(key, { quality: qualityFrom(report.values()) }))
      .catch(() => undefined);
  }, STATS_EVERY_MS);
  return session;
}

/** Ring every device of `peer`: the microphone (and camera) first, so a refusal rings no one. */
export async function startCall(accountId: string, peer: string, media: CallMedia[]) {
  // One at a time: the microphone is asked for before the call exists in the store.
  if (pending.has(STARTING)) return;
  pending.add(STARTING);
  try {
    await place(accountId, peer, media);
  } finally {
    pending.delete(STARTING);
  }
}

const STARTING = '\u0000starting';

async function place(accountId: string, peer: string, media: CallMedia[]): Promise<void> {
  useCalls.getState().setFailure(null);
  let local: MediaStream | null = null;
  try {
    grantCallMedia(media);
    local = await openMedia(media);
    const servers = await iceServers(accountId);
    const started = await getClient().call('calls.start', { accountId, peer, media });
    if (!started.ok) throw started.failure;
    const key = callKey(accountId, started.call.id);
    lives.set(key, newLive(local, servers));
    useCalls.getState().upsert(started.call);
    useCalls.getState().patch(key, { local, cameraOn: media.includes('video') });
    // It may have been answered while calls.start was on its way.
    const now = useCalls.getState().calls[key]?.call;
    if (now?.state === 'connecting') await offerIfCaller(key);
  } catch (error) {
    stopStream(local);
    if (lives.size === 0) endCallMedia();
    fail(typeof error === 'object' && error && 'message' in error ? error : String(error));
  }
}

/** The caller offers once its call reaches `connecting` (the callee answered somewhere). */
export async function offerIfCaller(key: string): Promise<void> {
  const live = lives.get(key);
  const view = useCalls.getState().calls[key];
  if (!live || live.session || view?.call.direction !== 'out') return;
  await openSession(key, live, 'initiator').offer(live.local);
}

/** Answer here, with the camera or without it; the caller's offer follows as an event. */
export async function acceptCall(key: string, video: boolean): Promise<void> {
  const view = useCalls.getState().calls[key];
  if (!view || lives.has(key) || pending.has(key)) return;
  pending.add(key);
  try {
    await answer(key, view, video);
  } finally {
    pending.delete(key);
  }
}

async function answer(key: string, view: CallView, video: boolean): Promise<void> {
  const { accountId, id: callId } = view.call;
  useCalls.getState().setFailure(null);
  let local: MediaStream | null = null;
  try {
    const media: CallMedia[] = video ? ['audio', 'video'] : ['audio'];
    grantCallMedia(media);
    local = await openMedia(media);
    const live = newLive(local, await iceServers(accountId));
    // The caller gave up (or another device answered) while the devices opened.
    if (useCalls.getState().calls[key]?.call.state !== 'incoming') {
      stopStream(local);
      return;
    }
    lives.set(key, live);
    useCalls.getState().patch(key, { local, cameraOn: video });
    openSession(key, live, 'responder');
    const accepted = await getClient().call('calls.accept', { accountId, callId });
    if (!accepted.ok) throw accepted.failure;
  } catch (error) {
    // Still ringing: the user may decline, or the caller give up.
    release(key);
    useCalls.getState().patch(key, { local: null });
    fail(error);
  }
}

/** Hang up, cancel, or decline; the backend's `ended` then tears the rest down. */
export async function endCall(key: string, reason: 'hangup' | 'declined' = 'hangup') {
  const view = useCalls.getState().calls[key];
  if (!view) return;
  const { accountId, id: callId } = view.call;
  teardown(key);
  try {
    await getClient().call('calls.end', { accountId, callId, reason });
  } catch (error) {
    fail(error);
  }
}

export async function setMuted(key: string, muted: boolean): Promise<void> {
  const live = lives.get(key);
  if (!live) return;
  // No track at all rather than a disabled one: nothing of the microphone leaves while muted.
  await live.session?.sender('audio')?.replaceTrack(muted ? null : live.audio);
  useCalls.getState().patch(key, { muted });
}

/**
 * Our camera or screen on the call's video stream. A call without one (an audio call) gets it
 * now by a content-add (XEP-0166 §7.2.1), which the other side accepts; turning it off again
 * only stops sending (the track is gone, no bytes flow), as Conversations does.
 */
async function sendVideo(key: string, live: Live, track: MediaStreamTrack | null): Promise<void> {
  const session = live.session;
  if (!session) return;
  const sender = session.sender('video');
  if (sender) {
    await sender.replaceTrack(track);
    return;
  }
  if (!track) return;
  await session.addVideo(track, live.local);
  useCalls.getState().patch(key, { video: true });
}

/**
 * The other side turned contents down or took them away (call.contents-dropped). A declined
 * video (Conversations asks its user first) leaves the call as it was: audio only, our camera
 * off and its light out, with a word why.
 */
export async function dropContents(
  key: string,
  contents: readonly string[],
  how: 'rejected' | 'removed',
): Promise<void> {
  const live = lives.get(key);
  const session = live?.session;
  if (!live || !session) return;
  try {
    await session.dropContents(contents);
    const video = session.hasVideo();
    if (!video && live.camera) {
      live.local.removeTrack(live.camera);
      live.camera.stop();
      live.camera = null;
    }
    useCalls.getState().patch(key, {
      video,
      ...(!video && { cameraOn: false, local: new MediaStream(live.local.getTracks()) }),
      ...(how === 'rejected' && { videoDeclined: true }),
    });
  } catch (error) {
    fail(error);
  }
}

export async function setCamera(key: string, on: boolean): Promise<void> {
  const live = lives.get(key);
  const view = useCalls.getState().calls[key];
  if (!live || !view) return;
  try {
    if (on && !live.camera) {
      grantCallMedia(['audio', 'video']);
      live.camera = await openTrack('videoinput', view.camera ?? undefined);
      live.local.addTrack(live.camera);
    }
    if (!on && live.camera) {
      // Stopped, not only unsent: the camera's light goes off.
      live.local.removeTrack(live.camera);
      live.camera.stop();
      live.camera = null;
    }
    if (!live.screen) await sendVideo(key, live, live.camera);
    useCalls
      .getState()
      .patch(key, { cameraOn: on, local: new MediaStream(live.local.getTracks()) });
  } catch (error) {
    fail(error);
  }
}

export async function setDevice(key: string, kind: DeviceKind, deviceId: string): Promise<void> {
  const live = lives.get(key);
  const view = useCalls.getState().calls[key];
  if (!live || !view) return;
  const audio = kind === 'audioinput';
  useCalls.getState().patch(key, audio ? { microphone: deviceId } : { camera: deviceId });
  // A camera that is off stays off: the choice applies when it is turned on.
  if (!audio && !live.camera) return;
  try {
    grantCallMedia(audio && !live.camera ? ['audio'] : ['audio', 'video']);
    const track = await openTrack(kind, deviceId);
    const old = audio ? live.audio : live.camera;
    if (old) {
      live.local.removeTrack(old);
      old.stop();
    }
    live.local.addTrack(track);
    if (audio) {
      live.audio = track;
      if (!view.muted) await live.session?.sender('audio')?.replaceTrack(track);
    } else {
      live.camera = track;
      if (!live.screen) await sendVideo(key, live, track);
    }
    useCalls.getState().patch(key, { local: new MediaStream(live.local.getTracks()) });
  } catch (error) {
    fail(error);
  }
}

export async function setSharing(key: string, on: boolean): Promise<void> {
  const live = lives.get(key);
  if (!live) return;
  try {
    if (on && !live.screen) {
      const screen = await openScreen();
      live.screen = screen;
      // The system's own "stop sharing" ends the track: back to the camera then.
      screen.onended = () => void setSharing(key, false);
      await sendVideo(key, live, screen);
    } else if (!on && live.screen) {
      live.screen.stop();
      live.screen = null;
      await sendVideo(key, live, live.camera);
    }
    useCalls.getState().patch(key, { sharing: on });
  } catch (error) {
    fail(error);
  }
}
