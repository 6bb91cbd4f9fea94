import type { Account } from '@parley/contract';
import { useState } from 'react';
import { errorText } from '../../app/client';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n';
import { dateFormat } from '../../i18n/format';
import { Dialog } from '../../ui/Dialog';
import { useUi } from '../ui/store';
import { pinCertificate } from './actions';
import { useAccounts } from './store';

/** The first account stopped on a certificate the user has not yet turned down this session. */
function usePromptedAccount(): Account | undefined {
  const accounts = useAccounts((s) => s.accounts);
  const dismissed = useUi((s) => s.dismissedCertificates);
  return accounts.find(
    (a) => a.untrustedCertificate && dismissed[a.id] !== a.untrustedCertificate.fingerprint256,
  );
}

function formatDate(text: string): string {
  const date = new Date(text);
  return Number.isNaN(date.getTime())
    ? text
    : dateFormat({ dateStyle: 'long', timeStyle: 'short' }).format(date);
}

/**
 * A server presented a certificate that does not chain to a trusted authority. The user may pin
 * exactly this certificate for this account (as Gajim and Dino offer), or leave it untrusted.
 */
export function CertificateDialog() {
  const { t } = useT('accounts');
  const account = usePromptedAccount();
  const dismiss = useUi((s) => s.dismissCertificate);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cert = account?.untrustedCertificate;
  if (!account || !cert) return null;

  const trust = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await pinCertificate(account.id, cert.fingerprint256);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const cancel = (): void => {
    setError(null);
    dismiss(account.id, cert.fingerprint256);
  };
  const expired = Date.parse(cert.validTo) < Date.now();

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && cancel()}
      title={t('Untrusted certificate')}
      testId="certificate-dialog"
      wide
      description={
        <Trans
          t={t}
          i18nKey="The server for <strong>{{jid}}</strong> presented a certificate that Parley cannot verify ({{reason}}). Someone could be intercepting the connection. Trust it only if you know this server uses this certificate, for example because you run it yourself or its operator gave you the fingerprint."
          values={{ jid: account.jid, reason: cert.reason }}
          components={{ strong: <strong /> }}
        />
      }
    >
      <dl className="cert-details">
        <dt>{t('Subject')}</dt>
        <dd data-testid="certificate-subject">{cert.subject}</dd>
        <dt>{t('Issuer')}</dt>
        <dd data-testid="certificate-issuer">{cert.issuer}</dd>
        <dt>{t('Valid from')}</dt>
        <dd>{formatDate(cert.validFrom)}</dd>
        <dt>{t('Valid until')}</dt>
        <dd className={expired ? 'danger-text' : undefined}>
          {expired
            ? t('{{date}} (expired)', { date: formatDate(cert.validTo) })
            : formatDate(cert.validTo)}
        </dd>
        <dt>{t('SHA-256 fingerprint')}</dt>
        <dd className="fingerprint" data-testid="certificate-fingerprint">
          {cert.fingerprint256}
        </dd>
      </dl>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={cancel} data-testid="certificate-cancel">
          {t('Cancel')}
        </button>
        <button
          type="button"
          className="button button-danger"
          onClick={() => void trust()}
          disabled={busy}
          data-testid="certificate-trust"
        >
          {t('Trust this certificate for this account')}
        </button>
      </div>
    </Dialog>
  );
}
