import type { Account } from '@parley/contract';
import { useState, type FormEvent } from 'react';
import { Dialog } from '../../ui/Dialog';
import { FormFooter } from '../../ui/FormFooter';
import { TextField } from '../../ui/TextField';
import { useDialogAction } from '../../ui/useDialogAction';
import { deleteAccountOnServer } from './signup-actions';

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
    if (!matches) return setError(`Type ${account.jid} to confirm.`);
    run(async () => {
      const failure = await deleteAccountOnServer(account.id, typed.trim());
      if (failure) throw new Error(failure.message);
    });
  };
  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title="Delete account from the server"
      testId="delete-account-dialog"
      description={
        <>
          This deletes <strong>{account.jid}</strong> on its server for good: nobody can sign in to
          it any more, and contacts lose it. Parley then removes the account here too, with all its
          messages. This cannot be undone.
        </>
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label={`Type ${account.jid} to confirm`}
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
          submitLabel={busy ? 'Deleting…' : 'Delete account'}
        />
      </form>
    </Dialog>
  );
}
