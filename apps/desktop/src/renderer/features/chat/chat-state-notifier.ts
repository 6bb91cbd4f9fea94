import type { ChatState } from '@parley/contract';

export const COMPOSING_INTERVAL_MS = 5_000;
export const PAUSED_AFTER_MS = 5_000;

export interface NotifierClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: NotifierClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * XEP-0085 chat states from composer activity, throttled: 'composing' at most once per
 * 5 s of typing, 'paused' after 5 s without a keystroke, 'active' on send or when the text is
 * cleared. Nothing is sent twice in a row except a repeated 'composing' after the interval.
 */
export class ChatStateNotifier {
  private last: ChatState = 'active';
  private lastComposingAt = -Infinity;
  private idle: unknown = null;

  constructor(
    private readonly send: (state: ChatState) => void,
    private readonly clock: NotifierClock = realClock,
  ) {}

  /** The user changed the text. */
  input(text: string): void {
    if (text.length === 0) {
      this.becomeActive();
      return;
    }
    const now = this.clock.now();
    if (this.last !== 'composing' || now - this.lastComposingAt >= COMPOSING_INTERVAL_MS) {
      this.emit('composing');
      this.lastComposingAt = now;
    }
    this.armIdle();
  }

  /** The message was sent. */
  sent(): void {
    this.becomeActive();
  }

  /** The composer goes away (conversation switched): do not leave the peer seeing "typing". */
  dispose(): void {
    this.clearIdle();
    if (this.last === 'composing' || this.last === 'paused') this.emit('active');
  }

  private becomeActive(): void {
    this.clearIdle();
    if (this.last !== 'active') this.emit('active');
  }

  private armIdle(): void {
    this.clearIdle();
    this.idle = this.clock.setTimeout(() => {
      this.idle = null;
      if (this.last === 'composing') this.emit('paused');
    }, PAUSED_AFTER_MS);
  }

  private clearIdle(): void {
    if (this.idle !== null) this.clock.clearTimeout(this.idle);
    this.idle = null;
  }

  private emit(state: ChatState): void {
    this.last = state;
    this.send(state);
  }
}
