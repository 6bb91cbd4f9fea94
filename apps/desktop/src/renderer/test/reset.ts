import { useAccounts } from '../features/accounts/store';
import { useChat } from '../features/chat/store';
import { useConversations } from '../features/conversations/store';
import { useFiles } from '../features/files/store';
import { useInvites } from '../features/invites/store';
import { useStaging } from '../features/files/staging';
import { useRoomDialog, useRoomPrefs } from '../features/rooms/dialogs';
import { useRooms } from '../features/rooms/store';
import { flushRosterChanges, useRoster } from '../features/roster/store';
import { useUi } from '../features/ui/store';

/** Fresh slices between renderer tests (zustand stores are module singletons). */
export function resetStores(): void {
  flushRosterChanges();
  useAccounts.setState({ loaded: false, accounts: [], history: {} });
  useRoster.setState({ byAccount: {}, requests: [] });
  useConversations.setState({ loaded: false, byKey: new Map() });
  useChat.setState({
    timelines: {},
    recent: [],
    typing: {},
    roomTyping: {},
    drafts: {},
    atBottom: {},
  });
  useRooms.setState({ rooms: new Map(), occupants: {}, notices: {}, invitations: [] });
  useFiles.getState().setAll([]);
  useFiles.setState({ refusals: {}, declined: {}, panelOpen: false });
  useStaging.setState({ byKey: {}, overflow: {} });
  useRoomDialog.setState({ dialog: null });
  useInvites.setState({ signup: null, accept: null });
  useRoomPrefs.setState({
    occupantsShown: true,
    shownWide: true,
    shownNarrow: false,
    narrow: false,
  });
  useUi.setState({
    activeAccountId: null,
    tab: 'chats',
    openChat: null,
    link: 'open',
    accountsDialogOpen: false,
    dismissedCertificates: {},
    visible: true,
  });
}
