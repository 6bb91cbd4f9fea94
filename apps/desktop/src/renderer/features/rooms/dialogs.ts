import type { Room } from '@parley/contract';
import { create } from 'zustand';

/** The app-level room dialogs: one at a time, opened from the sidebar, a room or a card. */
export type RoomDialog =
  | {
      kind: 'join';
      accountId?: string;
      address?: string;
      nick?: string;
      password?: string;
      /** A join that already failed (e.g. from the room browser): its error is shown at once. */
      failed?: Room;
    }
  | { kind: 'browse' }
  /** "Create group chat": name, address, public or private. */
  | { kind: 'create' }
  /** created: the room was just made with instant false and stays locked until submitted. */
  | { kind: 'config'; accountId: string; room: string; created: boolean }
  | null;

interface RoomDialogState {
  dialog: RoomDialog;
  open(dialog: RoomDialog): void;
  close(): void;
}

export const useRoomDialog = create<RoomDialogState>()((set) => ({
  dialog: null,
  open: (dialog) => set({ dialog }),
  close: () => set({ dialog: null }),
}));

interface RoomPrefs {
  /** The occupant panel beside a room's timeline. */
  occupantsShown: boolean;
  toggleOccupants(): void;
}

export const useRoomPrefs = create<RoomPrefs>()((set) => ({
  occupantsShown: true,
  toggleOccupants: () => set((s) => ({ occupantsShown: !s.occupantsShown })),
}));
