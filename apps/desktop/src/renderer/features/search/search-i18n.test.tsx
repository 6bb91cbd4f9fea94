import '../../test/jsdom.js';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { applyLanguage } from '../../i18n';
import { FakeClient } from '../../test/fake-client';
import { conversation, message, room } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useConversations } from '../conversations/store';
import { useRooms } from '../rooms/store';
import { QuickSwitcher } from './QuickSwitcher';
import { SearchResults } from './SearchResults';
import { useSearchUi } from './store';
import type { SearchState } from './useSearch';

beforeEach(() => {
  resetStores();
  setClient(new FakeClient());
});
afterEach(() => {
  cleanup();
  setClient(null);
  applyLanguage('en');
});

function state(over: Partial<SearchState>): SearchState {
  return {
    hits: [],
    loading: false,
    error: null,
    more: false,
    searched: 'plan',
    unindexed: 0,
    loadMore: () => undefined,
    ...over,
  };
}

describe('search in German and Arabic', () => {
  it('the quick switcher names its dialog and the kinds in German', () => {
    applyLanguage('de');
    useConversations
      .getState()
      .setAll([conversation('lounge@conference.example.org', { kind: 'room' })]);
    useRooms.getState().setRooms([room('lounge@conference.example.org', { name: 'Lounge' })]);
    useSearchUi.setState({ quickSwitcherOpen: true });
    render(<QuickSwitcher />);
    expect(screen.getByRole('dialog', { name: 'Zur Unterhaltung springen' })).toBeTruthy();
    expect(screen.getByTestId('quick-switcher-option').textContent).toContain(
      'Gruppenchat · lounge@conference.example.org',
    );
  });

  it('results count and indexing note follow the language’s plurals', () => {
    const hit = {
      message: message('m1', { body: 'the plan', direction: 'out' }),
      conversation: null,
      ranges: [],
    } as unknown as SearchState['hits'][number];
    applyLanguage('de');
    const { unmount } = render(
      <SearchResults
        search={state({ hits: [hit], unindexed: 12345 })}
        showConversation={false}
        testId="r"
      />,
    );
    expect(screen.getByRole('status').textContent).toBe('1 Ergebnis');
    expect(screen.getByTestId('search-indexing').textContent).toContain(
      '12.345 ältere Nachrichten werden noch indiziert',
    );
    expect(screen.getByTestId('search-hit').textContent).toContain('Du');
    unmount();
    applyLanguage('ar');
    render(
      <SearchResults search={state({ hits: [hit, hit] })} showConversation={false} testId="r" />,
    );
    expect(screen.getByRole('status').textContent).toBe('نتيجتان');
  });
});
