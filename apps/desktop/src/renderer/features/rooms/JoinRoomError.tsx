import type { Room } from '@parley/contract';
import { displayNick } from './nick';

interface JoinRoomErrorProps {
  text: string;
  /** The refused room, when the server answered (its error code picks the offered action). */
  room: Room | null;
  busy: boolean;
  configure: boolean;
  onConfigure(configure: boolean): void;
  onCreate(): void;
  onUseSuggested(nick: string): void;
}

/** Why the join failed, in words, and the fitting next step. */
export function JoinRoomError({
  text,
  room,
  busy,
  configure,
  onConfigure,
  onCreate,
  onUseSuggested,
}: JoinRoomErrorProps) {
  const code = room?.error?.code;
  const suggested = code === 'nickname-in-use' ? room?.suggestedNick : null;
  return (
    <div className="join-error" role="alert">
      <p className="form-error" data-testid="join-room-error" data-code={code}>
        {text}
        {code === 'password-required' && ' Enter it above and join again.'}
      </p>
      {suggested && (
        <div className="join-error-actions">
          <button
            type="button"
            className="button button-small"
            data-testid="join-room-use-suggested"
            onClick={() => onUseSuggested(suggested)}
          >
            Use “<bdi className="nick">{displayNick(suggested)}</bdi>” instead
          </button>
        </div>
      )}
      {code === 'not-found' && (
        <div className="join-error-actions">
          <button
            type="button"
            className="button button-small button-primary"
            data-testid="join-room-create"
            disabled={busy}
            onClick={onCreate}
          >
            Create this room
          </button>
          <label className="option-check">
            <input
              type="checkbox"
              data-testid="join-room-configure"
              checked={configure}
              onChange={(e) => onConfigure(e.target.checked)}
            />
            Configure before opening
          </label>
        </div>
      )}
    </div>
  );
}
