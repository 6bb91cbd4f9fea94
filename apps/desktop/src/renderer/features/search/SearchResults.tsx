import type { SearchHit } from '@parley/contract';
import { useState } from 'react';
import { useT } from '../../i18n';
import { displayName } from '../../ui/names';
import { formatFull } from '../../ui/time';
import { useListNavigation } from '../../ui/useListNavigation';
import { Highlighted } from './Highlighted';
import { openMessage } from './open-message';
import type { SearchState } from './useSearch';

interface SearchResultsProps {
  search: SearchState;
  /** Show which conversation each hit is in (the search across all). */
  showConversation: boolean;
  /** Called once a hit was opened (e.g. to close the dialog). */
  onOpened?(): void;
  testId: string;
}

function conversationName(hit: SearchHit): string {
  const c = hit.conversation;
  return displayName(c?.name, hit.message.peer);
}

function noReveal(): void {}

/** The hits of a search, newest first, each opening its message in its conversation. */
export function SearchResults({ search, showConversation, onOpened, testId }: SearchResultsProps) {
  const { t } = useT('search');
  const [openError, setOpenError] = useState<string | null>(null);
  const open = async (hit: SearchHit) => {
    const { accountId, peer, id } = hit.message;
    const failed = await openMessage(accountId, peer, id);
    setOpenError(failed);
    if (!failed) onOpened?.();
  };
  const { hits, loading, error, more, searched } = search;
  // Every hit is in the DOM: focusing one scrolls it into view.
  const nav = useListNavigation({ count: hits.length, reveal: noReveal });
  return (
    <div className="search-results" data-testid={testId}>
      <p className="visually-hidden" role="status" aria-live="polite">
        {loading
          ? t('Searching…')
          : searched
            ? more
              ? t('{{count, number}}+ results', { count: hits.length })
              : t('{{count, number}} results', { count: hits.length })
            : ''}
      </p>
      {error && (
        <p className="form-error small" role="alert">
          {error}
        </p>
      )}
      {openError && (
        <p className="form-error small" role="alert" data-testid="search-open-error">
          {openError}
        </p>
      )}
      {search.unindexed > 0 && (
        <p className="muted small" data-testid="search-indexing">
          {t('Still indexing {{count, number}} older messages: some may be missing.', {
            count: search.unindexed,
          })}
        </p>
      )}
      {searched && !loading && hits.length === 0 && !error && (
        <p className="muted small" data-testid="search-empty">
          {t('No messages found.')}
        </p>
      )}
      <ul className="search-hits" aria-label={t('Search results')} {...nav.listProps}>
        {hits.map((hit, index) => (
          <li key={`${hit.message.accountId}\u0000${hit.message.id}`}>
            <button
              type="button"
              className="search-hit"
              data-testid="search-hit"
              data-nav-index={index}
              tabIndex={nav.tabIndexOf(index)}
              data-id={hit.message.id}
              onClick={() => void open(hit)}
            >
              <span className="search-hit-meta muted small">
                {showConversation && (
                  <bdi className="search-hit-conversation">{conversationName(hit)}</bdi>
                )}
                <span>
                  {hit.message.direction === 'out'
                    ? t('You')
                    : (hit.message.resource ?? conversationName(hit))}
                </span>
                <time dateTime={new Date(hit.message.timestamp).toISOString()}>
                  {formatFull(hit.message.timestamp)}
                </time>
              </span>
              <span className="search-hit-body">
                <Highlighted text={hit.message.body} ranges={hit.ranges} />
              </span>
            </button>
          </li>
        ))}
      </ul>
      {more && (
        <button
          type="button"
          className="button button-small"
          onClick={search.loadMore}
          disabled={loading}
          data-testid="search-more"
        >
          {t('Older results')}
        </button>
      )}
    </div>
  );
}
