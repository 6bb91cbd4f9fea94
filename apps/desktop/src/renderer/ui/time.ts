import { dateFormat } from '../i18n/format';
import { tFor } from '../i18n';

const t = tFor('common');

/** HH:MM, 24-hour, local time, in the language's digits. */
export function formatClock(ts: number): string {
  return dateFormat({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ts);
}

/** Full local date and time, for hover titles. */
export function formatFull(ts: number): string {
  return dateFormat({ dateStyle: 'full', timeStyle: 'medium' }).format(ts);
}

function startOfDay(ts: number): number {
  const d = new Date(ts);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

function isYesterday(ts: number, now: number): boolean {
  const yesterday = new Date(startOfDay(now));
  yesterday.setDate(yesterday.getDate() - 1);
  return startOfDay(ts) === yesterday.getTime();
}

export function sameDay(a: number, b: number): boolean {
  return startOfDay(a) === startOfDay(b);
}

/** "Today", "Yesterday", else a date (with the year when not this year). */
export function dayLabel(ts: number, now: number = Date.now()): string {
  const day = startOfDay(ts);
  const today = startOfDay(now);
  if (day === today) return t('Today');
  if (isYesterday(ts, now)) return t('Yesterday');
  const sameYear = new Date(ts).getFullYear() === new Date(now).getFullYear();
  return dateFormat(
    sameYear
      ? { weekday: 'long', day: 'numeric', month: 'long' }
      : { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
  ).format(ts);
}

/** Compact time for lists: HH:MM today, "Yesterday", weekday this week, else a short date. */
export function listTime(ts: number, now: number = Date.now()): string {
  if (sameDay(ts, now)) return formatClock(ts);
  if (isYesterday(ts, now)) return t('Yesterday');
  if (now - ts < 6 * 86_400_000 && ts < now) {
    return dateFormat({ weekday: 'short' }).format(ts);
  }
  return dateFormat({ day: 'numeric', month: 'short' }).format(ts);
}
