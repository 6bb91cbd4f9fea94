import { useMemo, useState } from 'react';
import { APP_SHORTCUTS } from '../../../app/shortcuts/table';
import { focusComposer } from '../../../app/shortcuts/actions';
import { Chord } from '../../../app/shortcuts/ShortcutsSheet';
import { useT } from '../../../i18n';
import { Dialog } from '../../../ui/Dialog';
import { FilterList } from '../../../ui/FilterList';
import { useChat } from '../../chat/store';
import { useRooms } from '../../rooms/store';
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
      run: () => void runTypedCommand(query).then((said) => (said ? setAnswer(said) : onDone())),
    };
    return [typed, ...found];
  }, [query, actions, onDone, t]);
  const run = (action: PaletteAction) => {
    setAnswer(null);
    if (action.id === 'typed-command') return action.run();
    onDone();
    action.run();
  };
  return (
    <FilterList
      items={matches}
      query={query}
      onQuery={(q) => {
        setQuery(q);
        setAnswer(null);
      }}
      onChoose={run}
      label={t('Action or command')}
      placeholder={t('Type an action or a command')}
      listLabel={t('Actions')}
      emptyText={t('Nothing matches.')}
      testId="command-palette"
      rowClass="palette-row"
      rowData={(a) => ({ 'data-action': a.id })}
      renderRow={(a) => (
        <>
          <span>{a.label}</span>
          {a.keys[0] && <Chord spec={a.keys[0]} />}
        </>
      )}
      note={
        answer && (
          <p className="composer-note small" role="status" data-testid="command-palette-answer">
            {answer}
          </p>
        )
      }
    />
  );
}
