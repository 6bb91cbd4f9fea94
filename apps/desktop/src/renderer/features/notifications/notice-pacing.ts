import type { MessageNotice, NoticeSink } from './message-notifier';

/**
 * Least time between two notices of one conversation. A catch-up after a short time offline
 * brings its messages by the hundred, still fresh enough to notify about: the system would get
 * a notice per message (each replacing the last: the same tag), and the window the cost of
 * making each (bench/omemo-frames: ~1.8 s of the main thread for 10,000).
 */
export const NOTICE_GAP_MS = 3_000;

interface Waiting {
  notice: MessageNotice;
  onClick: () => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * A sink that shows a conversation's notice at once when it has had none for `gapMs`, and
 * otherwise keeps only its newest until the gap is over, then shows that one: the user is told
 * of the burst at once and of its newest message at the end, never of each message.
 */
export function pacedNotices(
  sink: NoticeSink,
  gapMs = NOTICE_GAP_MS,
  now: () => number = Date.now,
): NoticeSink {
  const shownAt = new Map<string, number>();
  const waiting = new Map<string, Waiting>();
  const show = (notice: MessageNotice, onClick: () => void): void => {
    shownAt.set(notice.tag, now());
    sink(notice, onClick);
  };
  return (notice, onClick) => {
    const pending = waiting.get(notice.tag);
    if (pending) {
      pending.notice = notice;
      pending.onClick = onClick;
      return;
    }
    const since = now() - (shownAt.get(notice.tag) ?? -Infinity);
    if (since >= gapMs) {
      show(notice, onClick);
      return;
    }
    const entry: Waiting = {
      notice,
      onClick,
      timer: setTimeout(() => {
        waiting.delete(notice.tag);
        show(entry.notice, entry.onClick);
      }, gapMs - since),
    };
    waiting.set(notice.tag, entry);
  };
}

/** `sound` at most once per `gapMs`: a burst chimes once. */
export function pacedSound(
  sound: () => void,
  gapMs = NOTICE_GAP_MS,
  now: () => number = Date.now,
): () => void {
  let last = -Infinity;
  return () => {
    if (now() - last < gapMs) return;
    last = now();
    sound();
  };
}
