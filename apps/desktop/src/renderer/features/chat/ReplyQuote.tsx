import type { Message } from '@parley/contract';
import { useState } from 'react';
import { useT } from '../../i18n';
import { useAccount } from '../accounts/store';
import { openMessage } from '../search/open-message';
import { chatKey } from '../ui/store';
import { useChat, type Timeline } from './store';

type ReplyTo = NonNullable<Message['replyTo']>;

/**
 * Whether the answered message can be shown: we have it and it was not deleted. The backend
 * names it by id when stored; a deleted one keeps its id but has no text left.
 */
function originalState(timeline: Timeline | undefined, replyTo: ReplyTo) {
  if (!replyTo.id) return 'unknown' as const;
  const original = timeline?.messages.find((m) => m.id === replyTo.id);
  if (original?.retracted || (!original && replyTo.preview === '')) return 'deleted' as const;
  return 'linked' as const;
}

/**
 * XEP-0461: the quoted message above a reply. A click scrolls to the original, paging in the
 * history between it and what is loaded first (as a search hit does). An original we do not
 * have, or one deleted since, is said so and is not a link.
 */
export function ReplyQuote({
  replyTo,
  accountId,
  peer,
}: {
  replyTo: ReplyTo;
  accountId: string;
  peer: string;
}) {
  const { t } = useT('chat');
  const state = useChat((s) => originalState(s.timelines[chatKey(accountId, peer)], replyTo));
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The backend names us by our address; "You" reads better above our own words.
  const own = useAccount(accountId)?.jid === replyTo.author;
  const author = <bdi className="reply-author">{own ? t('You') : replyTo.author}</bdi>;

  if (state !== 'linked') {
    const why =
      state === 'deleted'
        ? t('The original message was deleted')
        : t('The original message is not here');
    return (
      <div className="reply-quote unlinked" data-testid="reply-quote" data-state={state}>
        {author}
        <span className="reply-preview">{replyTo.preview || why}</span>
        {replyTo.preview && <span className="reply-note small">{why}</span>}
      </div>
    );
  }

  const jump = (): void => {
    if (!replyTo.id || busy) return;
    setBusy(true);
    setProblem(null);
    void openMessage(accountId, peer, replyTo.id).then((error) => {
      setBusy(false);
      setProblem(error);
    });
  };
  return (
    <>
      <button
        type="button"
        className="reply-quote"
        data-testid="reply-quote"
        data-state={state}
        title={t('Show the original message')}
        aria-busy={busy}
        onClick={jump}
      >
        {author}
        <span className="reply-preview">{replyTo.preview}</span>
      </button>
      {problem && (
        <span className="reply-note small form-error" role="alert" data-testid="reply-quote-error">
          {t('The original message could not be shown: {{problem}}', { problem })}
        </span>
      )}
    </>
  );
}
