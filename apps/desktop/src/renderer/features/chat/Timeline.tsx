import type { Message } from '@parley/contract';
import { useCallback, useRef } from 'react';
import { Virtuoso, type Components, type VirtuosoHandle } from 'react-virtuoso';
import { dayLabel, sameDay } from '../../ui/time';
import { loadOlder } from './actions';
import { MessageBubble } from './MessageBubble';
import type { Timeline as TimelineData } from './store';

const GROUP_WINDOW_MS = 5 * 60_000;

function continues(prev: Message | undefined, m: Message): boolean {
  return (
    prev !== undefined &&
    prev.direction === m.direction &&
    prev.fromOtherDevice === m.fromOtherDevice &&
    m.timestamp - prev.timestamp < GROUP_WINDOW_MS
  );
}

interface TimelineProps {
  accountId: string;
  peer: string;
  timeline: TimelineData;
}

/**
 * Messages, virtualised. Older pages are prepended with Virtuoso's firstItemIndex (the index of
 * the first item goes down by the page size, so the scroll position stays put); the view follows
 * new messages while it is at the bottom, and always after the user sends one.
 */
export function Timeline({ accountId, peer, timeline }: TimelineProps) {
  const ref = useRef<VirtuosoHandle>(null);
  const { messages, firstItemIndex } = timeline;
  const messagesRef = useRef(messages);
  messagesRef.current = messages;

  const followOutput = useCallback((atBottom: boolean) => {
    const last = messagesRef.current[messagesRef.current.length - 1];
    if (atBottom || (last?.direction === 'out' && !last.fromOtherDevice)) return 'auto' as const;
    return false as const;
  }, []);

  return (
    <Virtuoso
      ref={ref}
      className="timeline"
      data-testid="timeline"
      role="log"
      aria-label="Messages"
      data={messages}
      firstItemIndex={firstItemIndex}
      initialTopMostItemIndex={Math.max(0, messages.length - 1)}
      alignToBottom
      followOutput={followOutput}
      startReached={() => void loadOlder(accountId, peer)}
      increaseViewportBy={{ top: 400, bottom: 200 }}
      // A typical bubble: lets Virtuoso lay out the first screen without a measuring pass.
      defaultItemHeight={56}
      computeItemKey={(_, m) => m.id}
      context={timeline}
      components={COMPONENTS}
      itemContent={(index, m) => {
        const prev = messages[index - firstItemIndex - 1];
        const newDay = !prev || !sameDay(prev.timestamp, m.timestamp);
        return (
          <>
            {!prev && timeline.complete && (
              <div className="timeline-note" data-testid="history-start">
                Beginning of the conversation
              </div>
            )}
            {newDay && (
              <div className="day-separator" role="separator" data-testid="day-separator">
                <span>{dayLabel(m.timestamp)}</span>
              </div>
            )}
            <MessageBubble message={m} continued={!newDay && continues(prev, m)} />
          </>
        );
      }}
    />
  );
}

function TimelineHeader({ context: timeline }: { context: TimelineData }) {
  if (timeline.loading) {
    return (
      <div className="timeline-note" role="status">
        <span className="spinner" aria-hidden="true" /> Loading older messages…
      </div>
    );
  }
  if (timeline.error) return <div className="timeline-note form-error">{timeline.error}</div>;
  return <div className="timeline-note-spacer" />;
}

function EmptyPlaceholder() {
  return <div className="timeline-empty">No messages yet. Say hello!</div>;
}

function Footer() {
  return <div className="timeline-footer" />;
}

const COMPONENTS: Components<Message, TimelineData> = {
  Header: TimelineHeader,
  Footer,
  EmptyPlaceholder,
};
