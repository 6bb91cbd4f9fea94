import '../test/jsdom.js';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAllDeferred } from '../ui/deferred';
import { applyLanguage } from '../i18n';
import { FakeClient } from '../test/fake-client';
import { account } from '../test/fixtures';
import { resetStores } from '../test/reset';
import { App } from './App';
import { startApp } from './bootstrap';
import { setClient } from './client';
import { BackendUnavailable } from './ws-transport';

// The app's deferred pieces (the conversation among them) in before the first test: a lazy
// chunk's first load can outlast a test's wait on a busy machine.
beforeAll(() => loadAllDeferred());

let stop: (() => void) | null = null;

function Sized({ children }: { children: ReactNode }) {
  return (
    <VirtuosoMockContext.Provider value={{ viewportHeight: 600, itemHeight: 40 }}>
      {children}
    </VirtuosoMockContext.Provider>
  );
}

beforeEach(() => resetStores());
afterEach(() => {
  cleanup();
  stop?.();
  stop = null;
  setClient(null);
  applyLanguage('en');
});

describe('the app shell in German and Arabic', () => {
  it('names the sidebar tabs and the empty main view in German', async () => {
    const openLink = { status: () => 'open' as const, onStatus: () => () => undefined };
    stop = startApp(
      new FakeClient().handle('accounts.list', () => [account()]),
      openLink,
    );
    // After the start, which applies the stored choice (here: the system's, English).
    applyLanguage('de');
    render(<App />, { wrapper: Sized });
    await waitFor(() => expect(screen.queryByTestId('splash')).toBeNull());
    expect(screen.getByTestId('tab-chats').textContent).toContain('Chats');
    expect(screen.getByTestId('tab-contacts').textContent).toContain('Kontakte');
    expect(screen.getByRole('tablist', { name: 'Seitenleiste' })).toBeTruthy();
    expect(
      screen.getByText(
        'Wähle eine Unterhaltung, öffne einen Kontakt oder betritt einen Gruppenchat.',
      ),
    ).toBeTruthy();
  });

  it('says the backend is out of reach in Arabic, in the banner and in errors', async () => {
    const closed = { status: () => 'closed' as const, onStatus: () => () => undefined };
    stop = startApp(
      new FakeClient().handle('accounts.list', () => [account()]),
      closed,
    );
    applyLanguage('ar');
    render(<App />, { wrapper: Sized });
    expect((await screen.findByTestId('backend-status')).textContent).toBe(
      'انقطع الاتصال بخادم Parley الخلفي. جارٍ إعادة الاتصال…',
    );
    expect(new BackendUnavailable().message).toBe('انقطع الاتصال بخادم Parley الخلفي');
  });
});
