import type { MessageStatus } from '@parley/contract';
import { Icon } from '../../ui/Icon';

const LABEL: Record<MessageStatus, string> = {
  pending: 'Sending…',
  sent: 'Sent',
  acked: 'Received by the server',
  delivered: 'Delivered',
  received: 'Delivered',
  failed: 'Failed to send',
};

/** Outgoing message state: clock, ✓ sent, ✓ acked by the server, ✓✓ delivered, ⚠ failed. */
export function StatusTick({ status }: { status: MessageStatus }) {
  const label = LABEL[status];
  let mark;
  switch (status) {
    case 'pending':
      mark = <Icon name="clock" size={12} />;
      break;
    case 'sent':
    case 'acked':
      mark = <span aria-hidden="true">✓</span>;
      break;
    case 'delivered':
    case 'received':
      mark = <span aria-hidden="true">✓✓</span>;
      break;
    case 'failed':
      mark = (
        <>
          <Icon name="warning" size={13} /> Failed
        </>
      );
      break;
  }
  return (
    <span
      className={`tick tick-${status}`}
      title={label}
      aria-label={label}
      role="img"
      data-testid="message-status"
    >
      {mark}
    </span>
  );
}
