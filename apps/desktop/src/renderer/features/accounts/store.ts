import type { Account } from '@parley/contract';
import { create } from 'zustand';

export interface HistoryProgress {
  fetched: number;
  done: boolean;
}

interface AccountsState {
  loaded: boolean;
  accounts: Account[];
  history: Record<string, HistoryProgress>;
  setAll(accounts: Account[]): void;
  upsert(account: Account): void;
  remove(id: string): void;
  /** The user's new order (ids of every account), shown before the backend confirms it. */
  reorder(ids: string[]): void;
  setHistory(accountId: string, progress: HistoryProgress): void;
}

export const useAccounts = create<AccountsState>()((set) => ({
  loaded: false,
  accounts: [],
  history: {},
  setAll: (accounts) => set({ accounts: byPosition(accounts), loaded: true }),
  upsert: (account) =>
    set((s) => {
      const index = s.accounts.findIndex((a) => a.id === account.id);
      if (index < 0) return { accounts: byPosition([...s.accounts, account]) };
      const accounts = s.accounts.slice();
      accounts[index] = account;
      return { accounts: byPosition(accounts) };
    }),
  reorder: (ids) =>
    set((s) => ({
      accounts: byPosition(
        s.accounts.map((a) => (ids.includes(a.id) ? { ...a, position: ids.indexOf(a.id) } : a)),
      ),
    })),
  remove: (id) =>
    set((s) => {
      const history = { ...s.history };
      delete history[id];
      return { accounts: s.accounts.filter((a) => a.id !== id), history };
    }),
  setHistory: (accountId, progress) =>
    set((s) => ({ history: { ...s.history, [accountId]: progress } })),
}));

export function useAccount(id: string | null): Account | undefined {
  return useAccounts((s) => (id ? s.accounts.find((a) => a.id === id) : undefined));
}

/** The user's order; a stable sort keeps arrival order among equal positions. */
function byPosition(accounts: Account[]): Account[] {
  return accounts.slice().sort((a, b) => a.position - b.position);
}
