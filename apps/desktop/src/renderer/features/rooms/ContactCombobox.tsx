import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { ADDRESS_INPUT } from '../../ui/TextField';
import { useContacts } from '../roster/store';
import { suggestContacts } from './contact-suggestions';
import '../blocking/blocking.css';
import { useT } from '../../i18n';

interface ContactComboboxProps {
  accountId: string;
  label: string;
  value: string;
  onChange(value: string): void;
  testId?: string;
  autoFocus?: boolean;
}

/**
 * An address field that suggests roster contacts by name or address as you type (the ARIA 1.2
 * combobox pattern): ↓/↑ move through the suggestions, Enter takes one, Escape closes the list,
 * and any address can still be typed in full.
 */
export function ContactCombobox({
  accountId,
  label,
  value,
  onChange,
  testId,
  autoFocus,
}: ContactComboboxProps) {
  const { t } = useT('rooms');
  const id = useId();
  const listId = `${id}-suggestions`;
  const contacts = useContacts(accountId);
  const suggestions = useMemo(() => suggestContacts(contacts.values(), value), [contacts, value]);
  const [active, setActive] = useState(-1);
  const [closed, setClosed] = useState(false);
  const open = !closed && suggestions.length > 0;
  const activeIndex = active < suggestions.length ? active : -1;

  const choose = (jid: string): void => {
    onChange(jid);
    setActive(-1);
    setClosed(true);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (suggestions.length === 0) return;
      event.preventDefault();
      setClosed(false);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      // Cycles through the suggestions and back to the typed text (-1).
      const positions = suggestions.length + 1;
      setActive((current) => {
        const from = current < suggestions.length ? current : -1;
        return ((from + 1 + step + positions) % positions) - 1;
      });
    } else if (event.key === 'Enter' && open && activeIndex >= 0) {
      event.preventDefault();
      const chosen = suggestions[activeIndex];
      if (chosen) choose(chosen.jid);
    } else if (event.key === 'Escape' && open) {
      // Closes the list only; a second Escape closes the dialog.
      event.preventDefault();
      event.stopPropagation();
      setClosed(true);
      setActive(-1);
    }
  };

  return (
    <div className="field combobox-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        {...ADDRESS_INPUT}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && activeIndex >= 0 ? `${listId}-${activeIndex}` : undefined}
        autoComplete="off"
        autoFocus={autoFocus}
        data-testid={testId}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          setClosed(false);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setClosed(true)}
        // Back in the field (a click, or a dialog's focus trap returning it): the suggestions
        // for what is typed show again, so a focus lost for a moment loses nothing.
        onFocus={() => setClosed(false)}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={t('Contacts')}
        className="contact-suggestions"
        hidden={!open}
        data-testid={testId ? `${testId}-suggestions` : undefined}
      >
        {open &&
          suggestions.map((s, index) => (
            <li
              key={s.jid}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === activeIndex}
              className="contact-suggestion"
              data-testid={`suggestion-${s.jid}`}
              // Keeps the focus in the field; the click then takes the suggestion.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(s.jid)}
            >
              <span>{s.name}</span>
              <span className="muted">{s.jid}</span>
            </li>
          ))}
      </ul>
    </div>
  );
}
