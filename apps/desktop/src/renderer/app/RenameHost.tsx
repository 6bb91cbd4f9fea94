import type { Room } from '@parley/contract';
import { useState, type FormEvent } from 'react';
import { useRooms } from '../features/rooms/store';
import { ContactDialogs } from '../features/roster/ContactDialogs';
import { useT } from '../i18n';
import { Dialog } from '../ui/Dialog';
import { FormFooter } from '../ui/FormFooter';
import { TextField } from '../ui/TextField';
import { useDialogAction } from '../ui/useDialogAction';
import { getClient } from './client';
import { useNav } from './shortcuts/store';

/** Saves `name` as the room's bookmark name: a room without a bookmark gets one. */
async function renameRoom(room: Room, name: string): Promise<void> {
  const updated = await getClient().call('rooms.bookmark', {
    accountId: room.accountId,
    room: room.jid,
    bookmarked: true,
    autojoin: room.bookmarked ? room.autojoin : true,
    name,
  });
  useRooms.getState().upsertRoom(updated);
}

/** F2 on a group chat: its name for the user, kept in the bookmark their other clients read. */
function RoomRenameDialog({ room, onClose }: { room: Room; onClose(): void }) {
  const { t } = useT('common');
  const [name, setName] = useState(room.name);
  const { busy, error, run } = useDialogAction(onClose);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    run(() => renameRoom(room, name.trim()));
  };
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('Rename group chat')}
      testId="room-rename-dialog"
      description={
        room.bookmarked
          ? t('The name is saved in the bookmark of {{room}}.', { room: room.jid })
          : t('The name is saved in a bookmark of {{room}}: the room will be joined at start.', {
              room: room.jid,
            })
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label={t('Name')}
          data-testid="room-rename-input"
          maxLength={1024}
          value={name}
          onChange={setName}
          autoFocus
        />
        <FormFooter
          error={error}
          onCancel={onClose}
          busy={busy}
          submitTestId="room-rename-submit"
          submitLabel={t('Save')}
        />
      </form>
    </Dialog>
  );
}

/** F2 on a conversation: the roster's rename dialog for a contact, the bookmark's for a room. */
export function RenameHost() {
  const target = useNav((s) => s.renaming);
  const close = () => useNav.getState().setRenaming(null);
  if (!target) return null;
  if (target.kind === 'room') return <RoomRenameDialog room={target.room} onClose={close} />;
  return (
    <ContactDialogs
      accountId={target.contact.accountId}
      state={{ kind: 'rename', contact: target.contact }}
      onClose={close}
    />
  );
}
