import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetStores } from '../../test/reset';
import { chatKey } from '../ui/store';
import { useChat } from './store';
import { applyChatState, TYPING_EXPIRY_MS } from './typing-expiry';

const ROOM = 'tea@conference.example.org';

beforeEach(() => {
  resetStores();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('typing that is never ended', () => {
  it('stops showing after the expiry; a fresh composing starts it over', () => {
    applyChatState('a1', 'bob@example.org', 'composing', null);
    applyChatState('a1', ROOM, 'composing', 'Ann');
    vi.advanceTimersByTime(TYPING_EXPIRY_MS - 1_000);
    applyChatState('a1', ROOM, 'composing', 'Ann');
    vi.advanceTimersByTime(1_000);
    const s = useChat.getState();
    expect(s.typing[chatKey('a1', 'bob@example.org')]).toBe('paused');
    expect(s.roomTyping[chatKey('a1', ROOM)]).toEqual({ Ann: 'composing' });
    vi.advanceTimersByTime(TYPING_EXPIRY_MS);
    expect(useChat.getState().roomTyping[chatKey('a1', ROOM)]).toEqual({ Ann: 'paused' });
  });

  it('an explicit state ends the wait: no late "paused" overrides it', () => {
    applyChatState('a1', 'bob@example.org', 'composing', null);
    applyChatState('a1', 'bob@example.org', 'active', null);
    vi.advanceTimersByTime(TYPING_EXPIRY_MS * 2);
    expect(useChat.getState().typing[chatKey('a1', 'bob@example.org')]).toBeUndefined();
  });
});
