import type { Room } from '@parley/contract';
import * as Menu from '@radix-ui/react-dropdown-menu';
import { useState } from 'react';
import { errorText } from '../../app/client';
import { Icon } from '../../ui/Icon';
import { AvatarDialog } from '../avatars/AvatarDialog';
import { useUi } from '../ui/store';
import { forgetRoom, leaveRoom, rejoin } from './actions';
import { useRoomDialog } from './dialogs';
import { DestroyRoomDialog } from './DestroyRoomDialog';
import { InviteDialog } from './InviteDialog';
import { MembersDialog } from './MembersDialog';
import { canConfigure, canDestroy, canManageMembers } from './moderation';
import { NickDialog } from './NickDialog';

type Open = 'nick' | 'invite' | 'members' | 'avatar' | 'destroy' | null;

/** The room's ⋮ menu: what we may do depends on being in the room and on our affiliation. */
export function RoomMenu({
  room,
  title,
  onError,
}: {
  room: Room;
  title: string;
  onError(error: string | null): void;
}) {
  const [open, setOpen] = useState<Open>(null);
  const joined = room.state === 'joined';
  const run = (what: string, action: () => Promise<void>): void => {
    onError(null);
    action().catch((e: unknown) => onError(`Could not ${what}: ${errorText(e)}`));
  };
  const item = (testId: string, label: string, onSelect: () => void, danger = false) => (
    <Menu.Item
      className={`menu-item${danger ? ' danger' : ''}`}
      data-testid={testId}
      onSelect={onSelect}
    >
      {label}
    </Menu.Item>
  );
  return (
    <>
      <Menu.Root>
        <Menu.Trigger asChild>
          <button
            type="button"
            className="icon-button"
            data-testid="room-menu"
            aria-label="Room actions"
            title="Room actions"
          >
            <Icon name="more" />
          </button>
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content className="menu" align="end" sideOffset={4}>
            {joined && item('room-menu-nick', 'Change nickname…', () => setOpen('nick'))}
            {joined && item('room-menu-invite', 'Invite…', () => setOpen('invite'))}
            {joined &&
              canConfigure(room) &&
              item('room-menu-configure', 'Configure…', () =>
                useRoomDialog.getState().open({
                  kind: 'config',
                  accountId: room.accountId,
                  room: room.jid,
                  created: false,
                }),
              )}
            {joined &&
              canConfigure(room) &&
              item('room-menu-avatar', 'Room avatar…', () => setOpen('avatar'))}
            {joined &&
              canManageMembers(room) &&
              item('room-menu-members', 'Members…', () => setOpen('members'))}
            {joined && <Menu.Separator className="menu-separator" />}
            {joined &&
              canDestroy(room) &&
              item('room-menu-destroy', 'Destroy room…', () => setOpen('destroy'), true)}
            {!joined &&
              room.state !== 'joining' &&
              item('room-menu-join', 'Join', () => run('join the room', () => rejoin(room)))}
            {joined || room.state === 'joining'
              ? item('room-menu-leave', 'Leave', () =>
                  run('leave the room', () => leaveRoom(room.accountId, room.jid)),
                )
              : !room.bookmarked &&
                item('room-menu-forget', 'Remove from the list', () =>
                  run('remove the room', async () => {
                    await forgetRoom(room.accountId, room.jid);
                    useUi.getState().setOpenChat(null);
                  }),
                )}
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
      {open === 'nick' && <NickDialog room={room} onClose={() => setOpen(null)} />}
      {open === 'invite' && (
        <InviteDialog room={room} title={title} onClose={() => setOpen(null)} />
      )}
      {open === 'members' && <MembersDialog room={room} onClose={() => setOpen(null)} />}
      {open === 'avatar' && (
        <AvatarDialog
          target={{ kind: 'room', room, title }}
          open
          onOpenChange={(isOpen) => !isOpen && setOpen(null)}
        />
      )}
      {open === 'destroy' && (
        <DestroyRoomDialog room={room} title={title} onClose={() => setOpen(null)} />
      )}
    </>
  );
}
