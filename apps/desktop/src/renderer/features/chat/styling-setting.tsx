import { useId } from 'react';
import { useT } from '../../i18n';
import { useSetting } from '../accounts/useSetting';

/** The switch for XEP-0393 message styling, beside the other chat preferences. */
export function MessageStylingSetting() {
  const id = useId();
  const { t } = useT('chat');
  // Saved in the settings table; settings.changed brings it to every message body.
  const { value: enabled, change, error } = useSetting('messageStyling', null);
  return (
    <div className="field field-check">
      <input
        id={`${id}-styling`}
        type="checkbox"
        data-testid="message-styling"
        checked={enabled}
        onChange={(e) => change(e.target.checked)}
        aria-describedby={`${id}-styling-hint`}
      />
      <label htmlFor={`${id}-styling`}>{t('Show message formatting')}</label>
      <p className="hint" id={`${id}-styling-hint`}>
        {t(
          '*bold*, _italic_, ~strike~, `code` and > quotes, in all accounts. Off shows every message as plain text.',
        )}
      </p>
      {error && (
        <p className="form-error small" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
