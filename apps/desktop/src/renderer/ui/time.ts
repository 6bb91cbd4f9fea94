const pad = (n: number): string => String(n).padStart(2, '0');

/** HH:MM, 24-hour, local time. */
export function formatClock(ts: number): string {
  const d = new Date(ts);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * Formatters made once: `toLocaleString(undefined, options)` builds one per call, which costs
 * ~0.1 ms, and every message row on screen formats its time on each render (a catch-up renders
 * the timeline every frame).
 */
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });
const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
});
const dayWithYearFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const weekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const shortDateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

/** Full local date and time, for hover titles. */
export function formatFull(ts: number): string {
  return fullFormat.format(ts);
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
  return (sameYear ? dayFormat : dayWithYearFormat).format(ts);
}

/** Compact time for lists: HH:MM today, "Yesterday", weekday this week, else a short date. */
export function listTime(ts: number, now: number = Date.now()): string {
  if (sameDay(ts, now)) return formatClock(ts);
  const label = dayLabel(ts, now);
  if (label === 'Yesterday') return label;
  if (now - ts < 6 * 86_400_000 && ts < now) {
    return weekdayFormat.format(ts);
  }
  return shortDateFormat.format(ts);
}
