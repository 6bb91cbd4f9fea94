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
  /** The occupant panel of a room, at the window's current width. */
  occupantsShown: boolean;
  /** Beside the timeline on a wide window: shown until hidden. */
  shownWide: boolean;
  /** An overlay on a narrow window (below 1140 px): closed until asked for. */
  shownNarrow: boolean;
  narrow: boolean;
  toggleOccupants(): void;
  setNarrow(narrow: boolean): void;
  /** Closes the overlay on a narrow window; false when there was none open. */
  hideOccupantsOverlay(): boolean;
}

export const useRoomPrefs = create<RoomPrefs>()((set, get) => ({
  occupantsShown: true,
  shownWide: true,
  shownNarrow: false,
  narrow: false,
  toggleOccupants: () =>
    set((s) =>
      s.narrow
        ? { shownNarrow: !s.shownNarrow, occupantsShown: !s.shownNarrow }
        : { shownWide: !s.shownWide, occupantsShown: !s.shownWide },
    ),
  setNarrow: (narrow) =>
    set((s) => ({ narrow, occupantsShown: narrow ? s.shownNarrow : s.shownWide })),
  hideOccupantsOverlay: () => {
    const s = get();
    if (!s.narrow || !s.shownNarrow) return false;
    set({ shownNarrow: false, occupantsShown: false });
    return true;
  },
}));
