import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { chatKey } from '../ui/store';
import { useSearchUi } from './store';

/** The header button that opens (or closes) the search in this conversation (Ctrl+F). */
export function SearchButton({ accountId, peer }: { accountId: string; peer: string }) {
  const { t } = useT('search');
  const key = chatKey(accountId, peer);
  const open = useSearchUi((s) => s.conversationSearch.has(key));
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={t('Search in this conversation')}
      title={t('Search in this conversation (Ctrl+F)')}
      aria-pressed={open}
      data-testid="conversation-search-button"
      onClick={() => useSearchUi.getState().setConversationSearch(key, !open)}
    >
      <Icon name="search" size={18} />
    </button>
  );
}
