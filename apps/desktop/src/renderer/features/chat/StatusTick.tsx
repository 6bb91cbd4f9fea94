import type { MessageStatus } from '@parley/contract';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';

/** What the mark next to one of our messages says, from least to most done. */
export type DeliveryMark = 'sending' | 'sent' | 'delivered' | 'seen' | 'failed';

/**
 * The one mark a message shows. Dino's convention (Conversations' is the same): nothing once it
 * has left (only a clock before), ✓ once the peer's client confirmed it (XEP-0184, or the room
 * echoed it), ✓✓ once the peer displayed it (XEP-0333). Seen replaces delivered: never two marks.
 */
export function deliveryMark(status: MessageStatus, displayed: boolean): DeliveryMark {
  if (status === 'failed') return 'failed';
  if (displayed) return 'seen';
  if (status === 'delivered' || status === 'received') return 'delivered';
  return status === 'pending' ? 'sending' : 'sent';
}

/** Outgoing message state: clock while sending, ✓ delivered, ✓✓ seen, ⚠ failed. */
export function StatusTick({ status, displayed }: { status: MessageStatus; displayed: boolean }) {
  const { t } = useT('chat');
  const state = deliveryMark(status, displayed);
  // Each label written out, so extraction finds it.
  const labels: Record<DeliveryMark, string> = {
    sending: t('Sending…'),
    sent: t('Sent'),
    delivered: t('Delivered'),
    seen: t('Seen'),
    failed: t('Failed to send'),
  };
  const label = labels[state];
  let mark;
  switch (state) {
    case 'sending':
      mark = <Icon name="clock" size={12} />;
      break;
    case 'sent':
      mark = null; // As Dino and Conversations: a message that left needs no mark.
      break;
    case 'delivered':
      mark = <span aria-hidden="true">✓</span>;
      break;
    case 'seen':
      mark = <span aria-hidden="true">✓✓</span>;
      break;
    case 'failed':
      mark = (
        <>
          <Icon name="warning" size={13} /> {t('Failed')}
        </>
      );
      break;
  }
  return (
    <span
      className={`tick tick-${state}`}
      title={label}
      aria-label={label}
      role="img"
      data-testid="message-status"
      data-mark={state}
    >
      {mark}
    </span>
  );
}
