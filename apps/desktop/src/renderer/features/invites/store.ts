import { create } from 'zustand';

interface InvitesState {
  /** An invitation link to create an account with (the add-account screen's invitation tab). */
  signup: string | null;
  /** A contact invitation an account is asked to open (the confirmation dialog). */
  accept: { accountId: string; uri: string } | null;
  setSignup(uri: string | null): void;
  setAccept(accept: { accountId: string; uri: string } | null): void;
}

/** Invitation links waiting for the user: opened by the system, pasted, or clicked. */
export const useInvites = create<InvitesState>()((set) => ({
  signup: null,
  accept: null,
  setSignup: (signup) => set({ signup }),
  setAccept: (accept) => set({ accept }),
}));
