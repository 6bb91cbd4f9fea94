import { useId, type ReactNode } from 'react';
import { useActiveOption } from './useActiveOption';

interface FilterListProps<T extends { id: string }> {
  /** The rows matching `query`, best first (the caller filters). */
  items: readonly T[];
  query: string;
  onQuery(query: string): void;
  onChoose(item: T): void;
  /** The field's accessible name, its placeholder, and the list's name. */
  label: string;
  placeholder: string;
  listLabel: string;
  emptyText: string;
  /** The field is `${testId}-input`, each row `${testId}-option`. */
  testId: string;
  /** Data attributes of a row (what tests and styles find it by). */
  rowData(item: T): Record<`data-${string}`, string>;
  renderRow(item: T): ReactNode;
  rowClass?: string;
  /** Shown between the field and the list (an answer, an error). */
  note?: ReactNode;
}

/**
 * A field that filters a list below it as one types, the ARIA 1.2 combobox pattern the quick
 * switcher (Ctrl+K) and the command palette (Ctrl+Shift+P) share: ↓/↑ move, Enter or a click
 * takes the row, the focus stays in the field.
 */
export function FilterList<T extends { id: string }>(props: FilterListProps<T>) {
  const { items, query, onQuery, onChoose, testId, rowData, renderRow, rowClass = '' } = props;
  const listId = useId();
  const inputId = useId();
  const { current, setActive, onKeyDown, reset } = useActiveOption(items.length, (i) => {
    const item = items[i];
    if (item) onChoose(item);
  });
  return (
    <div className="quick-switcher">
      <div className="field">
        <label htmlFor={inputId} className="visually-hidden">
          {props.label}
        </label>
        <input
          id={inputId}
          type="text"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={items[current] ? `${listId}-${current}` : undefined}
          aria-autocomplete="list"
          placeholder={props.placeholder}
          autoFocus
          data-testid={`${testId}-input`}
          value={query}
          onChange={(e) => {
            onQuery(e.target.value);
            reset();
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      {props.note}
      <ul id={listId} role="listbox" aria-label={props.listLabel} className="switcher-list">
        {items.map((item, i) => (
          <li
            key={item.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === current}
            className={`switcher-row ${rowClass}${i === current ? ' active' : ''}`}
            data-testid={`${testId}-option`}
            {...rowData(item)}
            onMouseMove={() => setActive(i)}
            onClick={() => onChoose(item)}
          >
            {renderRow(item)}
          </li>
        ))}
        {items.length === 0 && <li className="muted small">{props.emptyText}</li>}
      </ul>
    </div>
  );
}
