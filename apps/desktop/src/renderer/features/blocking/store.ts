import type { BlocklistState } from '@parley/contract';
import { useEffect } from 'react';
import { create } from 'zustand';
import { errorText, getClient } from '../../app/client';

interface BlockingStore {
  /** Per account: the blocklist as the backend last told it. */
  byAccount: Record<string, BlocklistState>;
  /** Per account: its entries as a set, for the roster's and the chats' lookups. */
  sets: Record<string, ReadonlySet<string>>;
  put(state: BlocklistState): void;
  removeAccount(accountId: string): void;
}

export const useBlocking = create<BlockingStore>()((set) => ({
  byAccount: {},
  sets: {},
  put: (state) =>
    set((s) => ({
      byAccount: { ...s.byAccount, [state.accountId]: state },
      sets: { ...s.sets, [state.accountId]: new Set(state.jids) },
    })),
  removeAccount: (accountId) =>
    set((s) => {
      const byAccount = { ...s.byAccount };
      const sets = { ...s.sets };
      delete byAccount[accountId];
      delete sets[accountId];
      return { byAccount, sets };
    }),
}));

/**
 * Whether `address` (a bare JID as the roster and chats hold them) is covered by the list: the
 * address itself or its whole domain (the backend matches full JIDs too; those never name a
 * contact here).
 */
export function isBlockedIn(list: ReadonlySet<string> | undefined, address: string): boolean {
  if (!list || list.size === 0) return false;
  if (list.has(address)) return true;
  const bare = address.split('/')[0] ?? address;
  if (list.has(bare)) return true;
  const at = bare.indexOf('@');
  return at > 0 && list.has(bare.slice(at + 1));
}

const loading = new Set<string>();

/** Asks the backend once per account; later changes come as `blocking.changed` events. */
export function loadBlocklist(accountId: string): void {
  if (loading.has(accountId) || useBlocking.getState().byAccount[accountId]) return;
  loading.add(accountId);
  getClient()
    .call('blocking.list', { accountId })
    .then((state) => {
      // An event may have brought a newer list meanwhile.
      if (!useBlocking.getState().byAccount[accountId]) useBlocking.getState().put(state);
    })
    .catch((e: unknown) => console.warn('blocking.list', errorText(e)))
    .finally(() => loading.delete(accountId));
}

/** The account's blocklist, loaded on first use. */
export function useBlocklist(accountId: string): BlocklistState | undefined {
  useEffect(() => loadBlocklist(accountId), [accountId]);
  return useBlocking((s) => s.byAccount[accountId]);
}

/** Whether we block `jid` on this account (its address or its domain). */
export function useIsBlocked(accountId: string, jid: string): boolean {
  useEffect(() => loadBlocklist(accountId), [accountId]);
  return useBlocking((s) => isBlockedIn(s.sets[accountId], jid));
}
