import { useId } from 'react';
import { useT } from '../../i18n';
import type { DirectOption } from './direct';

/**
 * The confirm step's "Send directly" box: shown only when the contact takes direct files;
 * ticked and fixed, with the reason, when the upload service cannot take them.
 */
export function DirectChoice({
  option,
  chosen,
  onChange,
}: {
  option: DirectOption;
  chosen: boolean;
  onChange(chosen: boolean): void;
}) {
  const { t } = useT('files');
  const id = useId();
  if (!option.available) return null;
  const forced = option.forcedBy !== null;
  return (
    <div className="field field-check direct-choice" data-testid="direct-choice">
      <input
        id={`${id}-direct`}
        type="checkbox"
        data-testid="send-direct"
        checked={forced || chosen}
        disabled={forced}
        onChange={(e) => onChange(e.currentTarget.checked)}
        aria-describedby={`${id}-direct-hint`}
      />
      <label htmlFor={`${id}-direct`}>{t('Send directly (no copy on the server)')}</label>
      <p className="hint" id={`${id}-direct-hint`} data-testid="direct-reason">
        {option.forcedBy ?? t('The contact must accept it and stay online until it has arrived.')}
      </p>
    </div>
  );
}
