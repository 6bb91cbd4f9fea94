import { create } from 'zustand';
import type { OmemoConversationState } from '@parley/contract';
import { chatKey } from '../ui/store';

/** Each conversation's OMEMO lock as the backend last said (asked on open, then its events). */
interface LockState {
  byKey: Record<string, OmemoConversationState>;
  put(state: OmemoConversationState): void;
  removeAccount(accountId: string): void;
}

export const useOmemoLocks = create<LockState>()((set) => ({
  byKey: {},
  put: (state) =>
    set((s) => ({ byKey: { ...s.byKey, [chatKey(state.accountId, state.peer)]: state } })),
  removeAccount: (accountId) =>
    set((s) => ({
      byKey: Object.fromEntries(
        Object.entries(s.byKey).filter(([, v]) => v.accountId !== accountId),
      ),
    })),
}));
