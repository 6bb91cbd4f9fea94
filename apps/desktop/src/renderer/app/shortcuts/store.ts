import type { Contact, Room } from '@parley/contract';
import { create } from 'zustand';

export type Renaming = { kind: 'contact'; contact: Contact } | { kind: 'room'; room: Room };

interface NavState {
  /** The keyboard shortcuts sheet (`?`). */
  sheetOpen: boolean;
  /** The sidebar as a drawer over the conversation, on a narrow window. */
  drawerOpen: boolean;
  /** F2 on a conversation: the contact or group chat whose name is being edited. */
  renaming: Renaming | null;
  setSheetOpen(open: boolean): void;
  setDrawerOpen(open: boolean): void;
  setRenaming(target: Renaming | null): void;
}

export const useNav = create<NavState>()((set) => ({
  sheetOpen: false,
  drawerOpen: false,
  renaming: null,
  setSheetOpen: (sheetOpen) => set({ sheetOpen }),
  setDrawerOpen: (drawerOpen) => set({ drawerOpen }),
  setRenaming: (renaming) => set({ renaming }),
}));
