import { useState } from 'react';

interface Props {
  text: string;
  /** The button's words, and what the status line says after it, in the caller's namespace. */
  label: string;
  copied: string;
  failed: string;
  testId?: string;
}

/** Copies `text` to the clipboard; the outcome is announced in a status line beside it. */
export function CopyButton({ text, label, copied, failed, testId }: Props) {
  const [status, setStatus] = useState<string | null>(null);
  const copy = () => {
    navigator.clipboard
      .writeText(text)
      .then(() => setStatus(copied))
      .catch(() => setStatus(failed));
  };
  return (
    <>
      <button type="button" className="button" onClick={copy} data-testid={testId}>
        {label}
      </button>{' '}
      <span role="status" className="muted">
        {status}
      </span>
    </>
  );
}
