import { useT } from '../../i18n';
import { fingerprintGroups, groupStyle } from './fingerprint';

/** A fingerprint in 8 coloured groups of 8 hex digits; "no key yet" when unknown. */
export function Fingerprint({ hex, testId }: { hex: string | null; testId?: string }) {
  const { t } = useT('omemo');
  if (hex === null) {
    return (
      <span className="fingerprint muted" data-testid={testId}>
        {t('No key fetched yet')}
      </span>
    );
  }
  return (
    <code
      className="fingerprint"
      data-testid={testId}
      aria-label={t('Fingerprint {{hex}}', { hex })}
    >
      {fingerprintGroups(hex).map((group, i) => (
        <span key={i} className="fingerprint-group" style={groupStyle(group)}>
          {group}
        </span>
      ))}
    </code>
  );
}
