import { create } from 'zustand';

export interface PersonRef {
  accountId: string;
  jid: string;
}

interface PeopleState {
  /** The contact whose details dialog is open. */
  details: PersonRef | null;
  /** The account whose own profile is being edited. */
  profileOf: string | null;
  openDetails(accountId: string, jid: string): void;
  openProfile(accountId: string): void;
  close(): void;
}

/** Which people dialog is open: opened from the contact menu, the chat header, the account. */
export const usePeople = create<PeopleState>((set) => ({
  details: null,
  profileOf: null,
  openDetails: (accountId, jid) => set({ details: { accountId, jid }, profileOf: null }),
  openProfile: (accountId) => set({ profileOf: accountId, details: null }),
  close: () => set({ details: null, profileOf: null }),
}));

export function openContactDetails(accountId: string, jid: string): void {
  usePeople.getState().openDetails(accountId, jid);
}
