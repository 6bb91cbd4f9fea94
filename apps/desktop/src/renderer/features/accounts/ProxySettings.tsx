import type { Account } from '@parley/contract';
import { useId, useState, type KeyboardEvent } from 'react';
import { errorText } from '../../app/client';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { setAccountProxy } from './actions';
import {
  proxyChoiceLabel,
  ProxyFields,
  proxyInputOf,
  proxyProblem,
  proxyValuesOf,
  type ProxyValues,
} from './ProxyFields';

/**
 * The account's proxy. Saved on its own (the account form's Save is about the server), and a
 * connected account reconnects through it at once. With a proxy set, Parley never connects
 * around it: if the proxy fails, the account shows why and stays offline.
 */
export function ProxySettings({ account }: { account: Account }) {
  const id = useId();
  const { t } = useT('accounts');
  const current = account.proxy;
  const [open, setOpen] = useState(current !== null);
  const [values, setValues] = useState<ProxyValues>(() => proxyValuesOf(current));
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<string | null>(null);

  const save = async (): Promise<void> => {
    setError(null);
    const problem = proxyProblem(values);
    if (problem) return setError(problem);
    setState('saving');
    try {
      // Empty password: keep the stored one (the field never shows it).
      await setAccountProxy({ id: account.id, proxy: proxyInputOf(values, true) });
      setValues((v) => ({ ...v, password: '' }));
      setState('saved');
    } catch (e) {
      setError(errorText(e));
      setState('idle');
    }
  };
  // Enter in these fields saves the proxy, not the account form around them.
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    void save();
  };

  return (
    <>
      <button
        type="button"
        className="link-button disclosure"
        aria-expanded={open}
        aria-controls={`${id}-proxy`}
        onClick={() => setOpen((v) => !v)}
        data-testid="proxy-toggle"
      >
        <Icon name={open ? 'chevronDown' : 'chevronRight'} size={16} />
        {current ? t('Proxy: {{type}}', { type: proxyChoiceLabel(current.type) }) : t('Proxy')}
      </button>
      {open && (
        <fieldset
          className="advanced proxy-settings"
          id={`${id}-proxy`}
          data-testid="proxy-settings"
          onKeyDown={onKeyDown}
        >
          <legend className="visually-hidden">{t('Proxy')}</legend>
          <ProxyFields
            value={values}
            onChange={(v) => {
              setValues(v);
              if (v.type !== values.type) setState('idle');
            }}
            passwordPlaceholder={current?.hasPassword ? t('Unchanged') : ''}
          />
          <div className="proxy-actions">
            <button
              type="button"
              className="button button-small"
              data-testid="proxy-save"
              disabled={state === 'saving'}
              onClick={() => void save()}
            >
              {state === 'saving' ? t('Saving…') : t('Save proxy')}
            </button>
            {state === 'saved' && (
              <span className="saved-note" role="status" data-testid="proxy-saved">
                {t('Saved.')}
              </span>
            )}
          </div>
          {error && (
            <p className="form-error" role="alert" data-testid="proxy-error">
              {error}
            </p>
          )}
        </fieldset>
      )}
    </>
  );
}
