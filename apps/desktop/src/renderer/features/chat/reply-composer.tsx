import type { Message } from '@parley/contract';
import type { KeyboardEvent } from 'react';
import { Trans } from 'react-i18next';
import { tFor, useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { displayNick } from '../rooms/nick';
import { chatKey } from '../ui/store';
import { replyPreview, useReplies } from './reply-store';

/** Who the answered message is from, as the composer names them. */
export function replyAuthor(message: Message, peerName: string, room: boolean): string {
  const t = tFor('chat');
  if (message.direction === 'out') return t('yourself');
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
  const { t } = useT('chat');
  return (
    <div className="composer-replying small" data-testid="composer-replying">
      <span className="composer-replying-text">
        <Trans
          t={t}
          i18nKey="Replying to <author>{{author}}</author>: <preview>{{preview}}</preview>"
          values={{ author, preview: replyPreview(message) }}
          components={{
            author: <bdi className="reply-author" />,
            preview: <span className="reply-preview" />,
          }}
        />
      </span>
      <button
        type="button"
        className="icon-button composer-replying-cancel"
        aria-label={t('Cancel reply')}
        title={t('Cancel reply (Esc)')}
        data-testid="composer-reply-cancel"
        onClick={onCancel}
      >
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}
