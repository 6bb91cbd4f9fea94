import type { ReactNode } from 'react';
import { useT } from '../i18n';
import { Dialog } from './Dialog';
import { FormError } from './FormFooter';
import { useDialogAction } from './useDialogAction';

interface ConfirmDialogProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm(): Promise<void>;
}

/** "Are you sure?" with the action's error shown in place if it fails. */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  children,
  confirmLabel,
  danger,
  onConfirm,
}: ConfirmDialogProps) {
  const { t } = useT('common');
  const { busy, error, run } = useDialogAction(() => onOpenChange(false));
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={title}
      description={children}
      testId="confirm-dialog"
    >
      <FormError error={error} />
      <div className="dialog-actions">
        <button
          type="button"
          className="button"
          onClick={() => onOpenChange(false)}
          data-testid="confirm-cancel"
        >
          {t('Cancel')}
        </button>
        <button
          type="button"
          className={`button ${danger ? 'button-danger' : 'button-primary'}`}
          disabled={busy}
          onClick={() => run(onConfirm)}
          data-testid="confirm-ok"
        >
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
