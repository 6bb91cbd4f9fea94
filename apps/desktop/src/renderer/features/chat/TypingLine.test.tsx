import '../../test/jsdom.js';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { message } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { onOccupantBatch } from '../rooms/actions';
import { chatKey } from '../ui/store';
import { useChat } from './store';
import { TypingLine, typistsText } from './TypingLine';

const ROOM = 'lounge@conference.example.org';
const KEY = chatKey('a1', ROOM);

beforeEach(() => resetStores());
afterEach(cleanup);

function shown(): string | null {
  return screen.queryByTestId('typing-indicator')?.textContent ?? null;
}

function typing(nick: string, state: 'composing' | 'paused' | 'active' = 'composing') {
  act(() => useChat.getState().setTyping('a1', ROOM, state, nick));
}

describe('who is typing in a room', () => {
  it('names one, two, then counts the others; paused is not typing', () => {
    render(<TypingLine conversationKey={KEY} room name="Lounge" />);
    expect(shown()).toBeNull();
    typing('Bob');
    expect(shown()).toBe('Bob is typing…');
    typing('Ann');
    expect(shown()).toBe('Ann and Bob are typing…');
    typing('Cid');
    typing('Dee');
    expect(shown()).toBe('Ann, Bob and 2 others are typing…');
    typing('Dee', 'paused');
    typing('Cid', 'active');
    expect(shown()).toBe('Ann and Bob are typing…');
  });

  it("ends with the typist's message, or when they leave; a fresh join forgets everyone", () => {
    render(<TypingLine conversationKey={KEY} room name="Lounge" />);
    typing('Bob');
    typing('Ann');
    act(() =>
      useChat
        .getState()
        .add(message('m1', { accountId: 'a1', peer: ROOM, resource: 'Bob', body: 'hi' })),
    );
    expect(shown()).toBe('Ann is typing…');
    act(() =>
      onOccupantBatch({
        accountId: 'a1',
        room: ROOM,
        reset: false,
        upserted: [],
        removed: ['Ann'],
      }),
    );
    expect(shown()).toBeNull();
    typing('Cid');
    act(() =>
      onOccupantBatch({ accountId: 'a1', room: ROOM, reset: true, upserted: [], removed: [] }),
    );
    expect(shown()).toBeNull();
  });

  it('shows hostile nicks made safe: no bidi overrides, no controls, bounded', () => {
    const text = typistsText(['\u202Eevil\u202C', `long${'x'.repeat(10_000)}`, 'a\u0000b'])!;
    expect(text).not.toMatch(/[\u202A-\u202E]/u);
    expect(text).not.toContain(String.fromCharCode(0));
    expect(text.length).toBeLessThan(200);
    expect(text).toMatch(/^evil, longx+… and 1 other are typing…$/u);
  });

  it('in a one-to-one chat, the contact by name', () => {
    render(
      <TypingLine conversationKey={chatKey('a1', 'bob@example.org')} room={false} name="Bob" />,
    );
    act(() => useChat.getState().setTyping('a1', 'bob@example.org', 'composing'));
    expect(shown()).toBe('Bob is typing…');
    // A room typist with the same key space never shows in a chat.
    typing('Ann');
    act(() => useChat.getState().setTyping('a1', 'bob@example.org', 'paused'));
    expect(shown()).toBeNull();
  });
});
