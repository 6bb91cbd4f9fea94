import type { SettingValue } from '@parley/contract';
import { useT } from '../../i18n';
import { useSetting } from '../accounts/useSetting';

const CHOICES: readonly SettingValue<'theme'>[] = ['system', 'light', 'dark'];

/** The colours: system, light or dark; the page switches at once (settings.changed). */
export function ThemeSetting() {
  const { t } = useT('settings');
  const { value, error, change } = useSetting('theme', null);
  // Each label written out, so extraction finds it.
  const labels: Record<SettingValue<'theme'>, string> = {
    system: t('Follow the system'),
    light: t('Light'),
    dark: t('Dark'),
  };
  return (
    <fieldset className="field-options settings-choices" data-testid="theme-setting">
      <legend>{t('Theme')}</legend>
      {CHOICES.map((choice) => (
        <label key={choice} className="option-check">
          <input
            type="radio"
            name="theme"
            value={choice}
            data-testid={`theme-${choice}`}
            checked={value === choice}
            onChange={() => change(choice)}
          />
          {labels[choice]}
        </label>
      ))}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
