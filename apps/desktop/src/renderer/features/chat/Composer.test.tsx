import '../../test/jsdom.js';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient, failure } from '../../test/fake-client';
import { message } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { chatKey } from '../ui/store';
import { Composer } from './Composer';
import { useEdits } from './edits-store';
import { useReplies } from './reply-store';
import { useChat } from './store';

const ROOM = 'lounge@conference.example.org';
const nicks = () => ({ candidates: ['Bob', 'bella', 'Ann'], ownNick: 'Me' });

beforeEach(() => {
  resetStores();
  setClient(new FakeClient());
});
afterEach(cleanup);

function type(text: string): HTMLTextAreaElement {
  const field = screen.getByTestId('composer') as HTMLTextAreaElement;
  fireEvent.change(field, { target: { value: text } });
  field.setSelectionRange(text.length, text.length);
  return field;
}

/** True when the composer took the Tab (a completion), false when it let it move the focus. */
function tab(field: HTMLTextAreaElement): boolean {
  return !fireEvent.keyDown(field, { key: 'Tab' });
}

describe('Tab in a room composer', () => {
  it('completes a nick, cycles on the next Tab, and puts the caret after it', () => {
    render(<Composer accountId="a1" peer={ROOM} peerName="lounge" online nicks={nicks} />);
    const field = type('b');
    expect(tab(field)).toBe(true);
    expect(field.value).toBe('Bob: ');
    expect(field.selectionStart).toBe(5);
    expect(tab(field)).toBe(true);
    expect(field.value).toBe('bella: ');
    expect(useChat.getState().drafts[chatKey('a1', ROOM)]).toBe('bella: ');
  });

  it('lets Tab move the focus when nothing matches, and in one-to-one chats', () => {
    render(<Composer accountId="a1" peer={ROOM} peerName="lounge" online nicks={nicks} />);
    const field = type('zed');
    expect(tab(field)).toBe(false);
    expect(field.value).toBe('zed');
    cleanup();
    render(<Composer accountId="a1" peer="bob@example.org" peerName="Bob" online />);
    expect(tab(type('b'))).toBe(false);
  });
});

/** A command handler whose answers the test releases one by one, in any order. */
function held<T>() {
  const pending: { request: T; release(): void; fail(): void }[] = [];
  const handler = (request: T) =>
    new Promise<never>((resolve, reject) =>
      pending.push({
        request,
        release: () => resolve(message(`m${pending.length}`, { direction: 'out' }) as never),
        fail: () => reject(failure('store is full')),
      }),
    );
  return { pending, handler };
}

const BOB = 'bob@example.org';
const enter = (field: HTMLTextAreaElement) => fireEvent.keyDown(field, { key: 'Enter' });

describe('Enter while earlier messages are still being handed over', () => {
  it('sends each Enter as its own message at once, in the order typed', async () => {
    const sends = held<{ body: string }>();
    const client = new FakeClient().handle('messages.send', sends.handler);
    setClient(client);
    render(<Composer accountId="a1" peer={BOB} peerName="Bob" online />);
    for (const text of ['one', 'two', 'three']) enter(type(text));
    // None answered yet: all three went, each once, and the composer is empty for the next.
    expect(client.callsOf('messages.send').map((r) => r.body)).toEqual(['one', 'two', 'three']);
    expect((screen.getByTestId('composer') as HTMLTextAreaElement).value).toBe('');
    await act(async () => sends.pending.forEach((p) => p.release()));
    expect(screen.queryByTestId('composer-error')).toBeNull();
  });

  it('gives a failed message back before what was typed since, and only one reply', async () => {
    const sends = held<{ body: string; replyTo?: string | null }>();
    const client = new FakeClient().handle('messages.send', sends.handler);
    setClient(client);
    render(<Composer accountId="a1" peer={BOB} peerName="Bob" online />);
    const asked = message('q1', { peer: BOB });
    act(() => useReplies.getState().startReply(asked));
    enter(type('sure'));
    enter(type('see you'));
    expect(client.callsOf('messages.send')).toEqual([
      { accountId: 'a1', peer: BOB, body: 'sure', replyTo: 'q1' },
      { accountId: 'a1', peer: BOB, body: 'see you' },
    ]);
    type('and');
    await act(async () => sends.pending[0]!.fail());
    expect(screen.getByTestId('composer-error').textContent).toContain('store is full');
    expect((screen.getByTestId('composer') as HTMLTextAreaElement).value).toBe('sure\nand');
    // The reply it was comes back with it.
    expect(useReplies.getState().replying[chatKey('a1', BOB)]?.id).toBe('q1');
  });

  it('holds Enter while a correction is being answered', async () => {
    const corrections = held<{ body: string }>();
    const client = new FakeClient().handle('messages.correct', corrections.handler);
    setClient(client);
    const mine = message('m1', { peer: BOB, direction: 'out', body: 'helo' });
    act(() => useEdits.getState().startEdit(mine));
    render(<Composer accountId="a1" peer={BOB} peerName="Bob" online />);
    const field = type('hello');
    enter(field);
    type('hello again');
    enter(field);
    expect(client.callsOf('messages.correct')).toHaveLength(1);
    await act(async () => corrections.pending[0]!.release());
    await waitFor(() => expect(field.value).toBe('hello again'));
  });
});
