import type { Room } from '@parley/contract';
import { useState } from 'react';
import { errorText } from '../../app/client';
import { rejoin } from './actions';
import { roomStateWords } from './describe';
import { useT } from '../../i18n';

/** Under the header while we are not in the room: joining, or why not, with Rejoin. */
export function RoomBanner({ room }: { room: Room }) {
  const { t } = useT('rooms');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const words = roomStateWords(room);
  if (!words) return null;
  if (room.state === 'joining') {
    return (
      <div
        className="room-banner joining"
        role="status"
        data-testid="room-banner"
        data-state="joining"
      >
        <span className="spinner" aria-hidden="true" /> {t('Joining the room…')}
      </div>
    );
  }
  const retry = (): void => {
    setBusy(true);
    setError(null);
    rejoin(room)
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setBusy(false));
  };
  return (
    <div
      className={`room-banner ${room.state}`}
      role="alert"
      data-testid="room-banner"
      data-state={room.state}
      data-code={room.error?.code}
    >
      <span className="grow">
        {words}
        {error && <span className="banner-error"> {error}</span>}
      </span>
      {room.error?.code !== 'destroyed' && (
        <button
          type="button"
          className="button button-small"
          data-testid="room-rejoin"
          disabled={busy}
          onClick={retry}
        >
          {busy ? t('Joining…') : room.state === 'left' && !room.error ? t('Join') : t('Rejoin')}
        </button>
      )}
    </div>
  );
}
