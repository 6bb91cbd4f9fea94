import type { Account } from '@parley/contract';
import { useState } from 'react';
import { useT } from '../../i18n';
import { ChangePasswordDialog } from './ChangePasswordDialog';
import { DeleteAccountDialog } from './DeleteAccountDialog';

/** The account's own settings on its server: password and deletion (need it online). */
export function AccountServerActions({ account }: { account: Account }) {
  const { t } = useT('accounts');
  const [dialog, setDialog] = useState<'password' | 'delete' | null>(null);
  const online = account.state === 'online';
  return (
    <div className="field">
      <span className="field-label">{t('On the server')}</span>
      <div className="form-actions start">
        <button
          type="button"
          className="button"
          disabled={!online}
          onClick={() => setDialog('password')}
          data-testid="change-password"
        >
          {t('Change password…')}
        </button>
        <button
          type="button"
          className="button button-danger"
          disabled={!online}
          onClick={() => setDialog('delete')}
          data-testid="delete-account"
        >
          {t('Delete account…')}
        </button>
      </div>
      {!online && <p className="hint">{t('Available while the account is online.')}</p>}
      <ChangePasswordDialog
        account={account}
        open={dialog === 'password'}
        onOpenChange={(open) => setDialog(open ? 'password' : null)}
      />
      <DeleteAccountDialog
        account={account}
        open={dialog === 'delete'}
        onOpenChange={(open) => setDialog(open ? 'delete' : null)}
      />
    </div>
  );
}
