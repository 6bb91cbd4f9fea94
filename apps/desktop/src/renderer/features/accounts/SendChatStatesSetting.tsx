import type { Account } from '@parley/contract';
import { useId } from 'react';
import { useT } from '../../i18n';
import { useSetting } from './useSetting';

/**
 * Per account, a privacy choice: whether others see when you are typing (XEP-0085 chat
 * states). Saved at once, like the automatic downloads; seeing others type is unaffected.
 */
export function SendChatStatesSetting({ account }: { account: Account }) {
  const id = useId();
  const { t } = useT('accounts');
  const { value, status, error, change } = useSetting(
    'sendChatStates',
    account.id,
    account.sendChatStates,
  );

  return (
    <div className="field field-check">
      <input
        id={`${id}-chat-states`}
        type="checkbox"
        data-testid="send-chat-states"
        checked={value}
        disabled={status === 'saving'}
        onChange={(e) => change(e.target.checked)}
        aria-describedby={`${id}-chat-states-hint`}
      />
      <label htmlFor={`${id}-chat-states`}>{t('Send typing notifications')}</label>
      <p className="hint" id={`${id}-chat-states-hint`}>
        {t('Lets your contacts see when you are typing. You still see when they are.')}
        {status === 'saved' && (
          <span className="saved-note" role="status" data-testid="send-chat-states-saved">
            {' '}
            {t('Saved.')}
          </span>
        )}
      </p>
      {error && (
        <p className="form-error" role="alert" data-testid="send-chat-states-error">
          {error}
        </p>
      )}
    </div>
  );
}
