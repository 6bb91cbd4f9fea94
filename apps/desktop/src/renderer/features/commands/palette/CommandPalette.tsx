import { useId, useMemo, useState } from 'react';
import { APP_SHORTCUTS } from '../../../app/shortcuts/table';
import { focusComposer } from '../../../app/shortcuts/actions';
import { Chord } from '../../../app/shortcuts/ShortcutsSheet';
import { useT } from '../../../i18n';
import { Dialog } from '../../../ui/Dialog';
import { useChat } from '../../chat/store';
import { useRooms } from '../../rooms/store';
import { useActiveOption } from '../../search/useActiveOption';
import { chatKey, useUi } from '../../ui/store';
import '../commands.css';
import { filterActions, paletteActions, type PaletteAction } from './palette-actions';
import { usePalette } from './palette-store';
import { isTypedCommand, runTypedCommand } from './typed-command';

/** Ctrl/Cmd+Shift+P: every action and command by name, filtered as you type, run by Enter. */
export function CommandPalette() {
  const open = usePalette((s) => s.open);
  const setOpen = usePalette((s) => s.setOpen);
  const { t } = useT('commands');
  return (
    <Dialog open={open} onOpenChange={setOpen} title={t('Commands')} testId="command-palette">
      {open && <PaletteBody onDone={() => setOpen(false)} />}
    </Dialog>
  );
}

/** "/name " in the open composer, the caret after it, once the palette has closed. */
function startCommand(name: string): void {
  const chat = useUi.getState().openChat;
  if (!chat) return;
  useChat.getState().setDraft(chatKey(chat.accountId, chat.peer), `/${name} `);
  // The dialog gives the focus back as it closes; the composer takes it after that.
  setTimeout(() => focusComposer(), 50);
}

function PaletteBody({ onDone }: { onDone(): void }) {
  const { t } = useT('commands');
  const [query, setQuery] = useState('');
  const chat = useUi((s) => s.openChat);
  const inRoom = useRooms((s) => (chat ? s.rooms.has(chatKey(chat.accountId, chat.peer)) : false));
  const actions = useMemo(
    () =>
      paletteActions({
        shortcuts: APP_SHORTCUTS,
        conversation: chat ? (inRoom ? 'room' : 'chat') : 'none',
        startCommand,
      }),
    [chat, inRoom],
  );
  const [answer, setAnswer] = useState<string | null>(null);
  const matches = useMemo(() => {
    const found = filterActions(query, actions);
    if (!isTypedCommand(query)) return found;
    // "/roster add …" typed here runs as in the composer: first in the list.
    const typed: PaletteAction = {
      id: 'typed-command',
      label: t('Run {{command}}', { command: query.trim() }),
      detail: '',
      keys: [],
      run: () =>
        void runTypedCommand(query).then((said) => (said ? setAnswer(said) : onDone())),
    };
    return [typed, ...found];
  }, [query, actions, onDone, t]);
  const run = (action: PaletteAction | undefined) => {
    if (!action) return;
    setAnswer(null);
    if (action.id === 'typed-command') return action.run();
    onDone();
    action.run();
  };
  const { current, setActive, onKeyDown, reset } = useActiveOption(matches.length, (i) =>
    run(matches[i]),
  );
  const listId = useId();
  const inputId = useId();
  return (
    <div className="quick-switcher">
      <div className="field">
        <label htmlFor={inputId} className="visually-hidden">
          {t('Action or command')}
        </label>
        <input
          id={inputId}
          type="text"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={matches[current] ? `${listId}-${current}` : undefined}
          aria-autocomplete="list"
          placeholder={t('Type an action or a command')}
          autoFocus
          data-testid="command-palette-input"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setAnswer(null);
            reset();
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      {answer && (
        <p className="composer-note small" role="status" data-testid="command-palette-answer">
          {answer}
        </p>
      )}
      <ul id={listId} role="listbox" aria-label={t('Actions')} className="switcher-list">
        {matches.map((a, i) => (
          <li
            key={a.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === current}
            className={`switcher-row palette-row${i === current ? ' active' : ''}`}
            data-testid="command-palette-option"
            data-action={a.id}
            onMouseMove={() => setActive(i)}
            onClick={() => run(a)}
          >
            <span>{a.label}</span>
            {a.keys[0] && <Chord spec={a.keys[0]} />}
          </li>
        ))}
        {matches.length === 0 && <li className="muted small">{t('Nothing matches.')}</li>}
      </ul>
    </div>
  );
}
