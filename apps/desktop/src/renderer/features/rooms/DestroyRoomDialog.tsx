import type { Room } from '@parley/contract';
import { Trans } from 'react-i18next';
import { destroyRoom } from './actions';
import { ReasonDialog } from './ReasonDialog';
import { useT } from '../../i18n';

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
  const { t } = useT('rooms');
  return (
    <ReasonDialog
      title={t('Destroy this room?')}
      testId="destroy-room-dialog"
      description={
        <Trans
          t={t}
          ns="rooms"
          i18nKey="<0>{{title}}</0> ({{jid}}) will be removed from the server for everyone in it. This cannot be undone."
          values={{ title, jid: room.jid }}
          components={[<bdi key="title" />]}
        />
      }
      reasonLabel={t('Reason, shown to everyone')}
      confirmLabel={t('Destroy room')}
      danger
      // The view stays: its banner says the room was destroyed, and the menu can remove it.
      onConfirm={(reason) => destroyRoom(room.accountId, room.jid, reason)}
      onClose={onClose}
    />
  );
}
