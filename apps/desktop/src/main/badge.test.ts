import { describe, expect, it } from 'vitest';
import { Attention, badgePlan } from './badge.js';

describe('the unread badge per platform', () => {
  it('macOS: Dock badge and the count beside the menu-bar icon, no dot on the template icon', () => {
    expect(badgePlan(3, 'darwin')).toEqual({
      badgeCount: 3,
      overlay: null,
      trayTitle: '3',
      tooltip: 'Parley: 3 unread messages',
      trayDot: false,
    });
    expect(badgePlan(0, 'darwin')).toMatchObject({ badgeCount: 0, trayTitle: '' });
  });

  it('Windows: a taskbar overlay with the count in words, no badge count, no tray title', () => {
    expect(badgePlan(1, 'win32')).toEqual({
      badgeCount: null,
      overlay: { count: 1, description: '1 unread message' },
      trayTitle: null,
      tooltip: 'Parley: 1 unread message',
      trayDot: true,
    });
    expect(badgePlan(0, 'win32').overlay).toEqual({ count: 0, description: 'No unread messages' });
  });

  it('Linux: the launcher badge (Unity and LauncherEntry docks) and the tray dot', () => {
    expect(badgePlan(12, 'linux')).toMatchObject({ badgeCount: 12, overlay: null, trayDot: true });
    expect(badgePlan(0, 'linux')).toMatchObject({
      badgeCount: 0,
      tooltip: 'Parley',
      trayDot: false,
    });
  });

  it('treats a count that is not a whole non-negative number as none', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(badgePlan(bad, 'linux').badgeCount).toBe(0);
    }
  });
});

function fakeWindow(focused: boolean) {
  const flashes: boolean[] = [];
  return { flashes, isFocused: () => focused, flashFrame: (f: boolean) => flashes.push(f) };
}

describe('attention on a mention', () => {
  it('flashes the taskbar entry only while the window is not focused, once, until focus', () => {
    const window = fakeWindow(false);
    const attention = new Attention('win32', window, null);
    attention.mention();
    attention.mention();
    expect(window.flashes).toEqual([true]);
    attention.focused();
    expect(window.flashes).toEqual([true, false]);
    attention.focused();
    expect(window.flashes).toEqual([true, false]);
  });

  it('does nothing when the user is looking at the window', () => {
    const window = fakeWindow(true);
    new Attention('linux', window, null).mention();
    expect(window.flashes).toEqual([]);
  });

  it('bounces the Dock once ("informational") on macOS and cancels it on focus', () => {
    const window = fakeWindow(false);
    const bounces: string[] = [];
    const cancelled: number[] = [];
    const dock = {
      bounce: (type: 'informational' | 'critical') => bounces.push(type) + 40,
      cancelBounce: (id: number) => cancelled.push(id),
    };
    const attention = new Attention('darwin', window, dock);
    attention.mention();
    attention.mention();
    expect(bounces).toEqual(['informational']);
    attention.focused();
    expect(cancelled).toEqual([41]);
    expect(window.flashes).toEqual([]);
  });
});
