import { useEffect, useRef, useState } from 'react';

/**
 * What arrived at the end of a list since it was last looked at: the entries after the one
 * that was newest then. Nothing on first sight (the history already there is not news), and
 * nothing when that entry is gone (another conversation, a reloaded list): older pages put in
 * front and virtual rows coming back into view while scrolling are never announced.
 */
export function arrivedSince<T extends { id: string }>(
  previousNewest: string | null,
  list: readonly T[],
): T[] {
  if (previousNewest === null) return [];
  for (let i = list.length - 1; i >= 0; i--) {
    if (list[i]!.id === previousNewest) return list.slice(i + 1);
  }
  return [];
}

/** How many announcements a live region keeps: enough for a burst, bounded in memory. */
export const MAX_ANNOUNCEMENTS = 5;

export interface Announcement {
  id: string;
  text: string;
}

/**
 * The lines for a polite live log: `describe` says what a newly arrived entry is (null to stay
 * quiet, e.g. for our own messages). `scope` names the list (the conversation): a new scope
 * starts afresh without announcing its history.
 */
export function useArrivalAnnouncements<T extends { id: string }>(
  scope: string,
  list: readonly T[],
  describe: (entry: T) => string | null,
): Announcement[] {
  const seen = useRef<{ scope: string; newest: string | null } | null>(null);
  const [lines, setLines] = useState<Announcement[]>([]);
  const newest = list.length > 0 ? list[list.length - 1]!.id : null;
  useEffect(() => {
    const before = seen.current;
    seen.current = { scope, newest };
    if (!before || before.scope !== scope) {
      setLines([]);
      return;
    }
    const fresh = arrivedSince(before.newest, list)
      .map((entry) => ({ id: entry.id, text: describe(entry) }))
      .filter((line): line is Announcement => line.text !== null);
    if (fresh.length > 0) setLines((old) => [...old, ...fresh].slice(-MAX_ANNOUNCEMENTS));
    // Only a new newest entry (or a new scope) is news; describe may change every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scope, newest]);
  return lines;
}
