import type { Message } from '@parley/contract';
import { memo, useState } from 'react';
import { errorText } from '../../app/client';
import { tFor, useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { FileCard } from '../files/FileCard';
import { LinkPreviewCard } from '../links/LinkPreviewCard';
import { ClockTime } from '../../ui/ClockTime';
import { displayNick, nickStyle } from '../rooms/nick';
import { useEdits } from './edits-store';
import { retryMessage } from './actions';
import { MessageBody } from './MessageBody';
import { DecryptErrorNote, EncryptionMark } from './EncryptionNote';
import { MessageMenu } from './MessageMenu';
import { StatusTick } from './StatusTick';
import { tombstoneText } from './tombstone';
import { MessageReactions } from './MessageReactions';
import { ReplyQuote } from './ReplyQuote';
import { useSearchUi } from '../search/store';
import { backendTextWords } from '../../i18n/backend-texts';

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

/** "Not sent." and why; a reason that says "Not sent: …" itself (OMEMO's) is shown as it is. */
function notSentText(message: Message): string {
  // A reason the backend sent as a text is shown in the user's language; OMEMO's say
  // "Not sent: …" themselves, in any language.
  const words = message.errorText ? backendTextWords(message.errorText) : null;
  if (words && message.errorText?.id.startsWith('omemo.not-sent')) return words;
  const error = words ?? message.error;
  if (error && /^not sent\b/iu.test(error)) return error;
  const t = tFor('chat');
  return t('Not sent. {{error}}', { error: error ?? '' });
}

/** Under a message of ours that failed: why (when known) and Retry. */
function FailedNote({ message }: { message: Message }) {
  const { t } = useT('chat');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const retry = (): void => {
    setBusy(true);
    setProblem(null);
    retryMessage(message.accountId, message.peer, message.id)
      .catch((e: unknown) => setProblem(errorText(e)))
      .finally(() => setBusy(false));
  };
  return (
    <div className="message-error" data-testid="message-error">
      <Icon name="warning" size={13} />
      <span className="message-error-text">
        {notSentText(message)}
        {problem && <> {t('Retry failed: {{problem}}', { problem })}</>}
      </span>
      <button
        type="button"
        className="link-button message-retry"
        data-testid="message-retry"
        disabled={busy}
        onClick={retry}
      >
        {t('Retry')}
      </button>
    </div>
  );
}

export const MessageBubble = memo(function MessageBubble({
  message,
  continued,
  sender = null,
  mention = false,
  onNick,
  actor,
}: MessageBubbleProps) {
  const { t } = useT('chat');
  const out = message.direction === 'out';
  // Brought into view by a search hit or a reply's quote: marked for a moment.
  const marked = useSearchUi((s) => s.marked === message.id);
  const showSender = sender !== null && !continued;
  const { attachment, retracted } = message;
  // The body of a file message is its URL for older clients: the card stands for it.
  const bodyShown = !attachment || message.body.trim() !== attachment.url;
  return (
    <div
      className={`message-row ${out ? 'out' : 'in'}${continued ? ' continued' : ''}${message.fromOtherDevice ? ' other-device' : ''}`}
    >
      <MessageMenu message={message}>
        <div
          className={`bubble${retracted ? ' retracted' : ''}${message.status === 'failed' ? ' failed' : ''}${mention ? ' mention' : ''}${attachment ? ' has-file' : ''}`}
          data-testid="message"
          data-id={message.id}
          data-direction={message.direction}
          data-status={message.status}
          data-other-device={message.fromOtherDevice || undefined}
          data-mention={mention || undefined}
          data-search-focus={marked || undefined}
        >
          {showSender && (
            <button
              type="button"
              className="message-sender"
              data-testid="message-sender"
              style={nickStyle(sender)}
              title={t('{{nick}} — click to address them', { nick: displayNick(sender) })}
              onClick={() => onNick?.(sender)}
            >
              <bdi className="nick">{displayNick(sender)}</bdi>
            </button>
          )}
          {message.replyTo && !retracted && (
            <ReplyQuote
              replyTo={message.replyTo}
              accountId={message.accountId}
              peer={message.peer}
            />
          )}
          {retracted ? (
            <p className="tombstone" data-testid="tombstone">
              {tombstoneText(retracted)}
            </p>
          ) : (
            <>
              {attachment && <FileCard message={message} attachment={attachment} />}
              <DecryptErrorNote message={message} from={sender ? displayNick(sender) : undefined} />
              {bodyShown && !message.decryptError && (
                <MessageBody
                  body={message.body}
                  accountId={message.accountId}
                  actor={actor}
                  unstyled={message.unstyled ?? false}
                />
              )}
              {!message.decryptError && <LinkPreviewCard message={message} />}
            </>
          )}
          <span className="bubble-meta">
            <EncryptionMark message={message} />
            {message.edited && !retracted && (
              <button
                type="button"
                className="edited-mark"
                data-testid="edited-mark"
                title={t('Edited: show the history')}
                onClick={() => useEdits.getState().openDialog({ kind: 'history', message })}
              >
                {t('edited')}
              </button>
            )}
            {message.fromOtherDevice && (
              <span
                className="other-device-mark"
                title={
                  message.resource
                    ? t('Sent from your other device ({{resource}})', {
                        resource: message.resource,
                      })
                    : t('Sent from your other device')
                }
              >
                <Icon name="devices" size={12} />
                <span className="visually-hidden">{t('Sent from your other device')}</span>
              </span>
            )}
            <ClockTime at={message.timestamp} />
            {out && <StatusTick status={message.status} displayed={message.displayed === true} />}
          </span>
          {!retracted && <MessageReactions message={message} />}
          {out && !message.fromOtherDevice && message.status === 'failed' && (
            <FailedNote message={message} />
          )}
        </div>
      </MessageMenu>
    </div>
  );
});
