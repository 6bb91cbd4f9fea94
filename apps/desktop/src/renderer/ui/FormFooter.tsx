import type { ReactNode } from 'react';

interface FormFooterProps {
  /** Shown in words above the buttons, announced to screen readers. */
  error?: string | null;
  errorTestId?: string;
  onCancel?: () => void;
  submitLabel: ReactNode;
  submitTestId?: string;
  busy?: boolean;
}

/** The end of every form: its error, then Cancel and the primary action. */
export function FormFooter({
  error,
  errorTestId,
  onCancel,
  submitLabel,
  submitTestId,
  busy = false,
}: FormFooterProps) {
  return (
    <>
      {error && (
        <p className="form-error" role="alert" data-testid={errorTestId}>
          {error}
        </p>
      )}
      <div className="form-actions">
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button
          type="submit"
          className="button button-primary"
          disabled={busy}
          data-testid={submitTestId}
        >
          {submitLabel}
        </button>
      </div>
    </>
  );
}
