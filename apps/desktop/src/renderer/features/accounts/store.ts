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
  setHistory(accountId: string, progress: HistoryProgress): void;
}

export const useAccounts = create<AccountsState>()((set) => ({
  loaded: false,
  accounts: [],
  history: {},
  setAll: (accounts) => set({ accounts, loaded: true }),
  upsert: (account) =>
    set((s) => {
      const index = s.accounts.findIndex((a) => a.id === account.id);
      if (index < 0) return { accounts: [...s.accounts, account] };
      const accounts = s.accounts.slice();
      accounts[index] = account;
      return { accounts };
    }),
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
