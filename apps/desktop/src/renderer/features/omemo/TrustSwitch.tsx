import { useId } from 'react';
import type { OmemoTrust } from '@parley/contract';
import type { TFunction } from 'i18next';
import { tFor, useT } from '../../i18n';

export type TrustChoice = Exclude<OmemoTrust, 'undecided'>;

/** Each text written out, so extraction finds it; made at each call, in the current language. */
function choices(t: TFunction): { value: TrustChoice; label: string; hint: string }[] {
  return [
    { value: 'verified', label: t('Verified'), hint: t('You compared the fingerprint') },
    { value: 'blind', label: t('Trusted'), hint: t('Trusted without verifying (blind trust)') },
    {
      value: 'distrusted',
      label: t('Distrusted'),
      hint: t('Never encrypted for; its messages hidden'),
    },
  ];
}

/** A device's trust in words. */
export function trustWords(trust: OmemoTrust): string {
  const t = tFor('omemo');
  const words: Record<OmemoTrust, string> = {
    verified: t('Verified'),
    blind: t('Trusted, not verified'),
    distrusted: t('Distrusted'),
    undecided: t('Undecided: not encrypted for until you decide'),
  };
  return words[trust];
}

/**
 * A device's trust as a radio group (arrow keys move between the choices, as native radios do).
 * "Undecided" is no choice: it is shown as none selected, with words saying what it means.
 */
export function TrustSwitch({
  value,
  disabled,
  onChange,
  label,
}: {
  value: OmemoTrust;
  disabled?: boolean;
  onChange(trust: TrustChoice): void;
  label: string;
}) {
  const name = useId();
  const { t } = useT('omemo');
  return (
    <fieldset
      className="trust-switch"
      data-testid="trust-switch"
      data-value={value}
      disabled={disabled}
    >
      <legend className="visually-hidden">{label}</legend>
      {choices(t).map((c) => (
        <label key={c.value} className={`trust-choice trust-${c.value}`} title={c.hint}>
          <input
            type="radio"
            name={name}
            value={c.value}
            checked={value === c.value}
            onChange={() => onChange(c.value)}
            data-testid={`trust-${c.value}`}
          />
          {c.label}
        </label>
      ))}
      {value === 'undecided' && (
        <span className="trust-undecided" data-testid="trust-undecided">
          {trustWords('undecided')}
        </span>
      )}
    </fieldset>
  );
}
