import { create } from 'zustand';

/** "/omemo fingerprint": whose devices the app-level Encryption dialog shows; null when shut. */
interface DevicesRequestState {
  request: { accountId: string; jid: string } | null;
  show(accountId: string, jid: string): void;
  close(): void;
}

export const useDevicesRequest = create<DevicesRequestState>()((set) => ({
  request: null,
  show: (accountId, jid) => set({ request: { accountId, jid } }),
  close: () => set({ request: null }),
}));
