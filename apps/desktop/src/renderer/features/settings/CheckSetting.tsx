import type { SettingKey, SettingValue } from '@parley/contract';
import { useId, type ReactNode } from 'react';
import { useT } from '../../i18n';
import { useSetting } from '../accounts/useSetting';

/** The settings whose value is a plain on/off. */
export type SwitchKey = {
  [K in SettingKey]: SettingValue<K> extends boolean ? K : never;
}[SettingKey];

interface CheckSettingProps {
  setting: SwitchKey;
  /** The account of a per-account setting; null for an app-wide one. */
  accountId: string | null;
  label: string;
  hint: ReactNode;
  testId: string;
}

/** One on/off preference: saved the moment it changes, "Saved." once stored, errors in words. */
export function CheckSetting({ setting, accountId, label, hint, testId }: CheckSettingProps) {
  const { t } = useT('settings');
  const id = useId();
  const { value, status, error, change, loaded } = useSetting(setting, accountId);
  return (
    <div className="field field-check">
      <input
        id={`${id}-check`}
        type="checkbox"
        data-testid={testId}
        data-loaded={loaded}
        checked={value as boolean}
        disabled={status === 'saving'}
        onChange={(e) => change(e.target.checked as SettingValue<typeof setting>)}
        aria-describedby={`${id}-hint`}
      />
      <label htmlFor={`${id}-check`}>{label}</label>
      <p className="hint" id={`${id}-hint`}>
        {hint}
        {status === 'saved' && (
          <span className="saved-note" role="status">
            {' '}
            {t('Saved.')}
          </span>
        )}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
