import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { useSearchUi } from './store';

/** Opens the search across all conversations (also Ctrl+Shift+F). */
export function SearchAllButton() {
  const { t } = useT('search');
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={t('Search all messages')}
      title={t('Search all messages (Ctrl+Shift+F) · Go to conversation (Ctrl+K)')}
      data-testid="search-all-button"
      onClick={() => useSearchUi.getState().setGlobalOpen(true)}
    >
      <Icon name="search" size={18} />
    </button>
  );
}
