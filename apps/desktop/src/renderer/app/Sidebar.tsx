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
import { useT } from '../i18n';
import { Icon, type IconName } from '../ui/Icon';
import { ShortcutsButton } from './shortcuts/ShortcutsSheet';

const TABS: { tab: SidebarTab; icon: IconName }[] = [
  { tab: 'chats', icon: 'chat' },
  { tab: 'contacts', icon: 'contacts' },
];

export function Sidebar() {
  const { t } = useT('common');
  // Each tab's name written out, so extraction finds it.
  const labels: Record<SidebarTab, string> = { chats: t('Chats'), contacts: t('Contacts') };
  const tab = useUi((s) => s.tab);
  const setTab = useUi((s) => s.setTab);
  const activeAccountId = useUi((s) => s.activeAccountId);
  const unread = useConversations((s) => totalUnread(s.byKey));
  const requests = useRoster(
    (s) => s.requests.filter((r) => r.accountId === activeAccountId).length,
  );
  const counts: Record<SidebarTab, number> = { chats: unread, contacts: requests };

  return (
    <aside className="sidebar" id="sidebar" aria-label={t('Accounts, conversations and contacts')}>
      <AccountHeader
        actions={
          <>
            <SearchAllButton />
            <TransfersToggle />
            <ShortcutsButton />
          </>
        }
      />
      <div className="tabs" role="tablist" aria-label={t('Sidebar')}>
        {TABS.map(({ tab: id, icon }) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            className="tab"
            data-testid={`tab-${id}`}
            onClick={() => setTab(id)}
          >
            <Icon name={icon} size={16} />
            {labels[id]}
            {counts[id] > 0 && (
              <span className="tab-count" aria-label={`(${counts[id]})`}>
                {counts[id]}
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
