import { useState } from 'react';
import { errorText } from '../../app/client';
import { useT } from '../../i18n';
import { Avatar } from '../../ui/Avatar';
import { displayName } from '../../ui/names';
import { block } from '../blocking/actions';
import { answerSubscription } from './actions';
import { useRoster } from './store';

/** People asking to see our presence, for one account, with Accept / Deny. */
export function SubscriptionRequests({ accountId }: { accountId: string }) {
  const { t } = useT('roster');
  const all = useRoster((s) => s.requests);
  const requests = all.filter((r) => r.accountId === accountId);
  const [error, setError] = useState<string | null>(null);
  if (requests.length === 0) return null;
  const answer = (jid: string, accept: boolean): void => {
    setError(null);
    answerSubscription(accountId, jid, accept).catch((e: unknown) => setError(errorText(e)));
  };
  // Instead of Deny: they are not told, and nothing more comes from them (XEP-0191).
  const blockRequest = (jid: string): void => {
    setError(null);
    block(accountId, [jid])
      .then(() => useRoster.getState().resolveRequest(accountId, jid))
      .catch((e: unknown) => setError(errorText(e)));
  };
  return (
    <section
      className="requests"
      aria-label={t('Contact requests')}
      data-testid="subscription-requests"
    >
      <h2 className="section-title">{t('Contact requests')}</h2>
      <ul>
        {requests.map((r) => {
          const name = displayName(r.name, r.jid);
          return (
            <li key={r.jid} className="request" data-testid={`subscription-request-${r.jid}`}>
              <Avatar jid={r.jid} label={name} size="sm" />
              <span className="request-text">
                <span className="contact-name">{name}</span>
                <span className="contact-status">
                  {t('{{jid}} wants to add you', { jid: r.jid })}
                </span>
              </span>
              <span className="request-actions">
                <button
                  type="button"
                  className="button button-small button-primary"
                  onClick={() => answer(r.jid, true)}
                  data-testid={`subscription-accept-${r.jid}`}
                >
                  {t('Accept')}
                </button>
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => answer(r.jid, false)}
                  data-testid={`subscription-deny-${r.jid}`}
                >
                  {t('Deny')}
                </button>
                <button
                  type="button"
                  className="button button-small button-danger"
                  onClick={() => blockRequest(r.jid)}
                  aria-label={t('Block {{jid}}', { jid: r.jid })}
                  data-testid={`subscription-block-${r.jid}`}
                >
                  {t('Block')}
                </button>
              </span>
            </li>
          );
        })}
      </ul>
      {error && (
        <p className="form-error small" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
