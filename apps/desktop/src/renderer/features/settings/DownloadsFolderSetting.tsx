import { useEffect, useId, useState } from 'react';
import { useT } from '../../i18n';
import { useSetting } from '../accounts/useSetting';
import { canPickFolder, pickFolder } from './folder-bridge';

/**
 * Where downloads land. In the app the system's folder dialog chooses it; in a browser the
 * path is typed. Either way the backend accepts only an existing folder it may write to, and
 * says why not otherwise (the old folder stays).
 */
export function DownloadsFolderSetting() {
  const { t } = useT('settings');
  const id = useId();
  const { value, status, error, change } = useSetting('downloadsFolder', null);
  const [draft, setDraft] = useState(value);
  // The stored folder shows once read or saved; a refused one stays in the field to be fixed.
  useEffect(() => {
    if (error === null) setDraft(value);
  }, [value, error]);
  const picker = canPickFolder();

  const choose = (): void => {
    void pickFolder().then((folder) => {
      if (folder !== null) change(folder);
    });
  };

  return (
    <div className="field">
      <label htmlFor={`${id}-folder`}>{t('Downloads folder')}</label>
      <div className="settings-folder-row">
        <input
          id={`${id}-folder`}
          type="text"
          data-testid="downloads-folder"
          value={draft}
          placeholder={t("The system's Downloads folder")}
          readOnly={picker}
          spellCheck={false}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !picker) change(draft.trim());
          }}
          aria-describedby={`${id}-folder-hint`}
        />
        {picker ? (
          <button
            type="button"
            className="button"
            data-testid="downloads-folder-choose"
            onClick={choose}
          >
            {t('Choose…')}
          </button>
        ) : (
          <button
            type="button"
            className="button"
            data-testid="downloads-folder-save"
            disabled={status === 'saving' || draft.trim() === value}
            onClick={() => change(draft.trim())}
          >
            {t('Save')}
          </button>
        )}
        {value !== '' && (
          <button
            type="button"
            className="button"
            data-testid="downloads-folder-reset"
            onClick={() => change('')}
          >
            {t('Default')}
          </button>
        )}
      </div>
      <p className="hint" id={`${id}-folder-hint`}>
        {value === ''
          ? t('Files you download are saved here (now: the system’s Downloads folder).')
          : t('Files you download are saved here.')}
        {status === 'saved' && (
          <span className="saved-note" role="status" data-testid="downloads-folder-saved">
            {' '}
            {t('Saved.')}
          </span>
        )}
      </p>
      {error && (
        <p className="form-error" role="alert" data-testid="downloads-folder-error">
          {error}
        </p>
      )}
    </div>
  );
}
