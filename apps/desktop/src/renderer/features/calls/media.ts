// The user's microphone, camera and screen for a call. Media is asked for only when the user
// starts or accepts a call, and every track is stopped when it ends (the camera light goes off).
import type { CallMedia } from '@parley/contract';

export type DeviceKind = 'audioinput' | 'videoinput';

export interface MediaChoice {
  /** A device the user picked in the call panel; the system's default when absent. */
  microphone?: string | undefined;
  camera?: string | undefined;
}

function constraint(deviceId: string | undefined): MediaTrackConstraints | true {
  return deviceId ? { deviceId: { exact: deviceId } } : true;
}

/** Microphone, and the camera when the call is a video call. */
export function openMedia(media: readonly CallMedia[], choice: MediaChoice = {}) {
  return navigator.mediaDevices.getUserMedia({
    audio: constraint(choice.microphone),
    video: media.includes('video') ? constraint(choice.camera) : false,
  });
}

/** One fresh track from one device (switching microphone or camera, or camera on again). */
export async function openTrack(kind: DeviceKind, deviceId?: string): Promise<MediaStreamTrack> {
  const stream = await navigator.mediaDevices.getUserMedia(
    kind === 'audioinput' ? { audio: constraint(deviceId) } : { video: constraint(deviceId) },
  );
  const track = stream.getTracks()[0];
  if (!track) throw new Error('no track from the device');
  return track;
}

/** The screen or a window, as the system's picker offers it. */
export async function openScreen(): Promise<MediaStreamTrack> {
  const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
  const track = stream.getVideoTracks()[0];
  if (!track) throw new Error('no screen track');
  return track;
}

export function stopStream(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

export interface Device {
  id: string;
  label: string;
}

/** Microphones and cameras (labels are known once a call has been granted media). */
export async function listDevices(): Promise<Record<DeviceKind, Device[]>> {
  const all = await navigator.mediaDevices.enumerateDevices();
  const of = (kind: DeviceKind) =>
    all
      .filter((d) => d.kind === kind && d.deviceId !== '')
      .map((d, i) => ({ id: d.deviceId, label: d.label || `${kind} ${i + 1}` }));
  return { audioinput: of('audioinput'), videoinput: of('videoinput') };
}
