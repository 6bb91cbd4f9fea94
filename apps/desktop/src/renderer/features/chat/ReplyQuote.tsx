import type { Message } from '@parley/contract';

/** XEP-0461: the quoted message above a reply; a click scrolls to the original when shown. */
export function ReplyQuote({ replyTo }: { replyTo: NonNullable<Message['replyTo']> }) {
  const jump = () => {
    if (!replyTo.id) return;
    const target = document.querySelector(`[data-id="${CSS.escape(replyTo.id)}"]`);
    target?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    target?.classList.add('flash');
    setTimeout(() => target?.classList.remove('flash'), 1500);
  };
  return (
    <button
      type="button"
      className="reply-quote"
      data-testid="reply-quote"
      disabled={!replyTo.id}
      title={replyTo.id ? 'Show the original message' : 'The original message is not here'}
      onClick={jump}
    >
      <bdi className="reply-author">{replyTo.author}</bdi>
      <span className="reply-preview">{replyTo.preview}</span>
    </button>
  );
}
