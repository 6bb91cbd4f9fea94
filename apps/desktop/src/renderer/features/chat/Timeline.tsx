import type { Message } from '@parley/contract';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Virtuoso, type Components, type VirtuosoHandle } from 'react-virtuoso';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { useArrivalAnnouncements } from '../../ui/live-announcements';
import { LiveLog } from '../../ui/LiveLog';
import { dayLabel, sameDay } from '../../ui/time';
import { displayNick, mentionsNick } from '../rooms/nick';
import { NoticeRow } from '../rooms/NoticeRow';
import type { NoticeEntry } from '../rooms/store';
import { chatKey } from '../ui/store';
import { loadOlder, markReadIfSeen } from './actions';
import { MessageBubble } from './MessageBubble';
import { CallRow } from '../calls/CallRow';
import { useFocusedMessage } from '../search/useFocusedMessage';
import { useChat, type Timeline as TimelineData } from './store';
import { AT_BOTTOM_PX, useStickToBottom } from './useStickToBottom';
import {
  arrivedAfter,
  buildTimelineItems,
  useFirstItemIndex,
  type TimelineItem,
} from './timeline-items';

const GROUP_WINDOW_MS = 5 * 60_000;
/** How old an arriving message may be and still be read out as new (clock skew, delays). */
const NEWS_WINDOW_MS = 60_000;
const NO_NOTICES: readonly NoticeEntry[] = [];

function continues(prev: TimelineItem | undefined, m: Message, room: boolean): boolean {
  if (prev?.kind !== 'message') return false;
  const p = prev.message;
  return (
    p.direction === m.direction &&
    p.fromOtherDevice === m.fromOtherDevice &&
    // In a room, a different sender starts a new group (with its nick shown).
    (!room || p.resource === m.resource) &&
    m.timestamp - p.timestamp < GROUP_WINDOW_MS
  );
}

/** The sender's name for a "/me" action: the nick in a room, else the chat's two names. */
function actorOf(message: Message, room: RoomTimeline | null, names: TimelineProps['names']) {
  const out = message.direction === 'out';
  if (room) return displayNick(out ? room.ownNick : (message.resource ?? '?'));
  return out ? names.self : names.peer;
}

/** Set when the timeline is a room's: our nick (for mentions), notices, and a nick click. */
export interface RoomTimeline {
  ownNick: string;
  notices: readonly NoticeEntry[];
  onNick(nick: string): void;
}

interface TimelineProps {
  accountId: string;
  peer: string;
  timeline: TimelineData;
  room?: RoomTimeline | null;
  /** Who is who in a one-to-one or private chat, for "/me" actions (XEP-0245). */
  names: { self: string; peer: string };
  /** The first unread message when the conversation was opened: the "new messages" line. */
  unreadFrom?: string | null;
}

/** How much of the message before the "new messages" line shows when opening at it. */
const CONTEXT_ABOVE_LINE_PX = 48;

/**
 * Messages (and, in a room, notices), virtualised. Older pages are prepended with Virtuoso's
 * firstItemIndex (it goes down by the number of items put in front, so the scroll position
 * stays put); the view follows new messages while it is at the bottom, and always after the
 * user sends one. Scrolled up, what arrives is counted on a "jump to latest" button and left
 * unread; reaching the bottom again reads it.
 */
export function Timeline({
  accountId,
  peer,
  timeline,
  room = null,
  names,
  unreadFrom = null,
}: TimelineProps) {
  const { t } = useT('chat');
  const ref = useRef<VirtuosoHandle>(null);
  const { messages, complete } = timeline;
  const notices = room?.notices ?? NO_NOTICES;
  const items = useMemo(
    () => buildTimelineItems(messages, notices, complete),
    [messages, notices, complete],
  );
  const firstItemIndex = useFirstItemIndex(items);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const messagesRef = useRef(messages);
  messagesRef.current = messages;
  const key = chatKey(accountId, peer);
  // Opened with unread messages: at the "new messages" line (Virtuoso scrolls no further than
  // the end, so a short unread run still opens at the bottom). Decided once, when shown.
  const [opening] = useState(() => openingPosition(items, unreadFrom));
  const stick = useStickToBottom(opening.atBottom);
  // Its oldest messages dropped while shown at the bottom (store.ts, MAX_KEPT_MESSAGES): a fresh
  // Virtuoso at the bottom. Told through firstItemIndex, it would scroll up by the height taken
  // away (to keep the same items in view), leave the bottom and page nothing in at the top.
  const trims = timeline.trims ?? 0;
  const [trimsWhenOpened] = useState(trims);
  // A search hit or a quoted message opened here: scroll to it and mark it (scrollToIndex
  // counts from the first item loaded, not from firstItemIndex). The bottom lets go first, or
  // a page loading around the hit would pull the view back down.
  useFocusedMessage(
    ref,
    key,
    (id) => {
      const at = items.findIndex((item) => item.kind === 'message' && item.message.id === id);
      return at < 0 ? null : at;
    },
    stick.release,
  );

  const [atBottom, setAtBottom] = useState(opening.atBottom);
  // The newest message when the user scrolled away from it: what came after is unseen.
  const [lastSeen, setLastSeen] = useState<string | null>(opening.lastSeen);
  const unseen = atBottom ? 0 : arrivedAfter(messages, lastSeen);
  // Before the parent's effects: opened at the line, what is below it is not read yet.
  useLayoutEffect(() => {
    if (!opening.atBottom) useChat.getState().setAtBottom(key, false);
  }, [key, opening]);
  const wasAtBottom = useRef(opening.atBottom);
  const onAtBottom = useCallback(
    (bottom: boolean) => {
      // A bubble that grew (an image loaded, a card laid out) is no reason to leave the bottom:
      // useStickToBottom scrolls back down; only the user scrolling up leaves it.
      if (!bottom && stick.following()) return;
      const left = wasAtBottom.current && !bottom;
      wasAtBottom.current = bottom;
      setAtBottom(bottom);
      useChat.getState().setAtBottom(key, bottom);
      if (bottom) markReadIfSeen(accountId, peer);
      // Only on leaving the bottom: opened at the line, what is unseen starts there.
      else if (left) setLastSeen(messagesRef.current[messagesRef.current.length - 1]?.id ?? null);
    },
    [key, accountId, peer, stick],
  );
  // Off screen, the conversation has no scroll position to go by.
  useEffect(() => () => useChat.getState().setAtBottom(key, null), [key]);
  // Screen readers hear each new incoming message once (LiveLog); the virtual list itself is
  // not live, or every row scrolled back into view would be read out as new.
  // History that arrives late (a room's backlog on joining, an archive page) is not news.
  const [openedAt] = useState(() => Date.now());
  const announcements = useArrivalAnnouncements(key, messages, (m) =>
    m.direction === 'in' && m.timestamp >= openedAt - NEWS_WINDOW_MS
      ? t('{{sender}}: {{text}}', {
          sender: room ? displayNick(m.resource ?? '?') : names.peer,
          text: m.body,
        })
      : null,
  );
  const jumpToLatest = useCallback(() => {
    stick.hold();
    ref.current?.scrollToIndex({ index: 'LAST', align: 'end', behavior: 'auto' });
  }, [stick]);

  // Virtuoso's own at-bottom flag can be a step behind on a busy machine (a bubble that grew
  // just before, its new height not laid out yet): the user not having scrolled up is what
  // counts. What the user sends always brings the view down, and keeps it there.
  const followOutput = useCallback(
    (atBottom: boolean) => {
      const last = messagesRef.current[messagesRef.current.length - 1];
      if (last?.direction === 'out' && !last.fromOtherDevice) {
        // Virtuoso scrolls down itself ('auto'); hold() only when the view had let go, so an
        // opening page does not lay the page out once more on its way in.
        if (!stick.following()) stick.hold();
        return 'auto' as const;
      }
      return atBottom || stick.following() ? ('auto' as const) : (false as const);
    },
    [stick],
  );

  const toggle = useCallback((key: string) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }, []);

  return (
    <div className="timeline-frame">
      <LiveLog label={t('New messages')} lines={announcements} />
      <Virtuoso
        ref={ref}
        key={trims}
        className="timeline"
        data-testid="timeline"
        role="log"
        aria-live="off"
        aria-label={t('Messages')}
        data={items}
        firstItemIndex={firstItemIndex}
        initialTopMostItemIndex={
          trims === trimsWhenOpened ? opening.index : Math.max(0, items.length - 1)
        }
        scrollerRef={stick.scrollerRef}
        totalListHeightChanged={stick.heightChanged}
        alignToBottom
        followOutput={followOutput}
        atBottomStateChange={onAtBottom}
        atBottomThreshold={AT_BOTTOM_PX}
        startReached={() => void loadOlder(accountId, peer)}
        increaseViewportBy={{ top: 400, bottom: 200 }}
        // A typical bubble: lets Virtuoso lay out the first screen without a measuring pass.
        defaultItemHeight={56}
        computeItemKey={(_, item) => item.key}
        context={timeline}
        components={COMPONENTS}
        itemContent={(index, item) => {
          const prev = items[index - firstItemIndex - 1];
          const newDay = !prev || !sameDay(prev.timestamp, item.timestamp);
          return (
            <>
              {!prev && timeline.complete && (
                <div className="timeline-note" data-testid="history-start">
                  {t('Beginning of the conversation')}
                </div>
              )}
              {newDay && (
                <div className="day-separator" role="separator" data-testid="day-separator">
                  <span>{dayLabel(item.timestamp)}</span>
                </div>
              )}
              {item.kind === 'message' && item.key === unreadFrom && (
                <div
                  className="unread-divider"
                  role="separator"
                  aria-label={t('New messages')}
                  data-testid="unread-divider"
                >
                  <span>{t('New messages')}</span>
                </div>
              )}
              {item.kind === 'notices' ? (
                <NoticeRow
                  id={item.key}
                  notices={item.notices}
                  expanded={expanded.has(item.key)}
                  onToggle={toggle}
                />
              ) : item.message.call ? (
                <CallRow message={item.message} />
              ) : (
                <MessageBubble
                  message={item.message}
                  continued={!newDay && continues(prev, item.message, room !== null)}
                  sender={room && item.message.direction === 'in' ? item.message.resource : null}
                  mention={
                    room !== null &&
                    item.message.direction === 'in' &&
                    mentionsNick(item.message.body, room.ownNick)
                  }
                  onNick={room?.onNick}
                  actor={actorOf(item.message, room, names)}
                />
              )}
            </>
          );
        }}
      />
      {!atBottom && (
        <button
          type="button"
          className="jump-latest"
          data-testid="jump-latest"
          data-count={unseen}
          aria-label={
            unseen > 0
              ? t('Jump to latest: {{count, number}} new messages', { count: unseen })
              : t('Jump to latest')
          }
          title={t('Jump to latest')}
          onClick={jumpToLatest}
        >
          {unseen > 0 && <span className="jump-count">{unseen}</span>}
          <Icon name="chevronDown" size={18} />
        </button>
      )}
    </div>
  );
}

/** Where a timeline opens: at the unread line when there is one, else at the newest item. */
function openingPosition(items: readonly TimelineItem[], unreadFrom: string | null) {
  const at =
    unreadFrom === null
      ? -1
      : items.findIndex((item) => item.kind === 'message' && item.key === unreadFrom);
  if (at < 0) return { index: Math.max(0, items.length - 1), atBottom: true, lastSeen: null };
  // The line and a little of what was before it, so it reads as "from here on".
  const index = { index: at, align: 'start' as const, offset: -CONTEXT_ABOVE_LINE_PX };
  let lastSeen: string | null = null;
  for (let i = at - 1; i >= 0 && lastSeen === null; i--) {
    const item = items[i]!;
    if (item.kind === 'message') lastSeen = item.message.id;
  }
  return { index, atBottom: false, lastSeen };
}

function TimelineHeader({ context: timeline }: { context: TimelineData }) {
  const { t } = useT('chat');
  if (timeline.loading) {
    return (
      <div className="timeline-note" role="status">
        <span className="spinner" aria-hidden="true" /> {t('Loading older messages…')}
      </div>
    );
  }
  if (timeline.error) return <div className="timeline-note form-error">{timeline.error}</div>;
  return <div className="timeline-note-spacer" />;
}

function EmptyPlaceholder() {
  const { t } = useT('chat');
  return <div className="timeline-empty">{t('No messages yet. Say hello!')}</div>;
}

function Footer() {
  return <div className="timeline-footer" />;
}

const COMPONENTS: Components<TimelineItem, TimelineData> = {
  Header: TimelineHeader,
  Footer,
  EmptyPlaceholder,
};
