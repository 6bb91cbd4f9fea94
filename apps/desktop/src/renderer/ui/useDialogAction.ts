import { useState } from 'react';
import { errorText } from '../app/client';

/**
 * The action a dialog exists for (invite, confirm, save): busy while it runs, then the dialog
 * closes on success, or stays open with the failure in words so the user can try again.
 */
export function useDialogAction(onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const attempt = async (action: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const run = (action: () => Promise<unknown>): void => void attempt(action);
  return { busy, error, setError, run };
}
