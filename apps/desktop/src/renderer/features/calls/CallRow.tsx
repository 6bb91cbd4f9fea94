import type { CallLog, Message } from '@parley/contract';
import type { TFunction } from 'i18next';
import { memo } from 'react';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { ClockTime } from '../../ui/ClockTime';
import { formatDuration } from './duration';

/** What a call row says, from the side whose timeline it is in. */
function callText(t: TFunction, log: CallLog, incoming: boolean): string {
  const duration = formatDuration(log.durationMs ?? 0);
  switch (log.outcome) {
    case 'answered':
      return incoming
        ? t('Incoming call, {{duration}}', { duration })
        : t('Outgoing call, {{duration}}', { duration });
    case 'declined':
      return incoming ? t('You declined the call') : t('Call declined');
    case 'cancelled':
      // The caller gave up: for the callee that is a call they missed.
      return incoming ? t('Missed call') : t('Cancelled call');
    case 'missed':
      return incoming ? t('Missed call') : t('No answer');
    default:
      return t('Call failed');
  }
}

/** A call in the timeline (message.call): missed, declined, or answered and how long. */
export const CallRow = memo(function CallRow({ message }: { message: Message }) {
  const { t } = useT('calls');
  const log = message.call;
  if (!log) return null;
  const incoming = message.direction === 'in';
  const video = log.media.includes('video');
  const missed = incoming && (log.outcome === 'missed' || log.outcome === 'cancelled');
  return (
    <div
      className={`call-row${missed ? ' call-row-missed' : ''}`}
      data-testid="call-row"
      data-outcome={log.outcome}
      data-direction={message.direction}
    >
      <Icon name={video ? 'video' : 'phone'} size={15} />
      <span>
        {callText(t, log, incoming)}
        {video && <span className="muted"> · {t('video')}</span>}
      </span>
      <ClockTime at={message.timestamp} />
    </div>
  );
});
