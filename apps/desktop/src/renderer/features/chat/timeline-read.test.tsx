import '../../test/jsdom.js';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAllDeferred } from '../../ui/deferred';
import { App } from '../../app/App';
import { startApp } from '../../app/bootstrap';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { account, conversation, message } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { chatKey } from '../ui/store';
import { useChat } from './store';

/** Generous: these render the whole app, on a machine that may be busy. */
const WAIT = { timeout: 5_000 };
const openLink = { status: () => 'open' as const, onStatus: () => () => undefined };
let stop: (() => void) | null = null;

function Sized({ children }: { children: ReactNode }) {
  return (
    <VirtuosoMockContext.Provider value={{ viewportHeight: 600, itemHeight: 40 }}>
      {children}
    </VirtuosoMockContext.Provider>
  );
}

const ALICE = 'alice@example.org';
const now = Date.now();
const history = [
  message('m1', { body: 'old', timestamp: now - 5000 }),
  message('o1', { body: 'my answer', direction: 'out', timestamp: now - 4000 }),
  message('m2', { body: 'new one', timestamp: now - 3000 }),
  message('m3', { body: 'new two', timestamp: now - 2000 }),
];

/** The app with one conversation holding two unread messages, opened. */
async function openWithUnread() {
  let unread = 2;
  const client = new FakeClient()
    .handle('accounts.list', () => [account()])
    .handle('conversations.list', () => [conversation(ALICE, { name: 'Alice', unread })])
    .handle('conversations.open', (r) => conversation(r.peer, { name: 'Alice', unread }))
    .handle('conversations.markRead', () => {
      unread = 0;
      return { ok: true as const };
    })
    .handle('messages.page', () => ({ messages: history, complete: true }));
  stop = startApp(client, openLink);
  render(<App />, { wrapper: Sized });
  fireEvent.click(await screen.findByTestId(`conversation-${ALICE}`, {}, WAIT));
  await waitFor(() => expect(screen.getAllByTestId('message')).toHaveLength(4), WAIT);
  return client;
}

// The app's deferred pieces (the conversation among them) in before the first test, as a
// static import had them: the first one loaded on a click would eat into the test's wait.
beforeAll(() => loadAllDeferred());
beforeEach(() => resetStores());
afterEach(() => {
  cleanup();
  stop?.();
  stop = null;
  setClient(null);
});

describe('timeline read state', () => {
  it('draws the "new messages" line where the unread start and keeps it once read', async () => {
    const client = await openWithUnread();
    await waitFor(() => expect(client.callsOf('conversations.markRead')).toHaveLength(1), WAIT);
    const divider = await screen.findByTestId('unread-divider', {}, WAIT);
    expect(divider.textContent).toBe('New messages');
    // It sits right above m2: our own answer before it was never unread.
    const item = divider.parentElement!;
    expect(within(item).getByTestId('message').getAttribute('data-id')).toBe('m2');
    expect(screen.getAllByTestId('unread-divider')).toHaveLength(1);
  });

  it('leaves a message unread while scrolled up and reads it at the bottom', async () => {
    const client = await openWithUnread();
    await waitFor(() => expect(client.callsOf('conversations.markRead')).toHaveLength(1), WAIT);
    const key = chatKey('a1', ALICE);
    // The user scrolls up (Virtuoso reports it; jsdom cannot scroll).
    act(() => useChat.setState((s) => ({ atBottom: { ...s.atBottom, [key]: false } })));
    act(() => {
      client.emit('message.added', message('m4', { body: 'while away', timestamp: now }));
      client.emit(
        'conversation.changed',
        conversation(ALICE, { name: 'Alice', unread: 1, updatedAt: now }),
      );
    });
    await screen.findByText('while away');
    expect(client.callsOf('conversations.markRead')).toHaveLength(1);
    const badge = within(screen.getByTestId(`conversation-${ALICE}`)).getByTestId('unread-badge');
    expect(badge.textContent).toBe('1');
    // Back at the bottom: now it is seen.
    act(() => useChat.setState((s) => ({ atBottom: { ...s.atBottom, [key]: true } })));
    await waitFor(() => expect(client.callsOf('conversations.markRead')).toHaveLength(2), WAIT);
    expect(
      within(screen.getByTestId(`conversation-${ALICE}`)).queryByTestId('unread-badge'),
    ).toBeNull();
  });

  it('leaves a message unread while the window has no focus', async () => {
    const client = await openWithUnread();
    await waitFor(() => expect(client.callsOf('conversations.markRead')).toHaveLength(1), WAIT);
    const hasFocus = document.hasFocus;
    document.hasFocus = () => false;
    try {
      act(() => client.emit('message.added', message('m5', { body: 'unfocused', timestamp: now })));
      await screen.findByText('unfocused');
      expect(client.callsOf('conversations.markRead')).toHaveLength(1);
    } finally {
      document.hasFocus = hasFocus;
    }
  });
});
