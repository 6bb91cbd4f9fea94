import type { CertificateInfo } from '@parley/contract';
import { useT } from '../../i18n';
import { dateFormat } from '../../i18n/format';

function formatDate(text: string): string {
  const date = new Date(text);
  return Number.isNaN(date.getTime())
    ? text
    : dateFormat({ dateStyle: 'long', timeStyle: 'short' }).format(date);
}

/** What the user needs to decide about a certificate: who, by whom, how long, fingerprint. */
export function CertificateDetails({ cert }: { cert: CertificateInfo }) {
  const { t } = useT('accounts');
  const expired = Date.parse(cert.validTo) < Date.now();
  return (
    <dl className="cert-details" data-testid="signin-certificate">
      <dt>{t('Subject')}</dt>
      <dd>{cert.subject}</dd>
      <dt>{t('Issuer')}</dt>
      <dd>{cert.issuer}</dd>
      <dt>{t('Valid until')}</dt>
      <dd className={expired ? 'danger-text' : undefined}>
        {expired
          ? t('{{date}} (expired)', { date: formatDate(cert.validTo) })
          : formatDate(cert.validTo)}
      </dd>
      <dt>{t('SHA-256 fingerprint')}</dt>
      <dd className="fingerprint" data-testid="signin-certificate-fingerprint">
        {cert.fingerprint256}
      </dd>
    </dl>
  );
}
