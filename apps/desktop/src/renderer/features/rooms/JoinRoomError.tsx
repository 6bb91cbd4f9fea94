import type { Room } from '@parley/contract';
import { Trans } from 'react-i18next';
import { displayNick } from './nick';
import { useT } from '../../i18n';

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
  const { t } = useT('rooms');
  const code = room?.error?.code;
  const suggested = code === 'nickname-in-use' ? room?.suggestedNick : null;
  return (
    <div className="join-error" role="alert">
      <p className="form-error" data-testid="join-room-error" data-code={code}>
        {text}
        {code === 'password-required' && ` ${t('Enter it above and join again.')}`}
      </p>
      {suggested && (
        <div className="join-error-actions">
          <button
            type="button"
            className="button button-small"
            data-testid="join-room-use-suggested"
            onClick={() => onUseSuggested(suggested)}
          >
            <Trans
              t={t}
              ns="rooms"
              i18nKey="Use “<0>{{nick}}</0>” instead"
              values={{ nick: displayNick(suggested) }}
              components={[<bdi key="nick" className="nick" />]}
            />
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
            {t('Create this room')}
          </button>
          <label className="option-check">
            <input
              type="checkbox"
              data-testid="join-room-configure"
              checked={configure}
              onChange={(e) => onConfigure(e.target.checked)}
            />
            {t('Configure before opening')}
          </label>
        </div>
      )}
    </div>
  );
}
