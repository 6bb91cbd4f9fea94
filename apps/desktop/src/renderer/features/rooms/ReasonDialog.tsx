import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { errorText } from '../../app/client';
import { Dialog } from '../../ui/Dialog';

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
  reasonLabel = 'Reason',
  testId = 'reason-dialog',
  onConfirm,
  onClose,
}: ReasonDialogProps) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    onConfirm(reason.trim())
      .then(onClose)
      .catch((e: unknown) => {
        setError(errorText(e));
        setBusy(false);
      });
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
        <div className="field">
          <label htmlFor={`${id}-reason`}>
            {reasonLabel} <span className="muted">(optional)</span>
          </label>
          <input
            id={`${id}-reason`}
            data-testid="reason-input"
            type="text"
            maxLength={4096}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            autoFocus
          />
        </div>
        {error && (
          <p className="form-error" role="alert" data-testid="reason-error">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose} data-testid="reason-cancel">
            Cancel
          </button>
          <button
            type="submit"
            className={`button ${danger ? 'button-danger' : 'button-primary'}`}
            disabled={busy}
            data-testid="reason-confirm"
          >
            {confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
