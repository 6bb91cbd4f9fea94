import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useT } from '../../i18n';
import { useRooms } from '../rooms/store';
import { useRoster } from '../roster/store';
import { applySuggestion, completeCommand, type CompletionSources } from './complete';
import './commands.css';

/** Everything the composer of `accountId` may complete, read when asked (not on every render). */
export function completionSources(
  accountId: string,
  inRoom: boolean,
  nicks: readonly string[],
): CompletionSources {
  const rooms = [...useRooms.getState().rooms.values()]
    .filter((r) => r.accountId === accountId)
    .map((r) => r.jid);
  const contacts = [...(useRoster.getState().byAccount[accountId]?.values() ?? [])];
  return { inRoom, contacts, rooms, nicks };
}

export interface CommandCompletion {
  /** Call from the field's change and select events. */
  track(field: HTMLTextAreaElement): void;
  /** Call early in the field's keydown; true when the key was the list's. */
  onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean;
  /** The field's combobox attributes (ARIA 1.2), to spread on it. */
  fieldProps: Record<string, string | boolean | undefined>;
  list: ReactNode;
}

/**
 * The composer's command completion, as Profanity's Tab: after "/" a list under the composer
 * offers command names, then each argument (sub-commands, contacts, rooms, nicks). Tab takes
 * the highlighted (first) entry, ↑/↓ move, Enter takes an entry moved to, Escape closes the
 * list until the text changes. `apply` puts the completed text in place.
 */
export function useCommandCompletion(
  sources: () => CompletionSources,
  apply: (text: string, caret: number) => void,
): CommandCompletion {
  const { t } = useT('commands');
  const listId = useId();
  const [field, setField] = useState<{ text: string; caret: number } | null>(null);
  const [active, setActive] = useState(-1);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const completion =
    field && field.text.startsWith('/') && field.text !== dismissed
      ? completeCommand(field.text, field.caret, sources())
      : null;
  const items = completion?.suggestions ?? [];
  const current = active < items.length ? active : -1;

  const choose = (index: number): void => {
    const picked = items[index];
    if (!field || !completion || !picked) return;
    const done = applySuggestion(field.text, completion, picked);
    setField(done);
    setActive(-1);
    apply(done.text, done.caret);
  };

  const track = (el: HTMLTextAreaElement): void => {
    const next = { text: el.value, caret: el.selectionEnd ?? el.value.length };
    if (next.text !== field?.text) setActive(-1);
    setField(next);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (items.length === 0 || event.nativeEvent.isComposing) return false;
    if (event.altKey || event.ctrlKey || event.metaKey) return false;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + items.length + (current < 0 && step < 0 ? 1 : 0)) % items.length);
      return true;
    }
    if (event.key === 'Tab' && !event.shiftKey) {
      event.preventDefault();
      choose(current < 0 ? 0 : current);
      return true;
    }
    if (event.key === 'Enter' && !event.shiftKey && current >= 0) {
      event.preventDefault();
      choose(current);
      return true;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      setDismissed(field?.text ?? null);
      return true;
    }
    return false;
  };

  const open = items.length > 0;
  const fieldProps = {
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': open,
    'aria-controls': listId,
    'aria-activedescendant': open && current >= 0 ? `${listId}-${current}` : undefined,
  };
  const list = (
    <ul
      id={listId}
      className="command-suggestions"
      role="listbox"
      aria-label={t('Command suggestions')}
      hidden={!open}
      data-testid="command-suggestions"
    >
      {items.map((s, i) => (
        <li
          key={`${s.value}-${i}`}
          id={`${listId}-${i}`}
          role="option"
          aria-selected={i === current}
          className={i === current ? 'selected' : undefined}
          data-testid="command-suggestion"
          data-value={s.value}
          // Keep the focus in the field: choose on press, before it would blur.
          onMouseDown={(e) => {
            e.preventDefault();
            choose(i);
          }}
        >
          <bdi className="command-suggestion-label">{s.label}</bdi>
          {s.detail && <span className="muted small">{s.detail}</span>}
        </li>
      ))}
    </ul>
  );
  return { track, onKeyDown, fieldProps, list };
}
