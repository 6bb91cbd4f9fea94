import type { Account } from '@parley/contract';
import { useId } from 'react';
import type { TFunction } from 'i18next';
import { useT } from '../../i18n';
import { useSetting } from '../accounts/useSetting';
import { formatBytes } from './format';

const MB = 1024 * 1024;
/** The offered limits with their labels, each written out so extraction finds it. */
export function autoDownloadChoices(t: TFunction): readonly { bytes: number; label: string }[] {
  return [
    { bytes: 0, label: t('Off') },
    { bytes: 1 * MB, label: t('{{n}} MB', { n: 1 }) },
    { bytes: 5 * MB, label: t('5 MB (default)') },
    { bytes: 25 * MB, label: t('{{n}} MB', { n: 25 }) },
    { bytes: 100 * MB, label: t('{{n}} MB', { n: 100 }) },
  ];
}

/**
 * Per account: files from roster contacts up to this size download by themselves (and images
 * and short videos then preview inline). Saved at once, apart from the connection settings
 * (saving those reconnects the account).
 */
export function AutoDownloadSetting({ account }: { account: Account }) {
  const id = useId();
  const { t } = useT('files');
  const choices = autoDownloadChoices(t);
  const { value, status, error, change } = useSetting(
    'autoDownloadBytes',
    account.id,
    account.autoDownloadBytes,
  );
  const known = choices.some((c) => c.bytes === value);

  return (
    <div className="field">
      <label htmlFor={`${id}-auto`}>{t('Automatic downloads')}</label>
      <select
        id={`${id}-auto`}
        data-testid="auto-download-limit"
        value={String(value)}
        disabled={status === 'saving'}
        onChange={(e) => change(Number(e.target.value))}
        aria-describedby={`${id}-auto-hint`}
      >
        {!known && <option value={String(value)}>{formatBytes(value)}</option>}
        {choices.map((c) => (
          <option key={c.bytes} value={String(c.bytes)}>
            {c.label}
          </option>
        ))}
      </select>
      <p className="hint" id={`${id}-auto-hint`}>
        {t(
          'Files from your contacts up to this size download by themselves, and pictures show in the conversation. Others wait for your click. Nothing is ever opened without it.',
        )}
        {status === 'saved' && (
          <span className="saved-note" role="status" data-testid="auto-download-saved">
            {' '}
            {t('Saved.')}
          </span>
        )}
      </p>
      {error && (
        <p className="form-error" role="alert" data-testid="auto-download-error">
          {error}
        </p>
      )}
    </div>
  );
}
