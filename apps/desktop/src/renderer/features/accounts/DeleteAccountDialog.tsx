import type { Account } from '@parley/contract';
import { useState, type FormEvent } from 'react';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { FormFooter } from '../../ui/FormFooter';
import { TextField } from '../../ui/TextField';
import { useDialogAction } from '../../ui/useDialogAction';
import { deleteAccountOnServer } from './signup-actions';
import { failureWords } from '../../i18n/backend-texts';

interface DeleteAccountDialogProps {
  account: Account;
  open: boolean;
  onOpenChange(open: boolean): void;
  onDeleted?(): void;
}

/** XEP-0077 §3.2, confirmed by typing the address: the account goes, on the server and here. */
export function DeleteAccountDialog({
  account,
  open,
  onOpenChange,
  onDeleted,
}: DeleteAccountDialogProps) {
  const { t } = useT('accounts');
  const [typed, setTyped] = useState('');
  const { busy, error, setError, run } = useDialogAction(() => onDeleted?.());
  const close = (next: boolean): void => {
    if (!next) {
      setTyped('');
      setError(null);
    }
    onOpenChange(next);
  };
  const matches = typed.trim() === account.jid;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    // React events bubble through the portal: the account form around us must not submit too.
    event.stopPropagation();
    if (!matches) return setError(t('Type {{jid}} to confirm.', { jid: account.jid }));
    run(async () => {
      const failure = await deleteAccountOnServer(account.id, typed.trim());
      if (failure) throw new Error(failureWords(failure));
    });
  };
  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title={t('Delete account from the server')}
      testId="delete-account-dialog"
      description={
        <Trans
          t={t}
          i18nKey="This deletes <strong>{{jid}}</strong> on its server for good: nobody can sign in to it any more, and contacts lose it. Parley then removes the account here too, with all its messages. This cannot be undone."
          values={{ jid: account.jid }}
          components={{ strong: <strong /> }}
        />
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label={t('Type {{jid}} to confirm', { jid: account.jid })}
          autoCapitalize="none"
          spellCheck={false}
          autoComplete="off"
          value={typed}
          onChange={setTyped}
          data-testid="delete-account-confirm"
        />
        <FormFooter
          error={error}
          errorTestId="delete-account-error"
          onCancel={() => close(false)}
          busy={busy || !matches}
          danger
          submitTestId="delete-account-submit"
          submitLabel={busy ? t('Deleting…') : t('Delete account')}
        />
      </form>
    </Dialog>
  );
}
