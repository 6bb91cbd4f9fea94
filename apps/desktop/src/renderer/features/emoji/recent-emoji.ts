import { create } from 'zustand';

/** How many recently used emoji are kept (and shown first in the picker). */
export const RECENT_LIMIT = 24;
const STORAGE_KEY = 'parley.recentEmoji';

interface RecentEmojiState {
  recent: string[];
  use(emoji: string): void;
}

/** What storage held, if it is a short list of short strings; anything else is dropped. */
export function parseStoredRecent(stored: string | null): string[] {
  if (stored === null) return [];
  try {
    const value: unknown = JSON.parse(stored);
    if (!Array.isArray(value)) return [];
    return value
      .filter((e): e is string => typeof e === 'string' && e.length > 0 && e.length <= 32)
      .slice(0, RECENT_LIMIT);
  } catch {
    return [];
  }
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage refused (e.g. a privacy setting): recent emoji last for the session
  }
}

/** Recently picked emoji, most recent first, remembered across restarts in local storage. */
export const useRecentEmoji = create<RecentEmojiState>()((set, get) => ({
  recent: parseStoredRecent(storage()?.getItem(STORAGE_KEY) ?? null),
  use(emoji) {
    const recent = [emoji, ...get().recent.filter((e) => e !== emoji)].slice(0, RECENT_LIMIT);
    set({ recent });
    try {
      storage()?.setItem(STORAGE_KEY, JSON.stringify(recent));
    } catch {
      // full or refused: still remembered for this session
    }
  },
}));
