import { create } from 'zustand';

/** The command palette (Ctrl/Cmd+Shift+P): open or not. */
export const usePalette = create<{ open: boolean; setOpen(open: boolean): void }>()((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
}));
