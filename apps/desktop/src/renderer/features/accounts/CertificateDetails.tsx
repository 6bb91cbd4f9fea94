import type { CertificateInfo } from '@parley/contract';

function formatDate(text: string): string {
  const date = new Date(text);
  return Number.isNaN(date.getTime())
    ? text
    : date.toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' });
}

/** What the user needs to decide about a certificate: who, by whom, how long, fingerprint. */
export function CertificateDetails({ cert }: { cert: CertificateInfo }) {
  const expired = Date.parse(cert.validTo) < Date.now();
  return (
    <dl className="cert-details" data-testid="signin-certificate">
      <dt>Subject</dt>
      <dd>{cert.subject}</dd>
      <dt>Issuer</dt>
      <dd>{cert.issuer}</dd>
      <dt>Valid until</dt>
      <dd className={expired ? 'danger-text' : undefined}>
        {formatDate(cert.validTo)}
        {expired && ' (expired)'}
      </dd>
      <dt>SHA-256 fingerprint</dt>
      <dd className="fingerprint" data-testid="signin-certificate-fingerprint">
        {cert.fingerprint256}
      </dd>
    </dl>
  );
}
