import { chatKey, useUi } from '../ui/store';
import { BrowseRoomsDialog } from './BrowseRoomsDialog';
import { CreateRoomDialog } from './CreateRoomDialog';
import { useRoomDialog } from './dialogs';
import { JoinRoomDialog } from './JoinRoomDialog';
import { RoomConfigDialog } from './RoomConfigDialog';

/** Hosts the app-level room dialogs (join, create, browse, configure); one at a time. */
export function RoomDialogs() {
  const dialog = useRoomDialog((s) => s.dialog);
  const close = useRoomDialog((s) => s.close);
  const accountId = useUi((s) => s.activeAccountId);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'join':
      // Keyed so that a new request (e.g. from the browser, with an error) starts fresh.
      return <JoinRoomDialog key={JSON.stringify(dialog)} initial={dialog} onClose={close} />;
    case 'create':
      return <CreateRoomDialog onClose={close} />;
    case 'browse':
      return accountId ? <BrowseRoomsDialog accountId={accountId} onClose={close} /> : null;
    case 'config':
      return (
        <RoomConfigDialog
          key={chatKey(dialog.accountId, dialog.room)}
          accountId={dialog.accountId}
          room={dialog.room}
          created={dialog.created}
          onClose={close}
        />
      );
  }
}
