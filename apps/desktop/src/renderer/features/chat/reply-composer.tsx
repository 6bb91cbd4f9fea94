import type { Message } from '@parley/contract';
import type { KeyboardEvent } from 'react';
import { Icon } from '../../ui/Icon';
import { displayNick } from '../rooms/nick';
import { chatKey } from '../ui/store';
import { replyPreview, useReplies } from './reply-store';

/** Who the answered message is from, as the composer names them. */
export function replyAuthor(message: Message, peerName: string, room: boolean): string {
  if (message.direction === 'out') return 'yourself';
  if (room && message.resource) return displayNick(message.resource);
  return peerName;
}

/**
 * The composer's reply mode (XEP-0461): set from a message's menu or its R key; the next send
 * answers that message. Esc or × leaves it. While replying, Up does not start a correction:
 * the two modes never mix (Esc first, then Up).
 */
export function useReplyMode(accountId: string, peer: string) {
  const key = chatKey(accountId, peer);
  const replying = useReplies((s) => s.replying[key] ?? null);
  const cancel = (): void => useReplies.getState().stopReply(key);

  /** True when the key was ours (the composer then does nothing else with it). */
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>, draft: string): boolean => {
    if (!replying || event.nativeEvent.isComposing) return false;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return false;
    if (event.key === 'Escape') {
      event.preventDefault();
      cancel();
      return true;
    }
    return event.key === 'ArrowUp' && draft === '';
  };

  return { replying, cancel, onKeyDown };
}

/** "Replying to <author>: <preview>" above the composer, with × to cancel. */
export function ReplyBanner({
  message,
  author,
  onCancel,
}: {
  message: Message;
  author: string;
  onCancel(): void;
}) {
  return (
    <div className="composer-replying small" data-testid="composer-replying">
      <span className="composer-replying-text">
        Replying to <bdi className="reply-author">{author}</bdi>:{' '}
        <span className="reply-preview">{replyPreview(message)}</span>
      </span>
      <button
        type="button"
        className="icon-button composer-replying-cancel"
        aria-label="Cancel reply"
        title="Cancel reply (Esc)"
        data-testid="composer-reply-cancel"
        onClick={onCancel}
      >
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}
