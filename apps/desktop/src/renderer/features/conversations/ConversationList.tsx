import type { AccountColor, Conversation } from '@parley/contract';
import { memo, useCallback, useMemo, useRef } from 'react';
import { Trans } from 'react-i18next';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import { useShallow } from 'zustand/react/shallow';
import { errorText } from '../../app/client';
import { useNav } from '../../app/shortcuts/store';
import { presenceWords } from '../../ui/accessible-names';
import { tFor, useT } from '../../i18n';
import { Avatar } from '../../ui/Avatar';
import { ListScroller } from '../../ui/ListScroller';
import { displayName, peerName } from '../../ui/names';
import { listTime, formatFull } from '../../ui/time';
import { listComponents } from '../../ui/virtual-list';
import { useListNavigation } from '../../ui/useListNavigation';
import { AccountColorMark } from '../accounts/AccountColor';
import { useAccounts } from '../accounts/store';
import { openChat } from '../chat/actions';
import { displayNick, splitOccupantJid } from '../rooms/nick';
import { RoomAvatar } from '../rooms/RoomAvatar';
import { useRooms } from '../rooms/store';
import { useRoster } from '../roster/store';
import { chatKey, sameChat, useUi } from '../ui/store';
import { conversationPreview } from './conversation-preview';
import { conversationOrder } from './order';
import { useConversations } from './store';

/** A private chat's title: "nick (in Room)", both isolated (they come from the network). */
function PrivateTitle({ accountId, peer }: { accountId: string; peer: string }) {
  const { t } = useT('conversations');
  const parts = splitOccupantJid(peer);
  const roomName = useRooms((s) =>
    parts ? s.rooms.get(chatKey(accountId, parts.room))?.name : undefined,
  );
  if (!parts) return <>{peer}</>;
  // Both names isolated (they come from the network); a language may reorder them.
  return (
    <Trans
      t={t}
      ns="conversations"
      i18nKey="<0>{{nick}}</0> (in <1>{{room}}</1>)"
      values={{ nick: displayNick(parts.nick), room: displayName(roomName, parts.room) }}
      components={[<bdi key="nick" />, <bdi key="room" />]}
    />
  );
}

const ConversationItem = memo(function ConversationItem({
  conversation,
  selected,
  accountJid,
  accountColor,
  navIndex,
  tabIndex,
}: {
  conversation: Conversation;
  selected: boolean;
  /** Its place for the list's arrow keys, and whether it is the list's tab stop. */
  navIndex: number;
  tabIndex: 0 | -1;
  accountJid: string | null;
  /** With several accounts: a stripe in the account's colour tells them apart at a glance. */
  accountColor?: AccountColor | null;
}) {
  const { t } = useT('conversations');
  const contact = useRoster((s) => s.byAccount[conversation.accountId]?.get(conversation.peer));
  const show = contact?.show;
  // Looked up whatever the kind says: a room is a room even before its conversation knows it.
  const room = useRooms((s) => s.rooms.get(chatKey(conversation.accountId, conversation.peer)));
  const isRoom = conversation.kind === 'room' || room !== undefined;
  const privateNick =
    conversation.kind === 'private' ? splitOccupantJid(conversation.peer)?.nick : undefined;
  const name = isRoom
    ? displayName(room?.name || conversation.name, conversation.peer)
    : peerName(contact, conversation.name, conversation.peer);
  const time = conversation.lastMessage?.timestamp ?? conversation.updatedAt;
  const { unread, mentions } = conversation;
  const dimmed = isRoom && room !== undefined && room.state !== 'joined';
  return (
    <button
      type="button"
      className={`conversation-item${selected ? ' selected' : ''}${unread > 0 ? ' unread' : ''}${dimmed ? ' dimmed' : ''}`}
      aria-current={selected ? 'true' : undefined}
      data-nav-index={navIndex}
      tabIndex={tabIndex}
      data-testid={`conversation-${conversation.peer}`}
      data-account-id={conversation.accountId}
      data-kind={isRoom ? 'room' : conversation.kind}
      data-room-state={room?.state}
      data-unread={unread}
      onClick={() =>
        openChat(conversation.accountId, conversation.peer).catch((e: unknown) =>
          console.warn('conversations.open failed', errorText(e)),
        )
      }
    >
      {accountColor && <AccountColorMark color={accountColor} shape="stripe" />}
      {isRoom ? (
        <RoomAvatar jid={conversation.peer} label={name} />
      ) : privateNick !== undefined ? (
        <Avatar jid={privateNick} label={displayNick(privateNick)} />
      ) : (
        <Avatar jid={conversation.peer} label={name} show={show} />
      )}
      <span className="conversation-text">
        <span className="conversation-top">
          <span className="conversation-name" dir="auto">
            {privateNick !== undefined ? (
              <PrivateTitle accountId={conversation.accountId} peer={conversation.peer} />
            ) : (
              name
            )}
          </span>
          {/* Heard after the name; outside it so the name stays only the name. */}
          <span className="visually-hidden">{presenceWords(isRoom ? null : show)}</span>
          {time > 0 && (
            <time
              className="conversation-time"
              dateTime={new Date(time).toISOString()}
              title={formatFull(time)}
            >
              {listTime(time)}
            </time>
          )}
        </span>
        <span className="conversation-bottom">
          <span
            className={`conversation-preview${conversation.lastMessage?.retracted ? ' retracted' : ''}`}
            data-testid="conversation-preview"
          >
            {room?.state === 'joining' && <span className="spinner" aria-hidden="true" />}{' '}
            {conversationPreview(conversation, room, name)}
          </span>
          {mentions > 0 && (
            <span
              className="mention-badge"
              data-testid={`mention-badge-${conversation.peer}`}
              aria-label={t('{{count}} mentions of you', { count: mentions })}
              title={t('You were mentioned')}
            >
              @{mentions > 1 ? (mentions > 99 ? '99+' : mentions) : ''}
            </span>
          )}
          {unread > 0 && (
            <span
              className="unread-badge"
              data-testid="unread-badge"
              aria-label={t('{{count, number}} unread', { count: unread })}
            >
              {unread > 999 ? '999+' : unread}
            </span>
          )}
        </span>
        {accountJid && (
          <span className="conversation-account">
            {t('via {{account}}', { account: accountJid })}
          </span>
        )}
      </span>
    </button>
  );
});

const tList = tFor('conversations');
// No tab stop of its own (roving focus) and a named list of rows.
const COMPONENTS = {
  Scroller: ListScroller,
  ...listComponents(() => tList('Conversations')),
};

/** F2: a group chat renames its bookmark, a one-to-one chat its contact. */
function renameConversation(conversation: Conversation | undefined): void {
  if (!conversation) return;
  const { accountId, peer } = conversation;
  const room = useRooms.getState().rooms.get(chatKey(accountId, peer));
  if (room) return useNav.getState().setRenaming({ kind: 'room', room });
  const contact = useRoster.getState().byAccount[accountId]?.get(peer);
  if (contact && conversation.kind === 'chat')
    useNav.getState().setRenaming({ kind: 'contact', contact });
}

/** Every account's chats, rooms and private chats, most recent first; silent rooms last. */
export function ConversationList() {
  const { t } = useT('conversations');
  const byKey = useConversations((s) => s.byKey);
  // Only the set of rooms matters here (rows read their own room): a room's occupant count
  // changing must not re-sort the list.
  const roomKeys = useRooms(useShallow((s) => [...s.rooms.keys()]));
  const openChatRef = useUi((s) => s.openChat);
  const accounts = useAccounts((s) => s.accounts);
  const list = useMemo(
    () => conversationOrder(byKey, roomKeys, useRooms.getState().rooms),
    [byKey, roomKeys],
  );
  const accountJids = useMemo(() => new Map(accounts.map((a) => [a.id, a.jid])), [accounts]);
  const accountColors = useMemo(() => new Map(accounts.map((a) => [a.id, a.color])), [accounts]);
  const many = accounts.length > 1;
  const virtuoso = useRef<VirtuosoHandle>(null);
  const nav = useListNavigation({
    count: list.length,
    selectedIndex: list.findIndex((c) => sameChat(openChatRef, c.accountId, c.peer)),
    reveal: useCallback((index: number) => virtuoso.current?.scrollIntoView({ index }), []),
    onRename: (index) => renameConversation(list[index]),
  });

  if (list.length === 0) {
    return (
      <p className="empty-note" data-testid="conversations-empty">
        {t('No conversations yet. Open the Contacts tab to start one, or join a group chat.')}
      </p>
    );
  }
  return (
    <Virtuoso
      ref={virtuoso}
      className="conversation-list"
      data-testid="conversation-list"
      components={COMPONENTS}
      {...nav.listProps}
      rangeChanged={nav.rangeChanged}
      data={list}
      computeItemKey={(_, c) => `${c.accountId}\u0000${c.peer}`}
      itemContent={(index, c) => (
        <ConversationItem
          navIndex={index}
          tabIndex={nav.tabIndexOf(index)}
          conversation={c}
          selected={sameChat(openChatRef, c.accountId, c.peer)}
          accountJid={many ? (accountJids.get(c.accountId) ?? null) : null}
          accountColor={many ? (accountColors.get(c.accountId) ?? null) : null}
        />
      )}
    />
  );
}
