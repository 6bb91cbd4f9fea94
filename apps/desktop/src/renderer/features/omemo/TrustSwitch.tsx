import { useId } from 'react';
import type { OmemoTrust } from '@parley/contract';

export type TrustChoice = Exclude<OmemoTrust, 'undecided'>;

const CHOICES: { value: TrustChoice; label: string; hint: string }[] = [
  { value: 'verified', label: 'Verified', hint: 'You compared the fingerprint' },
  { value: 'blind', label: 'Trusted', hint: 'Trusted without verifying (blind trust)' },
  { value: 'distrusted', label: 'Distrusted', hint: 'Never encrypted for; its messages hidden' },
];

export const TRUST_WORDS: Record<OmemoTrust, string> = {
  verified: 'Verified',
  blind: 'Trusted, not verified',
  distrusted: 'Distrusted',
  undecided: 'Undecided: not encrypted for until you decide',
};

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
  return (
    <fieldset
      className="trust-switch"
      data-testid="trust-switch"
      data-value={value}
      disabled={disabled}
    >
      <legend className="visually-hidden">{label}</legend>
      {CHOICES.map((c) => (
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
          {TRUST_WORDS.undecided}
        </span>
      )}
    </fieldset>
  );
}
