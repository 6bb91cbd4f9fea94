// The desktop app's main process refuses the camera and microphone except for a call the user
// started or accepted (main/media-permission.ts): these calls, made only from the user's own
// actions, tell it which devices that call uses, and that no call needs them any more.
import type { CallMedia } from '@parley/contract';
import { desktopBridge } from '../desktop/bridge';

/** Before asking for the devices of a call the user started, accepted, or changed. */
export function grantCallMedia(media: readonly CallMedia[]): void {
  desktopBridge()?.callMedia?.({ media: [...media] });
}

/** No call holds any device here any more. */
export function endCallMedia(): void {
  desktopBridge()?.callMedia?.(null);
}
