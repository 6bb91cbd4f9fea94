import { useState, type FormEvent, type ReactNode } from 'react';
import { Dialog } from '../../ui/Dialog';
import { FormFooter } from '../../ui/FormFooter';
import { TextField } from '../../ui/TextField';
import { useDialogAction } from '../../ui/useDialogAction';
import { useT } from '../../i18n';

interface ReasonDialogProps {
  title: string;
  description: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  reasonLabel?: string;
  testId?: string;
  onConfirm(reason: string): Promise<void>;
  onClose(): void;
}

/** A ConfirmDialog with an optional reason (kick, ban, role changes, destroy). */
export function ReasonDialog({
  title,
  description,
  confirmLabel,
  danger,
  reasonLabel,
  testId = 'reason-dialog',
  onConfirm,
  onClose,
}: ReasonDialogProps) {
  const { t } = useT('rooms');
  const [reason, setReason] = useState('');
  const { busy, error, run } = useDialogAction(onClose);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    run(() => onConfirm(reason.trim()));
  };

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={title}
      description={description}
      testId={testId}
    >
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label={reasonLabel ?? t('Reason')}
          optional
          data-testid="reason-input"
          maxLength={4096}
          value={reason}
          onChange={setReason}
          autoFocus
        />
        <FormFooter
          error={error}
          errorTestId="reason-error"
          onCancel={onClose}
          cancelTestId="reason-cancel"
          busy={busy}
          danger={danger}
          submitTestId="reason-confirm"
          submitLabel={confirmLabel}
        />
      </form>
    </Dialog>
  );
}
