import type { Room } from '@parley/contract';
import type { TFunction } from 'i18next';
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
import { useT } from '../../i18n';

interface RoomHeaderProps {
  room: Room;
  title: string;
  occupantsShown: boolean;
  onToggleOccupants(): void;
  /** Errors of header actions, shown by the view under the header. */
  onError(error: string | null): void;
}

function countText(room: Room, known: number | undefined, t: TFunction): string {
  if (room.state !== 'joined') return room.state === 'joining' ? t('joining…') : t('not joined');
  // The list we hold is the freshest count once it is known.
  const n = known ?? room.occupantCount;
  return t('{{count, number}} people', { count: n });
}

/** Room name, subject, size, and the room's actions. */
export function RoomHeader({
  room,
  title,
  occupantsShown,
  onToggleOccupants,
  onError,
}: RoomHeaderProps) {
  const { t } = useT('rooms');
  const [busy, setBusy] = useState(false);
  const known = useRooms((s) => s.occupants[chatKey(room.accountId, room.jid)]?.size);
  const toggleBookmark = (): void => {
    setBusy(true);
    onError(null);
    setBookmarked(room, !room.bookmarked)
      .catch((e: unknown) =>
        onError(t('Could not change the bookmark: {{error}}', { error: errorText(e) })),
      )
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
            {countText(room, known, t)}
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
          aria-label={room.bookmarked ? t('Remove bookmark') : t('Bookmark this room')}
          title={
            room.bookmarked ? t('Bookmarked: joined at start. Click to remove') : t('Bookmark')
          }
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
          aria-label={occupantsShown ? t('Hide occupants') : t('Show occupants')}
          title={occupantsShown ? t('Hide occupants') : t('Show occupants')}
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
