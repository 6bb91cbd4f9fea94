import type { CommandRequest } from '@parley/contract';
import { useState } from 'react';
import { errorText } from '../../app/client';
import { updateAccount } from './actions';

/**
 * One account setting saved the moment it changes (apart from the connection settings, whose
 * saving reconnects): shown at once, "Saved." once stored, the old value back on failure.
 */
export function useAccountSetting<T>(
  accountId: string,
  initial: T,
  patch: (value: T) => Omit<CommandRequest<'accounts.update'>, 'id'>,
) {
  const [value, setValue] = useState(initial);
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<string | null>(null);

  const change = (next: T): void => {
    const before = value;
    setValue(next);
    setStatus('saving');
    setError(null);
    updateAccount({ id: accountId, ...patch(next) })
      .then(() => setStatus('saved'))
      .catch((e: unknown) => {
        setValue(before);
        setStatus('idle');
        setError(errorText(e));
      });
  };
  return { value, status, error, change };
}
