import type { Account } from '@parley/contract';
import { useState, type FormEvent } from 'react';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { FormFooter } from '../../ui/FormFooter';
import { TextField } from '../../ui/TextField';
import { useDialogAction } from '../../ui/useDialogAction';
import { changePassword } from './signup-actions';
import { fixFor } from './signup-words';
import { failureWords } from '../../i18n/backend-texts';

interface ChangePasswordDialogProps {
  account: Account;
  open: boolean;
  onOpenChange(open: boolean): void;
}

/** XEP-0077 §3.3: a new password on the server, then in Parley's store. */
export function ChangePasswordDialog({ account, open, onOpenChange }: ChangePasswordDialogProps) {
  const { t } = useT('accounts');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const { busy, error, setError, run } = useDialogAction(() => close(false));
  const close = (next: boolean): void => {
    if (!next) {
      setPassword('');
      setRepeat('');
      setError(null);
    }
    onOpenChange(next);
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    // React events bubble through the portal: the account form around us must not submit too.
    event.stopPropagation();
    if (!password) return setError(t('Enter the new password.'));
    if (password !== repeat) return setError(t('The two passwords are not the same.'));
    run(async () => {
      const failure = await changePassword(account.id, password);
      if (failure) throw new Error(`${failureWords(failure)} ${fixFor(failure.code)}`);
    });
  };
  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title={t('Change password')}
      testId="change-password-dialog"
      description={
        <Trans
          t={t}
          i18nKey="The password of <strong>{{jid}}</strong> changes on the server; Parley keeps the new one. Other apps signed in to this account will need it too."
          values={{ jid: account.jid }}
          components={{ strong: <strong /> }}
        />
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label={t('New password')}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          data-testid="new-password"
          autoFocus
        />
        <TextField
          label={t('New password again')}
          type="password"
          autoComplete="new-password"
          value={repeat}
          onChange={setRepeat}
          data-testid="new-password-repeat"
        />
        <FormFooter
          error={error}
          errorTestId="change-password-error"
          onCancel={() => close(false)}
          busy={busy}
          submitTestId="change-password-submit"
          submitLabel={busy ? t('Changing…') : t('Change password')}
        />
      </form>
    </Dialog>
  );
}
