import { useId } from 'react';
import { useT } from '../../i18n';
import { useSetting } from './useSetting';

/**
 * The app-wide `omemo` switch (issue 10): on, every account publishes this device's OMEMO keys
 * and chats with contacts who have OMEMO devices are encrypted by default (the header's lock
 * still turns it off per conversation). Saved at once, like the other preferences here.
 */
export function OmemoSetting() {
  const id = useId();
  const { t } = useT('accounts');
  const { value, status, error, change, loaded } = useSetting('omemo', null);
  return (
    <div className="field field-check">
      <input
        id={`${id}-omemo`}
        type="checkbox"
        data-testid="omemo-setting"
        data-loaded={loaded}
        checked={value}
        disabled={status === 'saving'}
        onChange={(e) => change(e.target.checked)}
        aria-describedby={`${id}-omemo-hint`}
      />
      <label htmlFor={`${id}-omemo`}>{t('End-to-end encryption (OMEMO)')}</label>
      <p className="hint" id={`${id}-omemo-hint`}>
        {t(
          "Publishes this device's keys and encrypts chats with contacts who use OMEMO, in all accounts.",
        )}
        {status === 'saved' && (
          <span className="saved-note" role="status" data-testid="omemo-setting-saved">
            {' '}
            {t('Saved.')}
          </span>
        )}
      </p>
      {error && (
        <p className="form-error" role="alert" data-testid="omemo-setting-error">
          {error}
        </p>
      )}
    </div>
  );
}
