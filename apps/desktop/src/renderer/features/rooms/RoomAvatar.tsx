import { Avatar } from '../../ui/Avatar';
import { Icon } from '../../ui/Icon';

/**
 * A room's avatar: its vCard picture (XEP-0486, as the room announces it) or initials on its
 * XEP-0392 colour, with a group badge where contacts show presence.
 */
export function RoomAvatar({
  jid,
  label,
  size = 'md',
}: {
  jid: string;
  label: string;
  size?: 'sm' | 'md';
}) {
  return (
    <span className={`room-avatar room-avatar-${size}`}>
      <Avatar jid={jid} label={label} size={size} />
      <span className="room-badge" aria-hidden="true">
        <Icon name="group" size={size === 'sm' ? 10 : 11} />
      </span>
    </span>
  );
}
