import type { SettingValue } from '@parley/contract';
import { useSetting } from '../accounts/useSetting';

const CHOICES: readonly { value: SettingValue<'theme'>; label: string }[] = [
  { value: 'system', label: 'Follow the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** The colours: system, light or dark; the page switches at once (settings.changed). */
export function ThemeSetting() {
  const { value, error, change } = useSetting('theme', null);
  return (
    <fieldset className="field-options settings-choices" data-testid="theme-setting">
      <legend>Theme</legend>
      {CHOICES.map((c) => (
        <label key={c.value} className="option-check">
          <input
            type="radio"
            name="theme"
            value={c.value}
            data-testid={`theme-${c.value}`}
            checked={value === c.value}
            onChange={() => change(c.value)}
          />
          {c.label}
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
