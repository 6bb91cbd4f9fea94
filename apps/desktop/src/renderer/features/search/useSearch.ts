import type { SearchHit } from '@parley/contract';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText, getClient } from '../../app/client';

/** Wait after the last key before asking: one query per pause in typing, not per key. */
const DEBOUNCE_MS = 200;
const PAGE = 30;

export interface SearchScope {
  accountId: string | null;
  peer: string | null;
}

export interface SearchState {
  hits: SearchHit[];
  loading: boolean;
  error: string | null;
  /** Older hits exist. */
  more: boolean;
  /** The text the hits are for ('' before any search). */
  searched: string;
  /** Stored messages not searchable yet (a large history still being indexed). */
  unindexed: number;
  loadMore(): void;
}

/** Runs messages.search for `text` as the user types; answers to outdated text are dropped. */
export function useSearch(text: string, { accountId, peer }: SearchScope): SearchState {
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [searched, setSearched] = useState('');
  const [unindexed, setUnindexed] = useState(0);
  const generation = useRef(0);

  const run = useCallback(
    async (query: string, before: string | null) => {
      const mine = ++generation.current;
      setLoading(true);
      try {
        const page = await getClient().call('messages.search', {
          text: query,
          accountId,
          peer,
          before,
          limit: PAGE,
        });
        if (mine !== generation.current) return;
        setHits((old) => (before === null ? page.hits : [...old, ...page.hits]));
        setNext(page.next);
        setUnindexed(page.unindexed);
        setError(null);
        setSearched(query);
      } catch (e) {
        if (mine === generation.current) setError(errorText(e));
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [accountId, peer],
  );

  useEffect(() => {
    const query = text.trim();
    if (query === '') {
      generation.current++;
      setHits([]);
      setNext(null);
      setError(null);
      setLoading(false);
      setSearched('');
      return;
    }
    const timer = setTimeout(() => void run(query, null), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, run]);

  const loadMore = useCallback(() => {
    if (next !== null && !loading) void run(searched, next);
  }, [next, loading, run, searched]);

  return { hits, loading, error, more: next !== null, searched, unindexed, loadMore };
}
