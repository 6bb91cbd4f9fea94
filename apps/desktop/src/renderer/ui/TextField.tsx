import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { useT } from '../i18n';

/**
 * What makes an input one for an address (JID): it is typed exactly, so the system neither
 * capitalises nor marks its spelling, and the placeholder shows the form it takes.
 */
export const ADDRESS_INPUT = {
  type: 'text',
  autoCapitalize: 'none',
  spellCheck: false,
  placeholder: 'bob@example.org',
} as const satisfies InputHTMLAttributes<HTMLInputElement>;

interface TextFieldProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'value' | 'onChange'
> {
  label: ReactNode;
  /** Adds a muted "(optional)" to the label: the form is fine with the field left empty. */
  optional?: boolean;
  /** A line of help under the input. */
  hint?: ReactNode;
  value: string;
  onChange(value: string): void;
}

/** One labelled text input of a form (`.field`): its label names it, so clicking it focuses it. */
export function TextField({ label, optional, hint, value, onChange, ...input }: TextFieldProps) {
  const { t } = useT('common');
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {optional && (
          <>
            {' '}
            <span className="muted">{t('(optional)')}</span>
          </>
        )}
      </label>
      <input
        id={id}
        type="text"
        {...input}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && <p className="hint">{hint}</p>}
    </div>
  );
}

/** A labelled field for an address (JID): see ADDRESS_INPUT. */
export function AddressField(props: TextFieldProps) {
  return <TextField {...ADDRESS_INPUT} {...props} />;
}
