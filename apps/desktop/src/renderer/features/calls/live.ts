// What this window holds for each call it takes part in: the session, our media and the
// timers. Outside the store: none of it is shown as it is, and all of it must be torn down.
import type { IceServer } from '@parley/contract';
import { stopStream } from './media';
import { endCallMedia } from './media-grant';
import type { CallSession } from './session';
import { useCalls } from './store';

export interface Live {
  session: CallSession | null;
  local: MediaStream;
  iceServers: readonly IceServer[];
  /** Our microphone and camera tracks, kept while muted or while the screen is sent. */
  audio: MediaStreamTrack | null;
  camera: MediaStreamTrack | null;
  screen: MediaStreamTrack | null;
  statsTimer: ReturnType<typeof setInterval> | null;
}

export const lives = new Map<string, Live>();

/** Every track stopped (the camera light off), the connection closed; the call stays shown. */
export function release(key: string): void {
  const live = lives.get(key);
  lives.delete(key);
  if (!live) return;
  if (lives.size === 0) endCallMedia();
  if (live.statsTimer) clearInterval(live.statsTimer);
  live.session?.close();
  stopStream(live.local);
  for (const track of [live.audio, live.camera, live.screen]) track?.stop();
}

/** Hang-up, decline, or the call ended elsewhere: released, and gone from the window. */
export function teardown(key: string): void {
  release(key);
  useCalls.getState().remove(key);
}
