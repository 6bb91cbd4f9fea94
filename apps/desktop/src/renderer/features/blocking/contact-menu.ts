import type { Contact } from '@parley/contract';
import { create } from 'zustand';

/** The contact menu's entries this feature adds (ContactRow shows them, the host acts). */
export type ContactMenuAction = 'sendFile' | 'invite' | 'block' | 'unblock';

export interface ContactMenuRequest {
  action: ContactMenuAction;
  accountId: string;
  contact: Contact;
}

interface ContactMenuState {
  request: ContactMenuRequest | null;
  /** Set by the mounted ContactMenuHost: opens the file picker within the user's click. */
  pickFiles: ((accountId: string, jid: string) => void) | null;
  open(request: ContactMenuRequest): void;
  close(): void;
}

export const useContactMenu = create<ContactMenuState>()((set) => ({
  request: null,
  pickFiles: null,
  open: (request) => set({ request }),
  close: () => set({ request: null }),
}));

/** What the menu's entry does: the file picker opens at once, the rest through a dialog. */
export function runContactMenuAction(request: ContactMenuRequest): void {
  const state = useContactMenu.getState();
  if (request.action === 'sendFile') {
    state.pickFiles?.(request.accountId, request.contact.jid);
    return;
  }
  state.open(request);
}
