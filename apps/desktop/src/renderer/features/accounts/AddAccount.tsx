import { useEffect, useState } from 'react';
import { useT } from '../../i18n';
import { InviteSignUp } from '../invites/InviteSignUp';
import { useInvites } from '../invites/store';
import { AccountForm } from './AccountForm';
import { RegisterForm } from './RegisterForm';

interface AddAccountProps {
  onDone?(): void;
  onCancel?(): void;
}

/**
 * Sign in with an existing account, create one on a server that allows it (XEP-0077), or
 * with an invitation (XEP-0401).
 */
export function AddAccount({ onDone, onCancel }: AddAccountProps) {
  const { t } = useT('accounts');
  const invited = useInvites((s) => s.signup !== null);
  const [mode, setMode] = useState<'sign-in' | 'create' | 'invite'>(invited ? 'invite' : 'sign-in');
  // An invitation link the system opened Parley with while this was shown.
  useEffect(() => {
    if (invited) setMode('invite');
  }, [invited]);
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
        {tab('invite', t('Use an invitation'))}
      </div>
      <div role="tabpanel" id="add-account-panel" aria-labelledby={`add-account-tab-${mode}`}>
        {mode === 'sign-in' ? (
          <AccountForm {...(onDone ? { onDone } : {})} {...(onCancel ? { onCancel } : {})} />
        ) : mode === 'create' ? (
          <RegisterForm {...(onDone ? { onDone } : {})} {...(onCancel ? { onCancel } : {})} />
        ) : (
          <InviteSignUp {...(onDone ? { onDone } : {})} {...(onCancel ? { onCancel } : {})} />
        )}
      </div>
    </div>
  );
}
