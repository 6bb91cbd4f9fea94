import { useId, useMemo, useState } from 'react';
import { useT } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { openChat } from '../chat/actions';
import { useConversations } from '../conversations/store';
import { useRooms } from '../rooms/store';
import { useRoster } from '../roster/store';
import { fuzzyFilter } from './fuzzy';
import { useSearchUi } from './store';
import { switcherCandidates, type SwitcherCandidate } from './switcher-candidates';
import { useActiveOption } from './useActiveOption';

/** Rows shown at most: the filter narrows the rest. */
const SHOWN = 50;

/** Ctrl+K: jump to a contact, room or conversation by typing part of its name. */
export function QuickSwitcher() {
  const open = useSearchUi((s) => s.quickSwitcherOpen);
  const setOpen = useSearchUi((s) => s.setQuickSwitcherOpen);
  const { t } = useT('search');
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      title={t('Go to conversation')}
      testId="quick-switcher"
    >
      {open && <SwitcherBody onDone={() => setOpen(false)} />}
    </Dialog>
  );
}

function SwitcherBody({ onDone }: { onDone(): void }) {
  const { t } = useT('search');
  // Each kind written out, so extraction finds it.
  const kindLabel: Record<SwitcherCandidate['kind'], string> = {
    chat: t('Chat'),
    room: t('Group chat'),
    private: t('Private'),
    contact: t('Contact'),
  };
  const [query, setQuery] = useState('');
  const conversations = useConversations((s) => s.byKey);
  const rooms = useRooms((s) => s.rooms);
  const roster = useRoster((s) => s.byAccount);
  const candidates = useMemo(
    () =>
      switcherCandidates(
        conversations.values(),
        rooms.values(),
        Object.values(roster).flatMap((m) => [...m.values()]),
      ),
    [conversations, rooms, roster],
  );
  const matches = useMemo(
    () => fuzzyFilter(query, candidates).slice(0, SHOWN),
    [query, candidates],
  );
  const listId = useId();
  const inputId = useId();
  const choose = (c: SwitcherCandidate | undefined) => {
    if (!c) return;
    onDone();
    void openChat(c.accountId, c.peer).catch(() => undefined);
  };
  const { current, setActive, onKeyDown, reset } = useActiveOption(matches.length, (i) =>
    choose(matches[i]),
  );
  return (
    <div className="quick-switcher">
      <div className="field">
        <label htmlFor={inputId} className="visually-hidden">
          {t('Name or address')}
        </label>
        <input
          id={inputId}
          type="text"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={matches[current] ? `${listId}-${current}` : undefined}
          aria-autocomplete="list"
          placeholder={t('Type a name or address')}
          autoFocus
          data-testid="quick-switcher-input"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            reset();
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      <ul id={listId} role="listbox" aria-label={t('Conversations')} className="switcher-list">
        {matches.map((c, i) => (
          <li
            key={c.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === current}
            className={`switcher-row${i === current ? ' active' : ''}`}
            data-testid="quick-switcher-option"
            data-peer={c.peer}
            onMouseMove={() => setActive(i)}
            onClick={() => choose(c)}
          >
            <bdi className="switcher-label">{c.label}</bdi>
            <span className="muted small">
              {kindLabel[c.kind]} · {c.detail}
            </span>
          </li>
        ))}
        {matches.length === 0 && <li className="muted small">{t('Nothing matches.')}</li>}
      </ul>
    </div>
  );
}
