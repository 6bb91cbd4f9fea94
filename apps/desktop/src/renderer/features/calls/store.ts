import type { Call } from '@parley/contract';
import { create } from 'zustand';
import type { Quality } from './stats';

/** A call as the renderer shows it: the backend's record and this window's media state. */
export interface CallView {
  call: Call;
  /** Our microphone is not sent. */
  muted: boolean;
  /** Our camera is sent (false for an audio call, or while the user turned it off). */
  cameraOn: boolean;
  /** Our screen is sent in place of the camera. */
  sharing: boolean;
  /** The session has a video stream (a video call, either side): camera and screen work. */
  video: boolean;
  /** The other side turned down the video we added (content-reject): said until dismissed. */
  videoDeclined: boolean;
  local: MediaStream | null;
  remote: MediaStream | null;
  quality: Quality | null;
  microphone: string | null;
  camera: string | null;
}

interface CallsState {
  calls: Record<string, CallView>;
  /** Why the last call could not start or connect, in words; cleared by the user. */
  failure: string | null;
  upsert(call: Call): void;
  patch(key: string, patch: Partial<Omit<CallView, 'call'>>): void;
  remove(key: string): void;
  setFailure(failure: string | null): void;
}

export function callKey(accountId: string, callId: string): string {
  return `${accountId}\u0000${callId}`;
}

function fresh(call: Call): CallView {
  return {
    call,
    muted: false,
    cameraOn: false,
    sharing: false,
    video: call.media.includes('video'),
    videoDeclined: false,
    local: null,
    remote: null,
    quality: null,
    microphone: null,
    camera: null,
  };
}

export const useCalls = create<CallsState>()((set) => ({
  calls: {},
  failure: null,
  upsert: (call) =>
    set((s) => {
      const key = callKey(call.accountId, call.id);
      const known = s.calls[key];
      return { calls: { ...s.calls, [key]: known ? { ...known, call } : fresh(call) } };
    }),
  patch: (key, patch) =>
    set((s) => {
      const known = s.calls[key];
      return known ? { calls: { ...s.calls, [key]: { ...known, ...patch } } } : {};
    }),
  remove: (key) =>
    set((s) => {
      if (!s.calls[key]) return {};
      const calls = { ...s.calls };
      delete calls[key];
      return { calls };
    }),
  setFailure: (failure) => set({ failure }),
}));

/** The call this window takes part in (answered or placed here), if any. */
export function useCurrentCall(): CallView | null {
  return useCalls(
    (s) =>
      Object.values(s.calls).find(
        (v) => v.call.state !== 'incoming' && v.call.state !== 'ended' && v.local !== null,
      ) ?? null,
  );
}

/** Calls ringing here, oldest first. */
export function useIncomingCalls(): CallView[] {
  const calls = useCalls((s) => s.calls);
  return Object.values(calls).filter((v) => v.call.state === 'incoming');
}
