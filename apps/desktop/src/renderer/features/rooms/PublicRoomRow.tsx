import type { PublicRoom } from '@parley/contract';
import { memo } from 'react';
import { Avatar } from '../../ui/Avatar';
import { Icon } from '../../ui/Icon';
import { displayName } from '../../ui/names';
import { useT } from '../../i18n';

interface PublicRoomRowProps {
  room: PublicRoom;
  busy: boolean;
  onJoin(room: PublicRoom): void;
}

/** One room of a service's directory: name, address, description, size, locks, Join. */
export const PublicRoomRow = memo(function PublicRoomRow({
  room,
  busy,
  onJoin,
}: PublicRoomRowProps) {
  const { t } = useT('rooms');
  const name = displayName(room.name, room.jid);
  return (
    <div className="public-room" data-testid={`public-room-${room.jid}`}>
      <Avatar jid={room.jid} label={name} size="sm" />
      <div className="public-room-text">
        <div className="public-room-top">
          <span className="public-room-name" dir="auto">
            {name}
          </span>
          {room.membersOnly && (
            <span className="room-flag" title={t('Members only')} data-testid="members-only">
              <Icon name="lock" size={13} />
              <span className="visually-hidden">{t('Members only')}</span>
            </span>
          )}
          {room.passwordProtected && (
            <span
              className="room-flag"
              title={t('Password protected')}
              data-testid="password-protected"
            >
              <Icon name="key" size={13} />
              <span className="visually-hidden">{t('Password protected')}</span>
            </span>
          )}
        </div>
        <span className="public-room-jid">{room.jid}</span>
        {room.description && (
          <span className="public-room-description" dir="auto">
            {room.description}
          </span>
        )}
      </div>
      {room.occupants !== null && (
        <span
          className="public-room-count"
          title={t('{{count, number}} people in the room', { count: room.occupants })}
        >
          <Icon name="contacts" size={14} />
          {room.occupants}
        </span>
      )}
      <button
        type="button"
        className="button button-small"
        data-testid={`public-room-join-${room.jid}`}
        disabled={busy}
        onClick={() => onJoin(room)}
      >
        {busy ? t('Joining…') : t('Join')}
      </button>
    </div>
  );
});
