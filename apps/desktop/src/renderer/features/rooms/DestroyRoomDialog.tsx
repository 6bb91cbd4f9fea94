import type { Room } from '@parley/contract';
import { destroyRoom } from './actions';
import { ReasonDialog } from './ReasonDialog';

/** Destroy a room we own, with a reason everyone in it is told. */
export function DestroyRoomDialog({
  room,
  title,
  onClose,
}: {
  room: Room;
  title: string;
  onClose(): void;
}) {
  return (
    <ReasonDialog
      title="Destroy this room?"
      testId="destroy-room-dialog"
      description={
        <>
          <bdi>{title}</bdi> ({room.jid}) will be removed from the server for everyone in it. This
          cannot be undone.
        </>
      }
      reasonLabel="Reason, shown to everyone"
      confirmLabel="Destroy room"
      danger
      // The view stays: its banner says the room was destroyed, and the menu can remove it.
      onConfirm={(reason) => destroyRoom(room.accountId, room.jid, reason)}
      onClose={onClose}
    />
  );
}
