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
import { useT } from '../../i18n';

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
  const { t } = useT('rooms');
  const [open, setOpen] = useState<Open>(null);
  const joined = room.state === 'joined';
  /** Runs the action; `failed` words its error (one whole sentence per action). */
  const run = (failed: (error: string) => string, action: () => Promise<void>): void => {
    onError(null);
    action().catch((e: unknown) => onError(failed(errorText(e))));
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
            aria-label={t('Room actions')}
            title={t('Room actions')}
          >
            <Icon name="more" />
          </button>
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content className="menu" align="end" sideOffset={4}>
            {joined && item('room-menu-nick', t('Change nickname…'), () => setOpen('nick'))}
            {joined && item('room-menu-invite', t('Invite…'), () => setOpen('invite'))}
            {joined &&
              canConfigure(room) &&
              item('room-menu-configure', t('Configure…'), () =>
                useRoomDialog.getState().open({
                  kind: 'config',
                  accountId: room.accountId,
                  room: room.jid,
                  created: false,
                }),
              )}
            {joined &&
              canConfigure(room) &&
              item('room-menu-avatar', t('Room avatar…'), () => setOpen('avatar'))}
            {joined &&
              canManageMembers(room) &&
              item('room-menu-members', t('Members…'), () => setOpen('members'))}
            {joined && <Menu.Separator className="menu-separator" />}
            {joined &&
              canDestroy(room) &&
              item('room-menu-destroy', t('Destroy room…'), () => setOpen('destroy'), true)}
            {!joined &&
              room.state !== 'joining' &&
              item('room-menu-join', t('Join'), () =>
                run(
                  (error) => t('Could not join the room: {{error}}', { error }),
                  () => rejoin(room),
                ),
              )}
            {joined || room.state === 'joining'
              ? item('room-menu-leave', t('Leave'), () =>
                  run(
                    (error) => t('Could not leave the room: {{error}}', { error }),
                    () => leaveRoom(room.accountId, room.jid),
                  ),
                )
              : !room.bookmarked &&
                item('room-menu-forget', t('Remove from the list'), () =>
                  run(
                    (error) => t('Could not remove the room: {{error}}', { error }),
                    async () => {
                      await forgetRoom(room.accountId, room.jid);
                      useUi.getState().setOpenChat(null);
                    },
                  ),
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
