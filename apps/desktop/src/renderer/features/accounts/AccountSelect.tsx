import type { Account } from '@parley/contract';
import { useId } from 'react';
import { useT } from '../../i18n';

interface AccountSelectProps {
  accounts: readonly Account[];
  value: string;
  onChange(accountId: string): void;
  testId: string;
}

/** Which account a dialog acts for; shown only when there is a choice to make. */
export function AccountSelect({ accounts, value, onChange, testId }: AccountSelectProps) {
  const id = useId();
  const { t } = useT('accounts');
  if (accounts.length < 2) return null;
  return (
    <div className="field">
      <label htmlFor={`${id}-account`}>{t('Account')}</label>
      <select
        id={`${id}-account`}
        data-testid={testId}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        {accounts.map((a) => (
          <option key={a.id} value={a.id}>
            {a.jid}
          </option>
        ))}
      </select>
    </div>
  );
}
