import { useId } from 'react';
import { Icon } from './Icon';

interface SearchBoxProps {
  /** Names the box for screen readers; the placeholder is what sighted users read. */
  label: string;
  placeholder: string;
  value: string;
  onChange(value: string): void;
  testId: string;
  autoFocus?: boolean;
  /** Escape empties the box: for a list's filter, not in a dialog (where Escape closes it). */
  clearOnEscape?: boolean;
}

/** A rounded search field with a magnifier inside, above a list it searches or filters. */
export function SearchBox({
  label,
  placeholder,
  value,
  onChange,
  testId,
  autoFocus,
  clearOnEscape,
}: SearchBoxProps) {
  const id = useId();
  return (
    <>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <span className="search-box">
        <Icon name="search" size={16} />
        <input
          id={id}
          type="search"
          placeholder={placeholder}
          data-testid={testId}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={
            clearOnEscape
              ? (e) => {
                  // Escape empties a filled box and stops there; an empty box lets it go on
                  // (the window's Escape then returns to the message field).
                  if (e.key !== 'Escape' || value === '') return;
                  e.preventDefault();
                  onChange('');
                }
              : undefined
          }
          autoFocus={autoFocus}
        />
      </span>
    </>
  );
}
