import type { Message } from '@parley/contract';
import { memo } from 'react';
import { Icon } from '../../ui/Icon';
import { FileCard } from '../files/FileCard';
import { formatClock, formatFull } from '../../ui/time';
import { displayNick, nickStyle } from '../rooms/nick';
import { MessageBody } from './MessageBody';
import { StatusTick } from './StatusTick';
import { MessageReactions } from './MessageReactions';
import { ReplyQuote } from './ReplyQuote';

interface MessageBubbleProps {
  message: Message;
  /** Follows a message of the same sender within minutes: tighter spacing. */
  continued: boolean;
  /** In a room: the sender's nick, shown above the first message of a run. */
  sender?: string | null;
  /** In a room: the message names our nick. */
  mention?: boolean;
  /** In a room: clicking the nick (e.g. to address them in the composer). */
  onNick?(nick: string): void;
  /** The sender's name for a "/me" action: the nick in a room, the contact's or our own name. */
  actor: string;
}

export const MessageBubble = memo(function MessageBubble({
  message,
  continued,
  sender = null,
  mention = false,
  onNick,
  actor,
}: MessageBubbleProps) {
  const out = message.direction === 'out';
  const showSender = sender !== null && !continued;
  const { attachment } = message;
  // The body of a file message is its URL for older clients: the card stands for it.
  const bodyShown = !attachment || message.body.trim() !== attachment.url;
  return (
    <div
      className={`message-row ${out ? 'out' : 'in'}${continued ? ' continued' : ''}${message.fromOtherDevice ? ' other-device' : ''}`}
    >
      <div
        className={`bubble${message.status === 'failed' ? ' failed' : ''}${mention ? ' mention' : ''}${attachment ? ' has-file' : ''}`}
        data-testid="message"
        data-id={message.id}
        data-direction={message.direction}
        data-status={message.status}
        data-other-device={message.fromOtherDevice || undefined}
        data-mention={mention || undefined}
      >
        {showSender && (
          <button
            type="button"
            className="message-sender"
            data-testid="message-sender"
            style={nickStyle(sender)}
            title={`${displayNick(sender)} — click to address them`}
            onClick={() => onNick?.(sender)}
          >
            <bdi className="nick">{displayNick(sender)}</bdi>
          </button>
        )}
        {message.replyTo && <ReplyQuote replyTo={message.replyTo} />}
        {attachment && <FileCard message={message} attachment={attachment} />}
        {bodyShown && (
          <MessageBody body={message.body} accountId={message.accountId} actor={actor} />
        )}
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
          {out && message.displayed && (
            <span className="seen-mark" data-testid="seen" title="Seen">
              ✓✓<span className="visually-hidden">Seen</span>
            </span>
          )}
        </span>
        <MessageReactions message={message} />
      </div>
    </div>
  );
});
