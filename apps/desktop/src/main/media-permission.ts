import type { CallMediaGrant } from '@parley/contract';

/** What Chromium says about a permission request (Electron's `details`), as far as we read it. */
export interface MediaRequestDetails {
  /** 'audio' and/or 'video' for getUserMedia; absent for checks and other permissions. */
  mediaTypes?: string[];
}

/**
 * The camera and microphone belong to calls only: closed by default, opened by the renderer
 * for a call the user started or accepted (the call button, the answer button), for the media
 * that call uses, and closed when it ends. A page that asks at any other time, or for a device
 * the call does not use, is refused, as every other permission is (permissions.ts).
 */
export class CallMediaGate {
  private open: Set<string> | null = null;

  /** A call the user started or accepted needs these devices; null: no call any more. */
  set(grant: CallMediaGrant | null): void {
    this.open = grant === null ? null : new Set(grant.media);
  }

  /** A call the user started or accepted runs (a screen may be shared in it, screen-share.ts). */
  get inCall(): boolean {
    return this.open !== null;
  }

  /** Whether a 'media' request (or check) may go through now. */
  allows(permission: string, details: MediaRequestDetails = {}): boolean {
    if (permission !== 'media' || this.open === null) return false;
    const wanted = details.mediaTypes ?? [];
    return wanted.every((type) => this.open?.has(type) ?? false);
  }
}

/** The app's one gate: main's permission handlers read it, the desktop bridge sets it. */
export const callMediaGate = new CallMediaGate();
