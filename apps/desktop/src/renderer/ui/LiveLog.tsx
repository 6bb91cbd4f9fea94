import type { Announcement } from './live-announcements';

/**
 * A polite live log, visible only to screen readers: each line added is read once, in order,
 * without interrupting. It stays mounted (a live region that appears with its content is
 * often not read at all).
 */
export function LiveLog({ label, lines }: { label: string; lines: readonly Announcement[] }) {
  return (
    <div
      className="visually-hidden"
      role="log"
      aria-live="polite"
      aria-relevant="additions"
      aria-label={label}
      data-testid="live-log"
    >
      {lines.map((line) => (
        <p key={line.id}>{line.text}</p>
      ))}
    </div>
  );
}
