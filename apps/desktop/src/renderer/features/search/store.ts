import { create } from 'zustand';

/** A message to bring into view and mark, after a search hit (or any "show this message"). */
export interface FocusedMessage {
  key: string;
  id: string;
  /** Changes on every request, so opening the same hit twice scrolls again. */
  nonce: number;
}

interface SearchUiState {
  /** Conversation keys whose in-conversation search bar is open. */
  conversationSearch: ReadonlySet<string>;
  /** Bumped by each request to open it, so an open bar takes the focus again (Ctrl+F twice). */
  conversationSearchFocus: number;
  /** The search across all conversations. */
  globalOpen: boolean;
  quickSwitcherOpen: boolean;
  focus: FocusedMessage | null;
  /**
   * The message shown marked for a moment after it was brought into view. State, not a DOM
   * attribute: the virtual list may remount the bubble while it is marked.
   */
  marked: string | null;
  setMarked(id: string | null): void;
  setConversationSearch(key: string, open: boolean): void;
  setGlobalOpen(open: boolean): void;
  setQuickSwitcherOpen(open: boolean): void;
  setFocus(key: string, id: string): void;
  /** The focus request `nonce` was carried out (a newer one is kept). */
  clearFocus(nonce: number): void;
}

let nonce = 0;

export const useSearchUi = create<SearchUiState>()((set) => ({
  conversationSearch: new Set(),
  conversationSearchFocus: 0,
  globalOpen: false,
  quickSwitcherOpen: false,
  focus: null,
  marked: null,
  setMarked: (marked) => set({ marked }),
  setConversationSearch: (key, open) =>
    set((s) => {
      const next = new Set(s.conversationSearch);
      if (open) next.add(key);
      else next.delete(key);
      return {
        conversationSearch: next,
        conversationSearchFocus: s.conversationSearchFocus + (open ? 1 : 0),
      };
    }),
  setGlobalOpen: (globalOpen) => set({ globalOpen }),
  setQuickSwitcherOpen: (quickSwitcherOpen) => set({ quickSwitcherOpen }),
  setFocus: (key, id) => set({ focus: { key, id, nonce: ++nonce } }),
  clearFocus: (done) => set((s) => (s.focus?.nonce === done ? { focus: null } : {})),
}));
