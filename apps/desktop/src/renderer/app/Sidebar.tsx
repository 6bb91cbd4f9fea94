import { AccountHeader } from '../features/accounts/AccountHeader';
import { ConversationList } from '../features/conversations/ConversationList';
import { totalUnread, useConversations } from '../features/conversations/store';
import { TransfersToggle } from '../features/files/TransfersPanel';
import { SearchAllButton } from '../features/search/SearchAllButton';
import { Invitations } from '../features/rooms/Invitations';
import { RoomsToolbar } from '../features/rooms/RoomsToolbar';
import { RosterPane } from '../features/roster/RosterPane';
import { useRoster } from '../features/roster/store';
import { useUi, type SidebarTab } from '../features/ui/store';
import { Icon, type IconName } from '../ui/Icon';
import { ShortcutsButton } from './shortcuts/ShortcutsSheet';

const TABS: { tab: SidebarTab; label: string; icon: IconName }[] = [
  { tab: 'chats', label: 'Chats', icon: 'chat' },
  { tab: 'contacts', label: 'Contacts', icon: 'contacts' },
];

export function Sidebar() {
  const tab = useUi((s) => s.tab);
  const setTab = useUi((s) => s.setTab);
  const activeAccountId = useUi((s) => s.activeAccountId);
  const unread = useConversations((s) => totalUnread(s.byKey));
  const requests = useRoster(
    (s) => s.requests.filter((r) => r.accountId === activeAccountId).length,
  );
  const counts: Record<SidebarTab, number> = { chats: unread, contacts: requests };

  return (
    <aside className="sidebar" id="sidebar" aria-label="Accounts, conversations and contacts">
      <AccountHeader
        actions={
          <>
            <SearchAllButton />
            <TransfersToggle />
            <ShortcutsButton />
          </>
        }
      />
      <div className="tabs" role="tablist" aria-label="Sidebar">
        {TABS.map(({ tab: t, label, icon }) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`panel-${t}`}
            className="tab"
            data-testid={`tab-${t}`}
            onClick={() => setTab(t)}
          >
            <Icon name={icon} size={16} />
            {label}
            {counts[t] > 0 && (
              <span className="tab-count" aria-label={`(${counts[t]})`}>
                {counts[t]}
              </span>
            )}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'chats' ? (
          <>
            <RoomsToolbar />
            <Invitations />
            <ConversationList />
          </>
        ) : activeAccountId ? (
          <RosterPane key={activeAccountId} accountId={activeAccountId} />
        ) : null}
      </div>
    </aside>
  );
}
