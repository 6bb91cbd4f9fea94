import type { Message } from '@parley/contract';
import { useRef } from 'react';
import type { NoticeEntry } from '../rooms/store';
import { FIRST_INDEX } from './store';

/** A row of the timeline: a message, or a run of consecutive room notices shown as one row. */
export type TimelineItem =
  | { kind: 'message'; key: string; timestamp: number; message: Message }
  | { kind: 'notices'; key: string; timestamp: number; notices: readonly NoticeEntry[] };

/**
 * Messages and room notices interleaved by time; notices with no message between them form
 * one item. While older history is still to come, notices older than the first loaded message
 * wait for it (they take their place when that page arrives).
 */
export function buildTimelineItems(
  messages: readonly Message[],
  notices: readonly NoticeEntry[],
  complete: boolean,
): TimelineItem[] {
  const items: TimelineItem[] = [];
  const first = messages[0];
  let n = 0;
  if (!complete && first) while (n < notices.length && notices[n]!.timestamp < first.timestamp) n++;
  let run: NoticeEntry[] = [];
  const flush = (): void => {
    if (run.length === 0) return;
    items.push({
      kind: 'notices',
      key: `n${run[0]!.id}`,
      timestamp: run[0]!.timestamp,
      notices: run,
    });
    run = [];
  };
  for (const message of messages) {
    while (n < notices.length && notices[n]!.timestamp < message.timestamp) run.push(notices[n++]!);
    flush();
    items.push({ kind: 'message', key: message.id, timestamp: message.timestamp, message });
  }
  while (n < notices.length) run.push(notices[n++]!);
  flush();
  return items;
}

/**
 * Virtuoso's firstItemIndex for a list that grows at the front: it must go down by exactly the
 * number of items put before the previous first one, so the view does not jump. Derived from
 * the items themselves, as notices and older pages both change the count.
 */
export function useFirstItemIndex(items: readonly TimelineItem[]): number {
  const state = useRef<{ firstKey: string | null; index: number }>({
    firstKey: null,
    index: FIRST_INDEX,
  });
  const s = state.current;
  const firstKey = items[0]?.key ?? null;
  if (firstKey !== s.firstKey) {
    if (s.firstKey !== null) {
      const at = items.findIndex((item) => item.key === s.firstKey);
      if (at > 0) s.index -= at;
    }
    s.firstKey = firstKey;
  }
  return s.index;
}

/** A message the unread count counts: one from the peer (our own from another device are read). */
function countsAsUnread(message: Message): boolean {
  return message.direction === 'in';
}

/**
 * Where the "new messages" divider goes: the id of the first of the `unread` newest incoming
 * messages (the conversation's unread count counts exactly those). When fewer are loaded, the
 * first loaded incoming one: all of them are new. Null when nothing is unread.
 */
export function unreadStart(messages: readonly Message[], unread: number): string | null {
  if (unread <= 0) return null;
  let found: string | null = null;
  let left = unread;
  for (let i = messages.length - 1; i >= 0 && left > 0; i--) {
    const message = messages[i]!;
    if (!countsAsUnread(message)) continue;
    found = message.id;
    left--;
  }
  return found;
}

/** Incoming messages after the one with id `lastSeen` (all incoming ones if it is not loaded). */
export function arrivedAfter(messages: readonly Message[], lastSeen: string | null): number {
  let count = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.id === lastSeen) return count;
    if (countsAsUnread(message)) count++;
  }
  return lastSeen === null ? count : 0;
}
