import '../test/jsdom.js';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAllDeferred } from './deferred';
import { App } from '../app/App';
import { startApp } from '../app/bootstrap';
import { setClient } from '../app/client';
import { FakeClient } from '../test/fake-client';
import { account, contact, conversation, message } from '../test/fixtures';
import { resetStores } from '../test/reset';
import { presenceWords } from './accessible-names';
import { arrivedSince } from './live-announcements';

// The app's deferred pieces (the conversation among them) in before the first test: a lazy
// chunk's first load can outlast a test's wait on a busy machine.
beforeAll(() => loadAllDeferred());

// What a screen reader gets from the main window: lists that say who is there, how they are
// and what is unread; a timeline whose live region reads only new incoming messages; a
// composer with a label whose mode (replying, editing) is part of its description.

const WAIT = { timeout: 5_000 };
const openLink = { status: () => 'open' as const, onStatus: () => () => undefined };
const ALICE = 'alice@example.org';
const BOB = 'bob@example.org';
const now = Date.now();
let stop: (() => void) | null = null;

function Sized({ children }: { children: ReactNode }) {
  return (
    <VirtuosoMockContext.Provider value={{ viewportHeight: 600, itemHeight: 40 }}>
      {children}
    </VirtuosoMockContext.Provider>
  );
}

const hour = 3_600_000;
const history = [
  message('m1', { body: 'old news', timestamp: now - hour }),
  message('o1', { body: 'my answer', direction: 'out', timestamp: now - hour + 1000 }),
  message('m2', { body: 'older still unread', timestamp: now - hour + 2000 }),
];

function client() {
  return new FakeClient()
    .handle('accounts.list', () => [account()])
    .handle('roster.list', () => [
      contact(ALICE, { name: 'Alice', show: 'away', status: 'At lunch' }),
      contact(BOB, { name: 'Bob', show: 'xa' }),
    ])
    .handle('conversations.list', () => [
      conversation(ALICE, { name: 'Alice', unread: 2, updatedAt: now }),
    ])
    .handle('conversations.open', (r) => conversation(r.peer, { name: 'Alice' }))
    .handle('conversations.markRead', () => ({ ok: true as const }))
    .handle('messages.page', () => ({ messages: history, complete: true }));
}

async function start(fake: FakeClient) {
  stop = startApp(fake, openLink);
  render(<App />, { wrapper: Sized });
  await screen.findByTestId(`conversation-${ALICE}`, {}, WAIT);
}

beforeEach(() => resetStores());
afterEach(() => {
  cleanup();
  stop?.();
  stop = null;
  setClient(null);
});

describe('presence words', () => {
  it('say the presence after the name unless the row already shows it', () => {
    expect(presenceWords('away', 'At lunch')).toBe(', Away, ');
    expect(presenceWords('xa', 'Not available')).toBe('');
    expect(presenceWords('dnd')).toBe(', Busy, ');
    expect(presenceWords(null)).toBe('');
  });
});

describe('arrivals', () => {
  const ids = (...list: string[]) => list.map((id) => ({ id }));
  it('are what follows the newest entry seen, never history put in front', () => {
    expect(arrivedSince('b', ids('a', 'b', 'c', 'd'))).toEqual(ids('c', 'd'));
    expect(arrivedSince('b', ids('x', 'y', 'a', 'b'))).toEqual([]);
    expect(arrivedSince(null, ids('a', 'b'))).toEqual([]);
    expect(arrivedSince('gone', ids('a', 'b'))).toEqual([]);
  });
});

describe('the main window for a screen reader', () => {
  it('lists conversations and contacts with presence and unread count in their names', async () => {
    await start(client());
    const conversations = screen.getByRole('list', { name: 'Conversations' });
    const row = within(conversations).getByRole('listitem');
    // The name reads the row as shown, with the presence in words and the count as words.
    const button = within(row).getByRole('button', { name: /^Alice, Away,\s*.*2 unread$/u });
    expect(within(button).getByLabelText('2 unread').textContent).toBe('2');

    fireEvent.click(screen.getByTestId('tab-contacts'));
    await screen.findByTestId(`contact-${ALICE}`, {}, WAIT);
    const contacts = await screen.findByRole('list', { name: 'Contacts' }, WAIT);
    expect(within(contacts).getAllByRole('listitem').length).toBeGreaterThanOrEqual(2);
    expect(
      within(contacts).getByRole('button', { name: /^Alice, Away,\s*At lunch$/u }),
    ).toBeTruthy();
    expect(
      within(contacts).getByRole('button', { name: /^Bob, Not available,\s*bob@example\.org$/u }),
    ).toBeTruthy();
  }, 20_000);

  it('announces new incoming messages once, not the history or our own', async () => {
    const fake = client();
    await start(fake);
    fireEvent.click(screen.getByTestId(`conversation-${ALICE}`));
    await waitFor(() => expect(screen.getAllByTestId('message')).toHaveLength(3), WAIT);
    const timeline = screen.getByTestId('timeline');
    expect(timeline.getAttribute('role')).toBe('log');
    // The virtual list is not itself live: rows scrolled back into view are not news.
    expect(timeline.getAttribute('aria-live')).toBe('off');
    const live = screen.getByRole('log', { name: 'New messages' });
    expect(live.getAttribute('aria-live')).toBe('polite');
    expect(live.textContent).toBe('');

    act(() => {
      // Backlog delivered late (an hour old): appended, but not news.
      fake.emit(
        'message.added',
        message('late', { body: 'from the archive', timestamp: now - hour + 10_000 }),
      );
      fake.emit('message.added', message('m3', { body: 'are you there?', timestamp: now }));
      fake.emit(
        'message.added',
        message('o2', { body: 'yes', direction: 'out', timestamp: now + 1 }),
      );
    });
    await screen.findByText('yes');
    await waitFor(() => expect(live.textContent).toBe('Alice: are you there?'), WAIT);
    expect(live.textContent).not.toContain('old news');
  }, 20_000);

  it('labels the composer and describes its mode', async () => {
    await start(client());
    fireEvent.click(screen.getByTestId(`conversation-${ALICE}`));
    // A combobox: the field offers command and address completion (features/commands).
    const composer = await screen.findByRole('combobox', { name: 'Message to Alice' }, WAIT);
    const state = screen.getByTestId('composer-state');
    expect(state.getAttribute('role')).toBe('status');
    expect(composer.getAttribute('aria-describedby')).toBe(state.id);
    expect(state.textContent).toBe('');
  }, 20_000);
});
