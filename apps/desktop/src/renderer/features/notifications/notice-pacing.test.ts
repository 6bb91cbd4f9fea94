import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageNotice } from './message-notifier';
import { pacedNotices, pacedSound } from './notice-pacing';

const notice = (tag: string, body: string): MessageNotice => ({ title: tag, body, tag });

describe('notices paced per conversation', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows the first at once, then only the newest of a burst when the gap is over', () => {
    const shown: string[] = [];
    const sink = pacedNotices((n) => shown.push(n.body), 3_000);
    sink(notice('alice', 'm1'), () => undefined);
    expect(shown).toEqual(['m1']);
    for (let i = 2; i <= 500; i++) sink(notice('alice', `m${i}`), () => undefined);
    expect(shown).toEqual(['m1']);
    vi.advanceTimersByTime(2_999);
    expect(shown).toEqual(['m1']);
    vi.advanceTimersByTime(1);
    expect(shown).toEqual(['m1', 'm500']);
    // Quiet after that: nothing more.
    vi.advanceTimersByTime(10_000);
    expect(shown).toEqual(['m1', 'm500']);
  });

  it('each conversation has its own gap; a later one after a quiet spell shows at once', () => {
    const shown: string[] = [];
    const sink = pacedNotices((n) => shown.push(`${n.tag}:${n.body}`), 3_000);
    sink(notice('alice', 'a1'), () => undefined);
    sink(notice('bob', 'b1'), () => undefined);
    sink(notice('alice', 'a2'), () => undefined);
    expect(shown).toEqual(['alice:a1', 'bob:b1']);
    vi.advanceTimersByTime(3_000);
    expect(shown).toEqual(['alice:a1', 'bob:b1', 'alice:a2']);
    vi.advanceTimersByTime(5_000);
    sink(notice('bob', 'b2'), () => undefined);
    expect(shown.at(-1)).toBe('bob:b2');
  });

  it('the shown notice opens the newest message it stands for', () => {
    const clicks: Array<() => void> = [];
    const sink = pacedNotices((_n, click) => clicks.push(click), 3_000);
    const opened: string[] = [];
    sink(notice('alice', 'm1'), () => opened.push('m1'));
    sink(notice('alice', 'm2'), () => opened.push('m2'));
    sink(notice('alice', 'm3'), () => opened.push('m3'));
    vi.advanceTimersByTime(3_000);
    clicks.forEach((click) => click());
    expect(opened).toEqual(['m1', 'm3']);
  });

  it('the sound chimes once for a burst', () => {
    let now = 0;
    let chimes = 0;
    const chime = pacedSound(
      () => chimes++,
      3_000,
      () => now,
    );
    for (let i = 0; i < 100; i++) {
      chime();
      now += 20;
    }
    expect(chimes).toBe(1);
    now += 3_000;
    chime();
    expect(chimes).toBe(2);
  });
});
