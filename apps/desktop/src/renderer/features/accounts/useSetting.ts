import {
  parseSettingValue,
  settingDefault,
  type SettingEntry,
  type SettingKey,
  type SettingValue,
} from '@parley/contract';
import { useEffect, useRef, useState } from 'react';
import { errorText, getClient } from '../../app/client';

/** The value an entry carries for this setting, or undefined when it is not one for it. */
function valueFor<K extends SettingKey>(
  entry: SettingEntry | undefined,
  key: K,
  accountId: string | null,
): SettingValue<K> | undefined {
  if (!entry || entry.key !== key || entry.accountId !== accountId) return undefined;
  const parsed = parseSettingValue(key, entry.value);
  return parsed.ok ? parsed.value : undefined;
}

/**
 * One preference (declared in the contract's settings.ts), app-wide (accountId null) or of an
 * account: read from the backend, kept current by settings.changed (another window, another
 * device of the same profile), and saved the moment it changes: shown at once, "Saved." once
 * stored, the old value back on failure. `shown` is what the caller already knows (an
 * account's view carries its preferences), used until the backend answers.
 */
export function useSetting<K extends SettingKey>(
  key: K,
  accountId: string | null,
  shown?: SettingValue<K>,
) {
  const [value, setValue] = useState<SettingValue<K>>(shown ?? settingDefault(key));
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<string | null>(null);
  // The backend has answered the first read (what is shown is then what is stored).
  const [loaded, setLoaded] = useState(false);
  // Once the user has changed it here, a slower answer to the first read must not undo that.
  const touched = useRef(false);

  useEffect(() => {
    let live = true;
    const client = getClient();
    const off = client.on('settings.changed', (entry) => {
      const next = valueFor(entry, key, accountId);
      if (next !== undefined) setValue(next);
    });
    client
      .call('settings.get', { key, accountId })
      .then((entry) => {
        const current = valueFor(entry, key, accountId);
        if (live && !touched.current && current !== undefined) setValue(current);
        if (live) setLoaded(true);
      })
      .catch(() => {
        // Shown as it was: a failed read changes nothing the user sees.
      });
    return () => {
      live = false;
      off();
    };
  }, [key, accountId]);

  const change = (next: SettingValue<K>): void => {
    const before = value;
    touched.current = true;
    setValue(next);
    setStatus('saving');
    setError(null);
    getClient()
      .call('settings.set', { key, accountId, value: next })
      .then((entry) => {
        const stored = valueFor(entry, key, accountId);
        if (stored !== undefined) setValue(stored);
        setStatus('saved');
      })
      .catch((e: unknown) => {
        setValue(before);
        setStatus('idle');
        setError(errorText(e));
      });
  };
  return { value, status, error, change, loaded };
}
