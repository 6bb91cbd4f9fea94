import { useMemo, useState } from 'react';
import { useT } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { FilterList } from '../../ui/FilterList';
import { openChat } from '../chat/actions';
import { useConversations } from '../conversations/store';
import { useRooms } from '../rooms/store';
import { useRoster } from '../roster/store';
import { fuzzyFilter } from './fuzzy';
import { useSearchUi } from './store';
import { switcherCandidates, type SwitcherCandidate } from './switcher-candidates';

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
  const choose = (c: SwitcherCandidate) => {
    onDone();
    void openChat(c.accountId, c.peer).catch(() => undefined);
  };
  return (
    <FilterList
      items={matches}
      query={query}
      onQuery={setQuery}
      onChoose={choose}
      label={t('Name or address')}
      placeholder={t('Type a name or address')}
      listLabel={t('Conversations')}
      emptyText={t('Nothing matches.')}
      testId="quick-switcher"
      rowData={(c) => ({ 'data-peer': c.peer })}
      renderRow={(c) => (
        <>
          <bdi className="switcher-label">{c.label}</bdi>
          <span className="muted small">
            {kindLabel[c.kind]} · {c.detail}
          </span>
        </>
      )}
    />
  );
}
