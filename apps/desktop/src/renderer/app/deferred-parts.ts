// The pieces App mounts that the first screen does not show, each a chunk of its own (loaded
// when opened, or once the app is idle: ui/deferred.tsx), so the startup bundle holds what the
// conversation list needs and little else. The stores that say "open" stay in the bundle.
import { usePeople } from '../features/people/store';
import { useRoomDialog } from '../features/rooms/dialogs';
import { useSearchUi } from '../features/search/store';
import { useSettingsDialog } from '../features/settings/dialog-store';
import { useUi } from '../features/ui/store';
import { deferred } from '../ui/deferred';
import { useNav } from './shortcuts/store';

/** The open conversation: the likely next step, so App loads it first once the list is up. */
export const ChatView = deferred(
  () => import('../features/chat/ChatView').then((m) => m.ChatView),
  { shape: 'pane' },
);

export const AccountsDialog = deferred(
  () => import('../features/accounts/AccountsDialog').then((m) => m.AccountsDialog),
  { useOpen: () => useUi((s) => s.accountsDialogOpen) },
);

export const SettingsDialog = deferred(
  () => import('../features/settings/SettingsDialog').then((m) => m.SettingsDialog),
  { useOpen: () => useSettingsDialog((s) => s.open) },
);

export const RoomDialogs = deferred(
  () => import('../features/rooms/RoomDialogs').then((m) => m.RoomDialogs),
  { useOpen: () => useRoomDialog((s) => s.dialog !== null) },
);

export const QuickSwitcher = deferred(
  () => import('../features/search/QuickSwitcher').then((m) => m.QuickSwitcher),
  { useOpen: () => useSearchUi((s) => s.quickSwitcherOpen) },
);

export const SearchDialog = deferred(
  () => import('../features/search/SearchDialog').then((m) => m.SearchDialog),
  { useOpen: () => useSearchUi((s) => s.globalOpen) },
);

export const PeopleDialogs = deferred(
  () => import('../features/people/PeopleDialogs').then((m) => m.PeopleDialogs),
  { useOpen: () => usePeople((s) => s.details !== null || s.profileOf !== null) },
);

export const RenameHost = deferred(() => import('./RenameHost').then((m) => m.RenameHost), {
  useOpen: () => useNav((s) => s.renaming !== null),
});
