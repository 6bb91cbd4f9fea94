import { useEffect, useId, useRef, useState } from 'react';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { chatKey } from '../ui/store';
import { SearchResults } from './SearchResults';
import { useSearchUi } from './store';
import { useSearch } from './useSearch';

/** Search in the open conversation: a bar under its header (Ctrl+F), results below it. */
export function ConversationSearch({ accountId, peer }: { accountId: string; peer: string }) {
  const key = chatKey(accountId, peer);
  const open = useSearchUi((s) => s.conversationSearch.has(key));
  if (!open) return null;
  return <ConversationSearchBar accountId={accountId} peer={peer} conversationKey={key} />;
}

function ConversationSearchBar({
  accountId,
  peer,
  conversationKey,
}: {
  accountId: string;
  peer: string;
  conversationKey: string;
}) {
  const { t } = useT('search');
  const [text, setText] = useState('');
  const search = useSearch(text, { accountId, peer });
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const close = () => useSearchUi.getState().setConversationSearch(conversationKey, false);
  const focusNonce = useSearchUi((s) => s.conversationSearchFocus);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [focusNonce]);
  return (
    <div className="conversation-search" role="search" data-testid="conversation-search">
      <div className="conversation-search-bar">
        <label htmlFor={id} className="visually-hidden">
          {t('Search in this conversation')}
        </label>
        <span className="search-box grow">
          <Icon name="search" size={16} />
          <input
            id={id}
            ref={input}
            type="search"
            placeholder={t('Search in this conversation')}
            data-testid="conversation-search-input"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                close();
              }
            }}
          />
        </span>
        <button
          type="button"
          className="icon-button"
          aria-label={t('Close search')}
          onClick={close}
          data-testid="conversation-search-close"
        >
          <Icon name="close" size={16} />
        </button>
      </div>
      {text.trim() !== '' && (
        <SearchResults
          search={search}
          showConversation={false}
          testId="conversation-search-results"
        />
      )}
    </div>
  );
}
