import type { ConversationKind } from '@parley/contract';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useT } from '../../i18n';
import { displayName, localPart, peerName } from '../../ui/names';
import { useAccount } from '../accounts/store';
import { useConversations } from '../conversations/store';
import { OccupantList, mentionInDraft } from '../rooms/OccupantList';
import { displayNick, splitOccupantJid } from '../rooms/nick';
import { RoomBanner } from '../rooms/RoomBanner';
import { RoomHeader } from '../rooms/RoomHeader';
import { useNotices, useRoom } from '../rooms/store';
import { useRoomPrefs } from '../rooms/dialogs';
import { nickCandidates } from '../rooms/actions';
import { useContact } from '../roster/store';
import { chatKey, useUi } from '../ui/store';
import { loadLatest, markReadIfSeen } from './actions';
import { DropZone } from '../files/DropZone';
import { PendingUploads } from '../files/PendingUploads';
import { SendFilesDialog } from '../files/SendFilesDialog';
import { ChatHeader, PrivateChatHeader } from './ChatHeader';
import { TrustNotices } from '../omemo/TrustNotices';
import { ChatBanner } from '../blocking/ChatBanner';
import { useIsBlocked } from '../blocking/store';
import { Composer } from './Composer';
import { useChat, useTimeline } from './store';
import { Timeline, type RoomTimeline } from './Timeline';
import { unreadStart } from './timeline-items';
import { TypingLine } from './TypingLine';
import { ConversationSearch } from '../search/ConversationSearch';

interface ChatViewProps {
  accountId: string;
  peer: string;
}

/** A room is known by the rooms slice; else the conversation says; a full JID is private. */
function useKind(accountId: string, peer: string): ConversationKind {
  const isRoom = useRoom(accountId, peer) !== undefined;
  const kind = useConversations((s) => s.byKey.get(chatKey(accountId, peer))?.kind);
  if (isRoom) return 'room';
  return kind ?? (splitOccupantJid(peer) ? 'private' : 'chat');
}

/** The open conversation (one-to-one, room or private): header, timeline, composer. */
export function ChatView({ accountId, peer }: ChatViewProps) {
  const { t } = useT('chat');
  const key = chatKey(accountId, peer);
  const kind = useKind(accountId, peer);
  const timeline = useTimeline(key);
  const contact = useContact(accountId, peer);
  const conversation = useConversations((s) => s.byKey.get(key));
  const room = useRoom(accountId, peer);
  const notices = useNotices(kind === 'room' ? key : null);
  const account = useAccount(accountId);
  const visible = useUi((s) => s.visible);
  const occupantsShown = useRoomPrefs((s) => s.occupantsShown);
  const toggleOccupants = useRoomPrefs((s) => s.toggleOccupants);
  const [roomError, setRoomError] = useState<string | null>(null);
  const ownNick = room?.nick ?? '';
  const roomNicks = useCallback(
    () => nickCandidates(accountId, peer, ownNick),
    [accountId, peer, ownNick],
  );
  const unread = conversation?.unread ?? 0;
  const occupantJid = kind === 'private' ? splitOccupantJid(peer) : null;
  const privateNick = occupantJid?.nick;
  // A private message goes through the room: it needs us in it too.
  const viaRoom = useRoom(accountId, occupantJid?.room ?? '');
  const name =
    kind === 'room'
      ? displayName(room?.name || conversation?.name, peer)
      : privateNick !== undefined
        ? displayNick(privateNick)
        : peerName(contact, conversation?.name, peer);

  useEffect(() => {
    if (!timeline.ready && !timeline.loading && !timeline.error) void loadLatest(accountId, peer);
  }, [accountId, peer, timeline.ready, timeline.loading, timeline.error]);

  // The "new messages" line: placed once, where the unread start (on opening, or when
  // messages arrive unseen later), and kept until the conversation is left. The count is taken
  // as rendered, before marking read clears it.
  const [unreadFrom, setUnreadFrom] = useState<string | null>(null);
  const unreadWhenShown = useRef(0);
  if (unreadFrom === null && unread > unreadWhenShown.current) unreadWhenShown.current = unread;
  useEffect(() => {
    if (unreadFrom !== null || !timeline.ready || unreadWhenShown.current === 0) return;
    const from = unreadStart(timeline.messages, unreadWhenShown.current);
    // None of them loaded: start over from the next count rather than place it stale.
    if (from === null) unreadWhenShown.current = 0;
    else setUnreadFrom(from);
  }, [unreadFrom, timeline.ready, timeline.messages]);
  // Worked out already in the render that first shows the timeline, which opens at the line.
  const dividerAt =
    unreadFrom ??
    (timeline.ready && unreadWhenShown.current > 0
      ? unreadStart(timeline.messages, unreadWhenShown.current)
      : null);

  const atBottom = useChat((s) => s.atBottom[key]);
  useEffect(() => {
    if (visible && unread > 0) markReadIfSeen(accountId, peer);
  }, [accountId, peer, visible, unread, atBottom]);
  // Coming back to the window reads what is on screen.
  useEffect(() => {
    const onFocus = () => markReadIfSeen(accountId, peer);
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [accountId, peer]);

  const onNick = useCallback(
    (nick: string) => mentionInDraft(accountId, peer, nick),
    [accountId, peer],
  );
  const selfName =
    kind === 'private' ? displayNick(viaRoom?.nick ?? '') : localPart(account?.jid ?? '');
  const names = useMemo(() => ({ self: selfName, peer: name }), [selfName, name]);
  const roomTimeline = useMemo<RoomTimeline | null>(
    () => (kind === 'room' ? { ownNick, notices, onNick } : null),
    [kind, ownNick, notices, onNick],
  );
  const online = account?.state === 'online';
  const peerBlocked = useIsBlocked(accountId, peer) && kind === 'chat';
  const blocked =
    room && room.state !== 'joined'
      ? t('You are not in this room.')
      : room?.ownRole === 'visitor'
        ? t('You have no voice in this room: a moderator has to grant it.')
        : viaRoom && viaRoom.state !== 'joined'
          ? t('You are not in the room this conversation goes through.')
          : peerBlocked
            ? t('You have blocked {{jid}}: unblock them to write.', { jid: peer })
            : null;

  return (
    <section
      className={`chat${kind === 'room' ? ' room-view' : ''}`}
      aria-label={
        kind === 'room'
          ? t('Group chat {{name}}', { name })
          : t('Conversation with {{name}}', { name })
      }
      data-testid="chat-view"
      data-peer={peer}
      data-kind={kind}
    >
      {kind === 'room' && room ? (
        <RoomHeader
          room={room}
          title={name}
          occupantsShown={occupantsShown}
          onToggleOccupants={toggleOccupants}
          onError={setRoomError}
        />
      ) : kind === 'private' ? (
        <PrivateChatHeader accountId={accountId} peer={peer} />
      ) : (
        <ChatHeader accountId={accountId} peer={peer} name={name} />
      )}
      {room && <RoomBanner room={room} />}
      {kind !== 'room' && kind !== 'private' && <TrustNotices accountId={accountId} peer={peer} />}
      {kind === 'chat' && <ChatBanner accountId={accountId} peer={peer} />}
      <ConversationSearch accountId={accountId} peer={peer} />
      {roomError && (
        <p className="form-error small" role="alert" data-testid="room-action-error">
          {roomError}
        </p>
      )}
      <div className="chat-columns">
        <DropZone
          className="chat-column"
          accountId={accountId}
          peer={peer}
          peerName={name}
          blocked={blocked}
        >
          <div className="chat-body">
            {timeline.ready ? (
              <Timeline
                accountId={accountId}
                peer={peer}
                timeline={timeline}
                room={roomTimeline}
                names={names}
                unreadFrom={dividerAt}
              />
            ) : timeline.error ? (
              <div className="timeline-empty">
                <p className="form-error">{timeline.error}</p>
                <button
                  type="button"
                  className="button"
                  onClick={() => void loadLatest(accountId, peer)}
                >
                  {t('Retry')}
                </button>
              </div>
            ) : (
              <div className="timeline-empty" role="status">
                <span className="spinner" aria-hidden="true" /> {t('Loading messages…')}
              </div>
            )}
          </div>
          <PendingUploads accountId={accountId} peer={peer} />
          <SendFilesDialog
            accountId={accountId}
            peer={peer}
            peerName={name}
            oneToOne={kind === 'chat'}
          />
          <TypingLine conversationKey={key} room={kind === 'room'} name={name} />
          <Composer
            key={key}
            accountId={accountId}
            peer={peer}
            peerName={name}
            online={online}
            blocked={blocked}
            {...(kind === 'room' ? { nicks: roomNicks } : {})}
          />
        </DropZone>
        {room && occupantsShown && <OccupantList room={room} />}
      </div>
    </section>
  );
}
