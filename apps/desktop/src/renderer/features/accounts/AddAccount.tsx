import { useState } from 'react';
import { useT } from '../../i18n';
import { AccountForm } from './AccountForm';
import { RegisterForm } from './RegisterForm';

interface AddAccountProps {
  onDone?(): void;
  onCancel?(): void;
}

/** Sign in with an existing account, or create one on a server that allows it (XEP-0077). */
export function AddAccount({ onDone, onCancel }: AddAccountProps) {
  const { t } = useT('accounts');
  const [mode, setMode] = useState<'sign-in' | 'create'>('sign-in');
  const tab = (value: typeof mode, label: string) => (
    <button
      type="button"
      role="tab"
      id={`add-account-tab-${value}`}
      aria-selected={mode === value}
      aria-controls="add-account-panel"
      className="segment"
      data-testid={`add-account-${value}`}
      onClick={() => setMode(value)}
    >
      {label}
    </button>
  );
  return (
    <div className="add-account">
      <div className="segmented" role="tablist" aria-label={t('How to add the account')}>
        {tab('sign-in', t('Sign in'))}
        {tab('create', t('Create an account'))}
      </div>
      <div role="tabpanel" id="add-account-panel" aria-labelledby={`add-account-tab-${mode}`}>
        {mode === 'sign-in' ? (
          <AccountForm {...(onDone ? { onDone } : {})} {...(onCancel ? { onCancel } : {})} />
        ) : (
          <RegisterForm {...(onDone ? { onDone } : {})} {...(onCancel ? { onCancel } : {})} />
        )}
      </div>
    </div>
  );
}
