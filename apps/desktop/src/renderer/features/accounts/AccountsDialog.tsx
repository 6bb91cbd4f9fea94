import type { Account } from '@parley/contract';
import { useEffect, useState } from 'react';
import { Trans } from 'react-i18next';
import { errorText } from '../../app/client';
import { useT } from '../../i18n';
import { Avatar } from '../../ui/Avatar';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Dialog } from '../../ui/Dialog';
import { Icon } from '../../ui/Icon';
import { useUi } from '../ui/store';
import { connectAccount, disconnectAccount, removeAccount } from './actions';
import { AccountColorMark, AccountColorPicker } from './AccountColor';
import { AccountEnabledSwitch, AccountOrderButtons, moveOnKey } from './AccountOrder';
import { BlockedList } from '../blocking/BlockedList';
import { AccountForm } from './AccountForm';
import { useInvites } from '../invites/store';
import { AddAccount } from './AddAccount';
import { AccountStateBadge } from './AccountStateBadge';
import { connectionErrorWords } from './describe';
import { useAccounts } from './store';
import { failureWords } from '../../i18n/backend-texts';

type View = { kind: 'list' } | { kind: 'add' } | { kind: 'edit'; id: string };

function AccountRow({
  account,
  index,
  count,
  onEdit,
  onRemove,
}: {
  account: Account;
  /** Place in the list and its length: for the move buttons. */
  index: number;
  count: number;
  onEdit(): void;
  onRemove(): void;
}) {
  const { t } = useT('accounts');
  const [error, setError] = useState<string | null>(null);
  const undismiss = useUi((s) => s.undismissCertificate);
  const run = (action: () => Promise<void>): void => {
    setError(null);
    action().catch((e: unknown) => setError(errorText(e)));
  };
  const connected = account.state === 'online' || account.state === 'connecting';
  return (
    <li
      className={`account-row${account.enabled ? '' : ' account-disabled'}`}
      data-testid={`account-row-${account.jid}`}
      data-enabled={account.enabled}
      onKeyDown={(e) => moveOnKey(e, account.id, (m) => setError(m))}
    >
      <AccountOrderButtons account={account} index={index} count={count} onError={setError} />
      <AccountColorMark color={account.color} shape="stripe" />
      <Avatar jid={account.jid} label={account.jid} />
      <div className="account-row-main">
        <div className="account-row-title">
          <span className="account-jid" dir="auto">
            {account.jid}
          </span>
          <AccountStateBadge account={account} testId={`account-state-${account.jid}`} />
        </div>
        {account.state === 'error' && account.error && (
          <p className="account-error" data-testid="account-error">
            {account.error.message
              ? t('{{reason}}: {{detail}}', {
                  reason: connectionErrorWords(account.error.code),
                  detail: failureWords(account.error),
                })
              : connectionErrorWords(account.error.code)}
          </p>
        )}
        {account.untrustedCertificate && (
          <button type="button" className="link-button" onClick={() => undismiss(account.id)}>
            {t('Review the server’s certificate…')}
          </button>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="account-row-actions">
        <AccountEnabledSwitch account={account} onError={setError} />
        <AccountColorPicker account={account} />
        {!account.enabled ? null : connected ? (
          <button
            type="button"
            className="button button-small"
            data-testid="account-disconnect"
            onClick={() => run(() => disconnectAccount(account.id))}
          >
            {t('Disconnect')}
          </button>
        ) : (
          <button
            type="button"
            className="button button-small"
            data-testid="account-connect"
            onClick={() => run(() => connectAccount(account.id))}
          >
            {t('Connect')}
          </button>
        )}
        <button
          type="button"
          className="button button-small"
          data-testid="account-edit"
          onClick={onEdit}
        >
          {t('Edit')}
        </button>
        <button
          type="button"
          className="button button-small button-danger-quiet"
          data-testid="account-remove"
          onClick={onRemove}
        >
          {t('Remove')}
        </button>
      </div>
    </li>
  );
}

/** Manage accounts: state, connect/disconnect, edit, remove, add another. */
export function AccountsDialog() {
  const { t } = useT('accounts');
  const open = useUi((s) => s.accountsDialogOpen);
  const setOpen = useUi((s) => s.setAccountsDialogOpen);
  const accounts = useAccounts((s) => s.accounts);
  const [view, setView] = useState<View>({ kind: 'list' });
  // An invitation to sign up with (a link the system opened, or one pasted elsewhere).
  const invited = useInvites((s) => s.signup !== null);
  useEffect(() => {
    if (invited && open) setView({ kind: 'add' });
  }, [invited, open]);
  const [removing, setRemoving] = useState<Account | null>(null);
  const editing = view.kind === 'edit' ? accounts.find((a) => a.id === view.id) : undefined;
  const back = (): void => setView({ kind: 'list' });
  const title =
    view.kind === 'add'
      ? t('Add an account')
      : editing
        ? t('Edit {{jid}}', { jid: editing.jid })
        : t('Accounts');

  return (
    <>
      <Dialog
        open={open}
        onOpenChange={(o) => {
          setOpen(o);
          if (!o) back();
        }}
        title={title}
        testId="accounts-dialog"
        wide
      >
        {view.kind === 'add' && <AddAccount onDone={back} onCancel={back} />}
        {editing && (
          <AccountForm key={editing.id} account={editing} onDone={back} onCancel={back} />
        )}
        {editing && <BlockedList key={`blocked-${editing.id}`} accountId={editing.id} />}
        {view.kind === 'list' && (
          <>
            <ul className="account-list">
              {accounts.map((account, index) => (
                <AccountRow
                  key={account.id}
                  account={account}
                  index={index}
                  count={accounts.length}
                  onEdit={() => setView({ kind: 'edit', id: account.id })}
                  onRemove={() => setRemoving(account)}
                />
              ))}
            </ul>
            <div className="dialog-actions">
              <button
                type="button"
                className="button button-primary"
                data-testid="add-account-button"
                onClick={() => setView({ kind: 'add' })}
              >
                <Icon name="plus" size={16} /> {t('Add account')}
              </button>
            </div>
          </>
        )}
      </Dialog>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={t('Remove account?')}
        confirmLabel={t('Remove account')}
        danger
        onConfirm={async () => {
          if (removing) await removeAccount(removing.id);
        }}
      >
        <Trans
          t={t}
          i18nKey="Parley will disconnect and forget <strong>{{jid}}</strong> and its password. The account itself stays on its server."
          values={{ jid: removing?.jid ?? '' }}
          components={{ strong: <strong /> }}
        />
      </ConfirmDialog>
    </>
  );
}
