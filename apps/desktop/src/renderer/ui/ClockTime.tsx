import { formatClock, formatFull } from './time';

/** The time of day of a timeline entry; the full date and time on hover. */
export function ClockTime({ at }: { at: number }) {
  return (
    <time dateTime={new Date(at).toISOString()} title={formatFull(at)}>
      {formatClock(at)}
    </time>
  );
}
