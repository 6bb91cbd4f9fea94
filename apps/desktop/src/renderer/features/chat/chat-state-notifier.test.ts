import type { ChatState } from '@parley/contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatStateNotifier } from './chat-state-notifier';

describe('ChatStateNotifier', () => {
  let sent: ChatState[];
  let notifier: ChatStateNotifier;
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    notifier = new ChatStateNotifier((s) => sent.push(s));
  });
  afterEach(() => vi.useRealTimers());

  it('sends composing once per 5 s of continuous typing', () => {
    for (let i = 0; i < 40; i++) {
      notifier.input('x'.repeat(i + 1));
      vi.advanceTimersByTime(300); // 12 s of typing in all
    }
    expect(sent).toEqual(['composing', 'composing', 'composing']);
  });

  it('sends paused after 5 s idle, then composing again on typing', () => {
    notifier.input('h');
    vi.advanceTimersByTime(4_999);
    expect(sent).toEqual(['composing']);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['composing', 'paused']);
    vi.advanceTimersByTime(60_000);
    expect(sent).toEqual(['composing', 'paused']);
    notifier.input('he');
    expect(sent).toEqual(['composing', 'paused', 'composing']);
  });

  it('sends active on send and when the text is cleared, not twice', () => {
    notifier.input('hello');
    notifier.sent();
    notifier.sent();
    expect(sent).toEqual(['composing', 'active']);
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual(['composing', 'active']);
    notifier.input('x');
    notifier.input('');
    expect(sent).toEqual(['composing', 'active', 'composing', 'active']);
  });

  it('resets to active when disposed while composing only', () => {
    notifier.dispose();
    expect(sent).toEqual([]);
    notifier.input('x');
    notifier.dispose();
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual(['composing', 'active']);
  });
});
