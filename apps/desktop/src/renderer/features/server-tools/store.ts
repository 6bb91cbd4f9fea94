import { create } from 'zustand';

/** The server tools' dialogs: one at a time, opened from the account menu or each other. */
export type ServerToolsDialog =
  | { kind: 'disco'; accountId: string; jid?: string }
  | { kind: 'adhoc'; accountId: string; jid: string; node?: string }
  | { kind: 'console'; accountId: string }
  | { kind: 'server-info'; accountId: string }
  | null;

interface ServerToolsState {
  dialog: ServerToolsDialog;
  open(dialog: ServerToolsDialog): void;
  close(): void;
}

export const useServerTools = create<ServerToolsState>()((set) => ({
  dialog: null,
  open: (dialog) => set({ dialog }),
  close: () => set({ dialog: null }),
}));
