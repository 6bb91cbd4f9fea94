import { useEffect } from 'react';
import { Avatar } from '../../ui/Avatar';
import { displayName, SHOW_LABEL } from '../../ui/names';
import { useAccount, useAccounts } from '../accounts/store';
import { useConversations } from '../conversations/store';
import { useContact } from '../roster/store';
import { chatKey, useUi } from '../ui/store';
import { loadLatest, markRead } from './actions';
import { Composer } from './Composer';
import { useChat, useTimeline } from './store';
import { Timeline } from './Timeline';

interface ChatViewProps {
  accountId: string;
  peer: string;
}

/** The open conversation: header, timeline, typing note, composer. */
export function ChatView({ accountId, peer }: ChatViewProps) {
  const key = chatKey(accountId, peer);
  const timeline = useTimeline(key);
  const contact = useContact(accountId, peer);
  const conversation = useConversations((s) => s.byKey.get(key));
  const account = useAccount(accountId);
  const manyAccounts = useAccounts((s) => s.accounts.length > 1);
  const typing = useChat((s) => s.typing[key]);
  const visible = useUi((s) => s.visible);
  const name = displayName(contact?.name || conversation?.name, peer);
  const show = contact?.show ?? 'offline';
  const unread = conversation?.unread ?? 0;

  useEffect(() => {
    if (!timeline.ready && !timeline.loading && !timeline.error) void loadLatest(accountId, peer);
  }, [accountId, peer, timeline.ready, timeline.loading, timeline.error]);

  useEffect(() => {
    if (visible && unread > 0) markRead(accountId, peer);
  }, [accountId, peer, visible, unread]);

  return (
    <section
      className="chat"
      aria-label={`Conversation with ${name}`}
      data-testid="chat-view"
      data-peer={peer}
    >
      <header className="chat-header" data-testid="chat-header">
        <Avatar jid={peer} label={name} show={contact ? show : undefined} />
        <div className="chat-header-text">
          <h1 className="chat-title">{name}</h1>
          <p className="chat-subtitle">
            {contact ? (
              <>
                {SHOW_LABEL[show]}
                {contact.status && ` — ${contact.status}`}
                <span className="muted"> · {peer}</span>
              </>
            ) : (
              <span className="muted">{peer} · not in your contacts</span>
            )}
            {manyAccounts && account && <span className="muted"> · via {account.jid}</span>}
          </p>
        </div>
      </header>
      <div className="chat-body">
        {timeline.ready ? (
          <Timeline accountId={accountId} peer={peer} timeline={timeline} />
        ) : timeline.error ? (
          <div className="timeline-empty">
            <p className="form-error">{timeline.error}</p>
            <button
              type="button"
              className="button"
              onClick={() => void loadLatest(accountId, peer)}
            >
              Retry
            </button>
          </div>
        ) : (
          <div className="timeline-empty" role="status">
            <span className="spinner" aria-hidden="true" /> Loading messages…
          </div>
        )}
      </div>
      <div className="typing-line" aria-live="polite">
        {typing === 'composing' && (
          <span data-testid="typing-indicator">
            <span className="typing-dots" aria-hidden="true">
              <span />
              <span />
              <span />
            </span>
            {name} is typing…
          </span>
        )}
      </div>
      <Composer
        key={key}
        accountId={accountId}
        peer={peer}
        peerName={name}
        online={account?.state === 'online'}
      />
    </section>
  );
}
