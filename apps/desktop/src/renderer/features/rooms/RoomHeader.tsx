import type { Room } from '@parley/contract';
import { useState } from 'react';
import { errorText } from '../../app/client';
import { Icon } from '../../ui/Icon';
import { RoomAvatar } from './RoomAvatar';
import { setBookmarked } from './actions';
import { NotifyMenu } from '../notifications/NotifyMenu';
import { SearchButton } from '../search/SearchButton';
import { LockButton } from '../omemo/LockButton';
import { RoomMenu } from './RoomMenu';
import { RoomSubject } from './RoomSubject';
import { useRooms } from './store';
import { chatKey } from '../ui/store';

interface RoomHeaderProps {
  room: Room;
  title: string;
  occupantsShown: boolean;
  onToggleOccupants(): void;
  /** Errors of header actions, shown by the view under the header. */
  onError(error: string | null): void;
}

function countText(room: Room, known: number | undefined): string {
  if (room.state !== 'joined') return room.state === 'joining' ? 'joining…' : 'not joined';
  // The list we hold is the freshest count once it is known.
  const n = known ?? room.occupantCount;
  return `${n.toLocaleString()} ${n === 1 ? 'person' : 'people'}`;
}

/** Room name, subject, size, and the room's actions. */
export function RoomHeader({
  room,
  title,
  occupantsShown,
  onToggleOccupants,
  onError,
}: RoomHeaderProps) {
  const [busy, setBusy] = useState(false);
  const known = useRooms((s) => s.occupants[chatKey(room.accountId, room.jid)]?.size);
  const toggleBookmark = (): void => {
    setBusy(true);
    onError(null);
    setBookmarked(room, !room.bookmarked)
      .catch((e: unknown) => onError(`Could not change the bookmark: ${errorText(e)}`))
      .finally(() => setBusy(false));
  };
  return (
    <header className="chat-header room-header" data-testid="room-header" data-state={room.state}>
      <RoomAvatar jid={room.jid} label={title} />
      <div className="chat-header-text grow">
        <h1 className="chat-title" dir="auto" title={room.jid}>
          {title}
        </h1>
        <p className="chat-subtitle room-subtitle">
          <RoomSubject room={room} onError={onError} />
          <span className="room-count muted" data-testid="room-occupant-count">
            {'\u00a0·\u00a0'}
            {countText(room, known)}
          </span>
        </p>
      </div>
      <div className="header-actions">
        <LockButton accountId={room.accountId} peer={room.jid} />
        <button
          type="button"
          className="icon-button room-bookmark"
          data-testid="room-bookmark"
          aria-pressed={room.bookmarked}
          aria-label={room.bookmarked ? 'Remove bookmark' : 'Bookmark this room'}
          title={room.bookmarked ? 'Bookmarked: joined at start. Click to remove' : 'Bookmark'}
          disabled={busy}
          onClick={toggleBookmark}
        >
          <Icon name="bookmark" />
        </button>
        <button
          type="button"
          className="icon-button"
          data-testid="room-occupants-toggle"
          aria-pressed={occupantsShown}
          aria-controls="occupant-panel"
          aria-label={occupantsShown ? 'Hide occupants' : 'Show occupants'}
          title={occupantsShown ? 'Hide occupants' : 'Show occupants'}
          onClick={onToggleOccupants}
        >
          <Icon name="group" />
        </button>
        <SearchButton accountId={room.accountId} peer={room.jid} />
        <NotifyMenu accountId={room.accountId} peer={room.jid} kind="room" />
        <RoomMenu room={room} title={title} onError={onError} />
      </div>
    </header>
  );
}
