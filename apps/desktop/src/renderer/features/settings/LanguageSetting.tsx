import { LANGUAGES, useT } from '../../i18n';
import { useSetting } from '../accounts/useSetting';

/**
 * The interface's language: the system's (when we have it) or one of the translations, each
 * named in itself so a user who cannot read the current one still finds theirs.
 */
export function LanguageSetting() {
  const { t } = useT('settings');
  const { value, error, change } = useSetting('language', null);
  return (
    <div className="field" data-testid="language-setting">
      <label htmlFor="settings-language">{t('Language')}</label>
      <select
        id="settings-language"
        data-testid="language-select"
        value={value ?? 'system'}
        onChange={(e) => change(e.target.value as typeof value)}
      >
        <option value="system">{t('Follow the system')}</option>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code} dir={l.dir}>
            {l.name}
          </option>
        ))}
      </select>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
