import { screenSources, type ScreenSource, type ScreenSources } from '@parley/contract';

/** What the Electron handler's callback gets: the chosen source, or nothing (refused). */
export type ScreenGrant = { video: { id: string; name: string } } | Record<string, never>;

export interface ScreenShareDeps {
  /** True while a call the user started or accepted runs (the CallMediaGate is open). */
  inCall(): boolean;
  /** The screens and windows there are now (desktopCapturer.getSources). */
  listSources(): Promise<ScreenSource[]>;
  /** Shows the picker in the window (the desktop bridge's screenSources channel). */
  ask(request: ScreenSources): void;
  /** A picker no one answers is refused after this (the page's getDisplayMedia then fails). */
  timeoutMs?: number;
}

interface Pending {
  requestId: string;
  sources: ScreenSource[];
  answer(grant: ScreenGrant): void;
  timer: ReturnType<typeof setTimeout>;
}

const REFUSED: ScreenGrant = {};
/** A thumbnail's data URL past this is left out (the contract refuses more). */
const MAX_THUMBNAIL = 200_000;

/** The part of Electron's DesktopCapturerSource the picker shows. */
export interface CapturerSource {
  id: string;
  name: string;
  thumbnail: { isEmpty(): boolean; toDataURL(): string };
}

/** A desktopCapturer source as the contract carries it to the picker. */
export function sourceOf(source: CapturerSource): ScreenSource {
  const url = source.thumbnail.isEmpty() ? '' : source.thumbnail.toDataURL();
  return {
    id: source.id,
    name: source.name.slice(0, 512),
    kind: source.id.startsWith('screen:') ? 'screen' : 'window',
    thumbnail: url.startsWith('data:image/png;base64,') && url.length <= MAX_THUMBNAIL ? url : null,
  };
}
const PICK_TIMEOUT_MS = 120_000;

/**
 * getDisplayMedia in the desktop app: main lists the screens and windows, the renderer shows a
 * picker, the user's choice comes back. Only during a call (the same gate as the camera and
 * microphone), one request at a time, and only a source that was offered: anything else, a
 * cancel, or no answer in time is refused.
 */
export class ScreenSharePicker {
  private pending: Pending | null = null;
  private next = 1;

  constructor(private readonly deps: ScreenShareDeps) {}

  /** Electron's display-media request: `answer` is its callback, called exactly once. */
  async request(answer: (grant: ScreenGrant) => void): Promise<void> {
    if (!this.deps.inCall()) return answer(REFUSED);
    // A new request replaces one still open: the page asked again.
    this.settle(REFUSED);
    let sources: ScreenSource[];
    try {
      sources = screenSources.shape.sources.parse(await this.deps.listSources());
    } catch {
      return answer(REFUSED);
    }
    if (sources.length === 0 || !this.deps.inCall()) return answer(REFUSED);
    const requestId = String(this.next++);
    const timer = setTimeout(() => this.settle(REFUSED), this.deps.timeoutMs ?? PICK_TIMEOUT_MS);
    timer.unref?.();
    this.pending = { requestId, sources, answer, timer };
    this.deps.ask({ requestId, sources });
  }

  /** The renderer's answer (already checked against the contract): a source id or null. */
  choose(requestId: string, sourceId: string | null): void {
    const pending = this.pending;
    if (!pending || pending.requestId !== requestId) return;
    const source = pending.sources.find((s) => s.id === sourceId);
    // The call may have ended while the picker was open.
    this.settle(
      source && this.deps.inCall() ? { video: { id: source.id, name: source.name } } : REFUSED,
    );
  }

  /** The window went away or the call ended: an open request is refused. */
  cancel(): void {
    this.settle(REFUSED);
  }

  private settle(grant: ScreenGrant): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    clearTimeout(pending.timer);
    pending.answer(grant);
  }
}
