import { jidText } from '@parley/contract';
import { useState, type FormEvent } from 'react';
import { errorText } from '../../app/client';
import { useT } from '../../i18n';
import { AddressField } from '../../ui/TextField';
import { block, unblock } from './actions';
import { useBlocklist } from './store';
import './blocking.css';

/**
 * An account's blocked addresses, in its settings: unblock each, or block an address (a whole
 * server too, as XEP-0191 allows: "spam.example").
 */
export function BlockedList({ accountId }: { accountId: string }) {
  const { t } = useT('blocking');
  const state = useBlocklist(accountId);
  const [address, setAddress] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const jids = state?.jids ?? [];
  const local = new Set(state?.local ?? []);

  const act = async (action: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const text = address.trim().toLowerCase();
    if (!jidText.safeParse(text).success) {
      setError(t('Enter an address such as spam@example.org, or a server such as example.org.'));
      return;
    }
    void act(() => block(accountId, [text])).then((ok) => ok && setAddress(''));
  };

  return (
    <section className="blocked-list" aria-labelledby={`blocked-${accountId}`}>
      <h3 id={`blocked-${accountId}`} className="section-title">
        {t('Blocked addresses')}
      </h3>
      {state?.supported === false && (
        <p className="hint" data-testid="blocking-unsupported">
          {t(
            'Your server does not support blocking. Parley hides what blocked addresses send on this device, but the server still delivers it to your other devices.',
          )}
        </p>
      )}
      {jids.length === 0 ? (
        <p className="muted small" data-testid="blocked-empty">
          {t('Nobody is blocked.')}
        </p>
      ) : (
        <ul className="blocked-entries" data-testid="blocked-list">
          {jids.map((jid) => (
            <li key={jid} className="blocked-entry" data-testid={`blocked-${jid}`}>
              <bdi className="grow">{jid}</bdi>
              {!jid.includes('@') && <span className="muted small">{t('whole server')}</span>}
              {local.has(jid) && (
                <span
                  className="muted small"
                  title={t(
                    'Blocked where the server has no blocking: only this device hides what it sends.',
                  )}
                >
                  {t('this device only')}
                </span>
              )}
              <button
                type="button"
                className="button button-small"
                disabled={busy}
                aria-label={t('Unblock {{jid}}', { jid })}
                data-testid={`unblock-${jid}`}
                onClick={() => void act(() => unblock(accountId, [jid]))}
              >
                {t('Unblock')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="blocked-add" onSubmit={submit} noValidate>
        <AddressField
          label={t('Block an address or a server')}
          placeholder={t('spam@example.org or example.org')}
          data-testid="block-address"
          value={address}
          onChange={setAddress}
        />
        <button
          type="submit"
          className="button"
          disabled={busy || address.trim() === ''}
          data-testid="block-address-submit"
        >
          {t('Block')}
        </button>
      </form>
      {error && (
        <p className="form-error small" role="alert" data-testid="blocked-error">
          {error}
        </p>
      )}
    </section>
  );
}
