import { useT } from '../../i18n';
import { AddAccount } from './AddAccount';

/** Shown while there is no account: sign in with one, or create one. */
export function FirstRun() {
  const { t } = useT('accounts');
  return (
    <div className="first-run">
      <div className="first-run-card">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            P
          </span>
          <span className="brand-name">Parley</span>
        </div>
        <h1>{t('Add an account')}</h1>
        <p className="muted">
          {t(
            'Sign in with an existing XMPP (Jabber) account, or create one on a server that allows it. Your messages stay between you and your server.',
          )}
        </p>
        <AddAccount />
      </div>
    </div>
  );
}
