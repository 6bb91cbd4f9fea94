import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { contact, conversation, message, room } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useChat } from '../chat/store';
import { useConversations } from '../conversations/store';
import { useRooms } from '../rooms/store';
import { useRoster } from '../roster/store';
import { chatKey, useUi } from '../ui/store';
import { ConversationSearch } from './ConversationSearch';
import { Highlighted } from './Highlighted';
import { QuickSwitcher } from './QuickSwitcher';
import { useSearchShortcuts } from './shortcuts';
import { useSearchUi } from './store';

let fake: FakeClient;

beforeEach(() => {
  resetStores();
  useSearchUi.setState({
    conversationSearch: new Set(),
    globalOpen: false,
    quickSwitcherOpen: false,
    focus: null,
  });
  fake = new FakeClient();
  setClient(fake);
});
afterEach(() => {
  cleanup();
  setClient(null);
});

describe('search results', () => {
  it('show a body as text with the matched words marked, never as HTML', () => {
    const body = '<img src=x onerror=alert(1)> at the Café';
    const at = body.indexOf('Café');
    const { container } = render(
      <p>
        <Highlighted text={body} ranges={[{ start: at, end: at + 4 }]} />
      </p>,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toBe(body);
    expect([...container.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['Café']);
  });

  it('in a conversation: Ctrl+F opens the bar, a hit opens the message in context', async () => {
    const key = chatKey('a1', 'bob@example.org');
    useUi.setState({ openChat: { accountId: 'a1', peer: 'bob@example.org' } });
    // The newest page is loaded; the hit lies further back.
    useChat
      .getState()
      .prepend(key, [message('m90', { body: 'latest', peer: 'bob@example.org' })], false);
    const hit = message('m12', { body: 'the blue whale', peer: 'bob@example.org' });
    fake
      .handle('messages.search', () => ({
        hits: [{ message: hit, conversation: null, ranges: [{ start: 4, end: 8 }] }],
        next: null,
        unindexed: 0,
      }))
      .handle('messages.context', () => ({
        messages: [message('m11', { body: 'before', peer: 'bob@example.org' }), hit],
        complete: false,
      }))
      .handle('conversations.open', () => conversation('bob@example.org'));
    function Harness() {
      useSearchShortcuts();
      return <ConversationSearch accountId="a1" peer="bob@example.org" />;
    }
    render(<Harness />);
    expect(screen.queryByTestId('conversation-search')).toBeNull();
    fireEvent.keyDown(window, { key: 'f', ctrlKey: true });
    const input = await screen.findByLabelText('Search in this conversation');
    expect(document.activeElement).toBe(input);
    fireEvent.change(input, { target: { value: 'blue' } });
    const result = await screen.findByTestId('search-hit');
    expect(result.querySelector('mark')?.textContent).toBe('blue');
    expect(fake.callsOf('messages.search')).toEqual([
      { text: 'blue', accountId: 'a1', peer: 'bob@example.org', before: null, limit: 30 },
    ]);
    fireEvent.click(result);
    await waitFor(() => expect(useSearchUi.getState().focus).toMatchObject({ key, id: 'm12' }));
    expect(fake.callsOf('messages.context')).toEqual([
      { accountId: 'a1', peer: 'bob@example.org', id: 'm12', before: 'm90', context: 20 },
    ]);
    expect(useChat.getState().timelines[key]?.messages.map((m) => m.id)).toEqual([
      'm11',
      'm12',
      'm90',
    ]);
    // Escape closes the bar.
    fireEvent.keyDown(screen.getByLabelText('Search in this conversation'), { key: 'Escape' });
    expect(screen.queryByTestId('conversation-search')).toBeNull();
  });
});

describe('quick switcher', () => {
  it('opens with Ctrl+K, filters fuzzily, moves with arrows, opens with Enter', async () => {
    useConversations
      .getState()
      .setAll([
        conversation('bob@example.org', { name: 'Bob', updatedAt: 2 }),
        conversation('lounge@conference.example.org', { kind: 'room', updatedAt: 1 }),
      ]);
    useRooms.getState().setRooms([room('lounge@conference.example.org', { name: 'Book club' })]);
    useRoster.getState().setRoster('a1', [contact('bobby@example.org', { name: 'Bobby' })]);
    fake.handle('conversations.open', ({ peer }) => conversation(peer));
    function Harness() {
      useSearchShortcuts();
      return <QuickSwitcher />;
    }
    render(<Harness />);
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    const input = await screen.findByTestId('quick-switcher-input');
    fireEvent.change(input, { target: { value: 'bo' } });
    const labels = () =>
      screen.getAllByTestId('quick-switcher-option').map((o) => o.getAttribute('data-peer'));
    expect(labels()).toEqual([
      'bob@example.org',
      'bobby@example.org',
      'lounge@conference.example.org',
    ]);
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(input.getAttribute('aria-activedescendant')).toBe(
      screen.getAllByTestId('quick-switcher-option')[1]?.id,
    );
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() =>
      expect(useUi.getState().openChat).toEqual({ accountId: 'a1', peer: 'bobby@example.org' }),
    );
    expect(screen.queryByTestId('quick-switcher')).toBeNull();
  });

  it('closes with Escape without opening anything', async () => {
    function Harness() {
      useSearchShortcuts();
      return <QuickSwitcher />;
    }
    render(<Harness />);
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    const input = await screen.findByTestId('quick-switcher-input');
    fireEvent.keyDown(input, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('quick-switcher')).toBeNull());
    expect(useUi.getState().openChat).toBeNull();
  });
});
