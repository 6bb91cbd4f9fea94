import type { Conversation } from '@parley/contract';
import { memo, useMemo } from 'react';
import { Virtuoso } from 'react-virtuoso';
import { errorText } from '../../app/client';
import { Avatar } from '../../ui/Avatar';
import { displayName } from '../../ui/names';
import { listTime, formatFull } from '../../ui/time';
import { useAccounts } from '../accounts/store';
import { openChat } from '../chat/actions';
import { useRoster } from '../roster/store';
import { sameChat, useUi } from '../ui/store';
import { sortConversations, useConversations } from './store';

/** One line of the last message: whitespace collapsed, never markup. */
function preview(conversation: Conversation): string {
  const last = conversation.lastMessage;
  if (!last) return 'No messages yet';
  const text = last.body.replace(/\s+/gu, ' ').trim().slice(0, 160);
  return last.direction === 'out' ? `You: ${text}` : text;
}

const ConversationItem = memo(function ConversationItem({
  conversation,
  selected,
  accountJid,
}: {
  conversation: Conversation;
  selected: boolean;
  accountJid: string | null;
}) {
  const show = useRoster((s) => s.byAccount[conversation.accountId]?.get(conversation.peer)?.show);
  const name = displayName(conversation.name, conversation.peer);
  const time = conversation.lastMessage?.timestamp ?? conversation.updatedAt;
  const unread = conversation.unread;
  return (
    <button
      type="button"
      className={`conversation-item${selected ? ' selected' : ''}${unread > 0 ? ' unread' : ''}`}
      aria-current={selected ? 'true' : undefined}
      data-testid={`conversation-${conversation.peer}`}
      data-account-id={conversation.accountId}
      data-unread={unread}
      onClick={() =>
        openChat(conversation.accountId, conversation.peer).catch((e: unknown) =>
          console.warn('conversations.open failed', errorText(e)),
        )
      }
    >
      <Avatar jid={conversation.peer} label={name} show={show} />
      <span className="conversation-text">
        <span className="conversation-top">
          <span className="conversation-name">{name}</span>
          <time
            className="conversation-time"
            dateTime={new Date(time).toISOString()}
            title={formatFull(time)}
          >
            {listTime(time)}
          </time>
        </span>
        <span className="conversation-bottom">
          <span className="conversation-preview">{preview(conversation)}</span>
          {unread > 0 && (
            <span
              className="unread-badge"
              data-testid="unread-badge"
              aria-label={`${unread} unread`}
            >
              {unread > 999 ? '999+' : unread}
            </span>
          )}
        </span>
        {accountJid && <span className="conversation-account">via {accountJid}</span>}
      </span>
    </button>
  );
});

/** All accounts' conversations, most recent first. */
export function ConversationList() {
  const byKey = useConversations((s) => s.byKey);
  const openChatRef = useUi((s) => s.openChat);
  const accounts = useAccounts((s) => s.accounts);
  const list = useMemo(() => sortConversations(byKey), [byKey]);
  const accountJids = useMemo(() => new Map(accounts.map((a) => [a.id, a.jid])), [accounts]);
  const many = accounts.length > 1;

  if (list.length === 0) {
    return (
      <p className="empty-note" data-testid="conversations-empty">
        No conversations yet. Open the Contacts tab to start one.
      </p>
    );
  }
  return (
    <Virtuoso
      className="conversation-list"
      data-testid="conversation-list"
      data={list}
      computeItemKey={(_, c) => `${c.accountId}\u0000${c.peer}`}
      itemContent={(_, c) => (
        <ConversationItem
          conversation={c}
          selected={sameChat(openChatRef, c.accountId, c.peer)}
          accountJid={many ? (accountJids.get(c.accountId) ?? null) : null}
        />
      )}
    />
  );
}
