import '../../test/jsdom.js';
import { CommandFailure, type Message } from '@parley/contract';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { conversation, message } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { loadEmojiIndex } from '../emoji/emoji-data';
import { useRecentEmoji } from '../emoji/recent-emoji';
import { useSearchUi } from '../search/store';
import { chatKey, useUi } from '../ui/store';
import { Composer } from './Composer';
import { useEdits } from './edits-store';
import { MessageBubble } from './MessageBubble';
import { useReactionUi } from './MessageReactions';
import { useReplies } from './reply-store';
import { useChat } from './store';

const PEER = 'bob@example.org';
const KEY = chatKey('a1', PEER);
const at = (n: number) => Date.UTC(2025, 0, 1, 12, n);

const theirs = message('theirs', {
  peer: PEER,
  body: 'Shall we meet\nat noon?',
  timestamp: at(2),
  originId: 'theirs',
});
const mine = message('mine', {
  peer: PEER,
  direction: 'out',
  status: 'acked',
  body: 'hello',
  timestamp: at(1),
  originId: 'mine',
});

let client: FakeClient;
beforeEach(() => {
  resetStores();
  useEdits.setState({ editing: {}, dialog: null });
  useReplies.setState({ replying: {} });
  useReactionUi.setState({ picking: null, full: false, errors: {} });
  useRecentEmoji.setState({ recent: [] });
  useSearchUi.setState({ focus: null });
  client = new FakeClient();
  setClient(client);
  useChat.getState().prepend(KEY, [mine, theirs], false);
});
afterEach(() => {
  cleanup();
  setClient(null);
});

/** One conversation: its two messages and the composer, as the chat view lays them out. */
function Conversation() {
  const messages = useChat((s) => s.timelines[KEY]?.messages ?? []);
  return (
    <>
      {messages.map((m) => (
        <MessageBubble key={m.id} message={m} continued={false} actor="x" />
      ))}
      <Composer accountId="a1" peer={PEER} peerName="Bob" online />
    </>
  );
}

const hostOf = (id: string): HTMLElement => {
  const bubble = document.querySelector(`[data-testid="message"][data-id="${id}"]`);
  const host = bubble?.closest<HTMLElement>('.message-menu-host');
  if (!host) throw new Error(`no message ${id}`);
  return host;
};
const field = () => screen.getByTestId('composer') as HTMLTextAreaElement;

describe('reply mode in the composer', () => {
  it('R on a focused message starts a reply; Enter sends it with replyTo, then the mode ends', async () => {
    client.handle('messages.send', (r) =>
      message('sent', { peer: PEER, direction: 'out', body: r.body, timestamp: at(3) }),
    );
    render(<Conversation />);
    const host = hostOf('theirs');
    expect(host.tabIndex).toBe(0);
    expect(host.getAttribute('aria-keyshortcuts')).toBe('R');
    host.focus();
    fireEvent.keyDown(host, { key: 'r' });
    const banner = screen.getByTestId('composer-replying');
    expect(banner.textContent).toContain('Replying to Bob: Shall we meet at noon?');
    expect(document.activeElement).toBe(field());
    fireEvent.change(field(), { target: { value: 'Yes!' } });
    fireEvent.keyDown(field(), { key: 'Enter' });
    await waitFor(() => expect(client.callsOf('messages.send')).toHaveLength(1));
    expect(client.callsOf('messages.send')[0]).toEqual({
      accountId: 'a1',
      peer: PEER,
      body: 'Yes!',
      replyTo: 'theirs',
    });
    await waitFor(() => expect(screen.queryByTestId('composer-replying')).toBeNull());
  });

  it('keeps the reply when sending fails, so nothing is lost', async () => {
    client.handle('messages.send', () => {
      throw new CommandFailure({ code: 'not-connected', message: 'The account is offline' });
    });
    render(<Conversation />);
    act(() => useReplies.getState().startReply(theirs));
    fireEvent.change(field(), { target: { value: 'Yes!' } });
    fireEvent.keyDown(field(), { key: 'Enter' });
    await screen.findByTestId('composer-error');
    expect(screen.getByTestId('composer-replying')).toBeTruthy();
    expect(field().value).toBe('Yes!');
  });

  it('Esc and × cancel it; a plain send then carries no replyTo', async () => {
    render(<Conversation />);
    act(() => useReplies.getState().startReply(theirs));
    fireEvent.keyDown(field(), { key: 'Escape' });
    expect(screen.queryByTestId('composer-replying')).toBeNull();
    act(() => useReplies.getState().startReply(mine));
    expect(screen.getByTestId('composer-replying').textContent).toContain(
      'Replying to yourself: hello',
    );
    fireEvent.click(screen.getByTestId('composer-reply-cancel'));
    expect(screen.queryByTestId('composer-replying')).toBeNull();
    fireEvent.change(field(), { target: { value: 'plain' } });
    fireEvent.keyDown(field(), { key: 'Enter' });
    await waitFor(() => expect(client.callsOf('messages.send')).toHaveLength(1));
    expect(client.callsOf('messages.send')[0]).not.toHaveProperty('replyTo');
  });

  it('never mixes with a correction: Up is ignored while replying, and each mode ends the other', async () => {
    render(<Conversation />);
    act(() => useReplies.getState().startReply(theirs));
    fireEvent.keyDown(field(), { key: 'ArrowUp' });
    expect(screen.queryByTestId('composer-editing')).toBeNull();
    expect(field().value).toBe('');
    // "Edit" from a menu: the reply ends, the edit takes over.
    act(() => useEdits.getState().startEdit(mine));
    await waitFor(() => expect(screen.queryByTestId('composer-replying')).toBeNull());
    expect(screen.getByTestId('composer-editing')).toBeTruthy();
    expect(field().value).toBe('hello');
    // Reply while editing: the edit and its text go, the reply stays.
    fireEvent.keyDown(hostOf('theirs'), { key: 'r' });
    expect(screen.queryByTestId('composer-editing')).toBeNull();
    expect(screen.getByTestId('composer-replying')).toBeTruthy();
    expect(field().value).toBe('');
  });

  it('R typed in a field inside a message (the emoji search) is text, not a reply', () => {
    render(<Conversation />);
    act(() => useReactionUi.getState().open('theirs', true));
    fireEvent.keyDown(screen.getByTestId('emoji-search'), { key: 'r' });
    expect(screen.queryByTestId('composer-replying')).toBeNull();
  });
});

describe('the quote above a reply', () => {
  const reply = (replyTo: Message['replyTo']) =>
    message('reply', { peer: PEER, body: 'sure', timestamp: at(5), replyTo });

  it('opens an original that is not loaded: pages it in, then focuses it', async () => {
    useUi.setState({ openChat: { accountId: 'a1', peer: PEER } });
    const old = message('old', { peer: PEER, body: 'long ago', timestamp: at(0) });
    client
      .handle('conversations.open', () => conversation(PEER))
      .handle('messages.context', () => ({ messages: [old], complete: true }));
    render(
      <MessageBubble
        message={reply({ id: 'old', author: 'Bob', preview: 'long ago' })}
        continued={false}
        actor="x"
      />,
    );
    const quote = screen.getByTestId('reply-quote');
    expect(quote.tagName).toBe('BUTTON');
    fireEvent.click(quote);
    await waitFor(() =>
      expect(useSearchUi.getState().focus).toMatchObject({ key: KEY, id: 'old' }),
    );
    expect(client.callsOf('messages.context')).toEqual([
      { accountId: 'a1', peer: PEER, id: 'old', before: 'mine', context: 20 },
    ]);
    expect(useChat.getState().timelines[KEY]?.messages.map((m) => m.id)).toEqual([
      'old',
      'mine',
      'theirs',
    ]);
  });

  it('a loaded original is focused without asking the backend', async () => {
    client.handle('conversations.open', () => conversation(PEER));
    render(
      <MessageBubble
        message={reply({ id: 'theirs', author: 'Bob', preview: 'Shall we' })}
        continued={false}
        actor="x"
      />,
    );
    fireEvent.click(screen.getByTestId('reply-quote'));
    await waitFor(() =>
      expect(useSearchUi.getState().focus).toMatchObject({ key: KEY, id: 'theirs' }),
    );
    expect(client.callsOf('messages.context')).toHaveLength(0);
  });

  it('an unknown or deleted original is said so and is not a link', () => {
    const { rerender } = render(
      <MessageBubble
        message={reply({ id: null, author: 'bob@example.org', preview: 'what we said' })}
        continued={false}
        actor="x"
      />,
    );
    let quote = screen.getByTestId('reply-quote');
    expect(quote.tagName).not.toBe('BUTTON');
    expect(quote.textContent).toContain('what we said');
    expect(quote.textContent).toContain('The original message is not here');
    act(() =>
      useChat.getState().update({
        ...theirs,
        body: '',
        retracted: { by: PEER, at: at(4), moderated: false, reason: null },
      }),
    );
    rerender(
      <MessageBubble
        message={reply({ id: 'theirs', author: 'Bob', preview: '' })}
        continued={false}
        actor="x"
      />,
    );
    quote = screen.getByTestId('reply-quote');
    expect(quote.tagName).not.toBe('BUTTON');
    expect(quote.textContent).toContain('The original message was deleted');
    fireEvent.click(quote);
    expect(client.callsOf('conversations.open')).toHaveLength(0);
  });
});

describe('reactions', () => {
  it('offers recent emoji first, and the full picker reacts with what is picked', async () => {
    await act(() => loadEmojiIndex());
    useRecentEmoji.setState({ recent: ['🦀'] });
    client.handle('messages.react', (r) => ({ ...theirs, reactions: [], id: r.messageId }));
    render(<MessageBubble message={theirs} continued={false} actor="x" />);
    fireEvent.click(screen.getByTestId('reaction-add'));
    const quick = screen.getAllByTestId('reaction-quick').map((b) => b.textContent);
    expect(quick.slice(0, 2)).toEqual(['🦀', '👍']);
    expect(quick).toHaveLength(6);
    fireEvent.click(screen.getByTestId('reaction-more'));
    fireEvent.change(await screen.findByTestId('emoji-search'), { target: { value: 'pizza' } });
    fireEvent.click(await screen.findByRole('button', { name: /pizza/u }));
    await waitFor(() => expect(client.callsOf('messages.react')).toHaveLength(1));
    expect(client.callsOf('messages.react')[0]).toMatchObject({
      messageId: 'theirs',
      emojis: ['🍕'],
    });
    expect(screen.queryByTestId('emoji-picker')).toBeNull();
    expect(useRecentEmoji.getState().recent[0]).toBe('🍕');
  });

  it('says who reacted, and shows a room refusing the reaction', async () => {
    client.handle('messages.react', () => {
      throw new CommandFailure({
        code: 'invalid-payload',
        message: 'This room does not allow these reactions',
      });
    });
    const reacted = {
      ...theirs,
      reactions: [{ emoji: '👍', count: 2, mine: true, by: ['alice', 'me'] }],
    };
    render(<MessageBubble message={reacted} continued={false} actor="x" />);
    const chip = screen.getByTestId('reaction');
    expect(chip.getAttribute('aria-label')).toBe(
      '👍 2: alice, me (you reacted; press to remove yours)',
    );
    fireEvent.click(screen.getByTestId('reaction-add'));
    fireEvent.click(screen.getAllByTestId('reaction-quick')[1]!);
    const error = await screen.findByTestId('reaction-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain('This room does not allow these reactions');
  });
});
