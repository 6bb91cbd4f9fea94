import type { ReactNode } from 'react';
import { useT } from '../i18n';

/** A form's error in words, announced to screen readers; nothing while there is none. */
export function FormError({ error, testId }: { error?: string | null; testId?: string }) {
  if (!error) return null;
  return (
    <p className="form-error" role="alert" data-testid={testId}>
      {error}
    </p>
  );
}

interface FormFooterProps {
  /** Shown in words above the buttons, announced to screen readers. */
  error?: string | null;
  errorTestId?: string;
  onCancel?: () => void;
  cancelTestId?: string;
  submitLabel: ReactNode;
  submitTestId?: string;
  busy?: boolean;
  /** The primary action destroys or removes something: its button is red. */
  danger?: boolean;
}

/** The end of every form: its error, then Cancel and the primary action. */
export function FormFooter({
  error,
  errorTestId,
  onCancel,
  cancelTestId,
  submitLabel,
  submitTestId,
  busy = false,
  danger = false,
}: FormFooterProps) {
  const { t } = useT('common');
  return (
    <>
      <FormError error={error} testId={errorTestId} />
      <div className="form-actions">
        {onCancel && (
          <button type="button" className="button" onClick={onCancel} data-testid={cancelTestId}>
            {t('Cancel')}
          </button>
        )}
        <button
          type="submit"
          className={`button ${danger ? 'button-danger' : 'button-primary'}`}
          disabled={busy}
          data-testid={submitTestId}
        >
          {submitLabel}
        </button>
      </div>
    </>
  );
}
