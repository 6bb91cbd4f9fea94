import type { Contact } from '@parley/contract';
import { create } from 'zustand';

interface NavState {
  /** The keyboard shortcuts sheet (`?`). */
  sheetOpen: boolean;
  /** The sidebar as a drawer over the conversation, on a narrow window. */
  drawerOpen: boolean;
  /** F2 on a conversation: the contact whose name is being edited. */
  renaming: Contact | null;
  setSheetOpen(open: boolean): void;
  setDrawerOpen(open: boolean): void;
  setRenaming(contact: Contact | null): void;
}

export const useNav = create<NavState>()((set) => ({
  sheetOpen: false,
  drawerOpen: false,
  renaming: null,
  setSheetOpen: (sheetOpen) => set({ sheetOpen }),
  setDrawerOpen: (drawerOpen) => set({ drawerOpen }),
  setRenaming: (renaming) => set({ renaming }),
}));
