import type { Message } from '@parley/contract';
import { memo } from 'react';
import { Icon } from '../../ui/Icon';
import { formatClock, formatFull } from '../../ui/time';
import { MessageBody } from './MessageBody';
import { StatusTick } from './StatusTick';

interface MessageBubbleProps {
  message: Message;
  /** Follows a message of the same sender within minutes: tighter spacing. */
  continued: boolean;
}

export const MessageBubble = memo(function MessageBubble({
  message,
  continued,
}: MessageBubbleProps) {
  const out = message.direction === 'out';
  return (
    <div
      className={`message-row ${out ? 'out' : 'in'}${continued ? ' continued' : ''}${message.fromOtherDevice ? ' other-device' : ''}`}
    >
      <div
        className={`bubble${message.status === 'failed' ? ' failed' : ''}`}
        data-testid="message"
        data-id={message.id}
        data-direction={message.direction}
        data-status={message.status}
        data-other-device={message.fromOtherDevice || undefined}
      >
        <MessageBody body={message.body} />
        <span className="bubble-meta">
          {message.fromOtherDevice && (
            <span
              className="other-device-mark"
              title={`Sent from your other device${message.resource ? ` (${message.resource})` : ''}`}
            >
              <Icon name="devices" size={12} />
              <span className="visually-hidden">Sent from your other device</span>
            </span>
          )}
          <time
            dateTime={new Date(message.timestamp).toISOString()}
            title={formatFull(message.timestamp)}
          >
            {formatClock(message.timestamp)}
          </time>
          {out && <StatusTick status={message.status} />}
        </span>
      </div>
    </div>
  );
});
