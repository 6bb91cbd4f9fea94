const pad = (n: number): string => String(n).padStart(2, '0');

/** HH:MM, 24-hour, local time. */
export function formatClock(ts: number): string {
  const d = new Date(ts);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Full local date and time, for hover titles. */
export function formatFull(ts: number): string {
  return new Date(ts).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'medium' });
}

function startOfDay(ts: number): number {
  const d = new Date(ts);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export function sameDay(a: number, b: number): boolean {
  return startOfDay(a) === startOfDay(b);
}

/** "Today", "Yesterday", else a date (with the year when not this year). */
export function dayLabel(ts: number, now: number = Date.now()): string {
  const day = startOfDay(ts);
  const today = startOfDay(now);
  if (day === today) return 'Today';
  const yesterday = new Date(today);
  yesterday.setDate(yesterday.getDate() - 1);
  if (day === yesterday.getTime()) return 'Yesterday';
  const sameYear = new Date(ts).getFullYear() === new Date(now).getFullYear();
  return new Date(ts).toLocaleDateString(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
}

/** Compact time for lists: HH:MM today, "Yesterday", weekday this week, else a short date. */
export function listTime(ts: number, now: number = Date.now()): string {
  if (sameDay(ts, now)) return formatClock(ts);
  const label = dayLabel(ts, now);
  if (label === 'Yesterday') return label;
  if (now - ts < 6 * 86_400_000 && ts < now) {
    return new Date(ts).toLocaleDateString(undefined, { weekday: 'short' });
  }
  return new Date(ts).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}
