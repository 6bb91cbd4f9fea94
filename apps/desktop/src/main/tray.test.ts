import { describe, expect, it } from 'vitest';
import type { DesktopReport } from '@parley/contract';
import { overlayIcon, overlayText, trayIcon, UNREAD_RED, type Bitmap } from './tray-icons.js';
import { trayMenuTemplate, type TrayActions } from './tray.js';

const report: DesktopReport = {
  unread: 4,
  mentions: 1,
  presence: 'away',
  chats: [
    { accountId: 'a1', peer: 'juliet@example.org', name: 'Juliet & Co', unread: 3 },
    { accountId: 'a1', peer: 'room@muc.example.org', name: 'Room', unread: 1 },
  ],
};

function recorder() {
  const done: string[] = [];
  const actions: TrayActions = {
    setPresence: (show) => done.push(`presence:${show}`),
    openChat: (chat) => done.push(`open:${chat.peer}`),
    toggleWindow: () => done.push('toggle'),
    quit: () => done.push('quit'),
  };
  return { done, actions };
}

describe('the tray menu', () => {
  it('lists unread chats, the five presences (current one checked), show/hide and quit', () => {
    const { actions } = recorder();
    const menu = trayMenuTemplate({ report, windowVisible: true }, actions);
    expect(menu.map((i) => i.label ?? i.type)).toEqual([
      'Juliet && Co (3)',
      'Room (1)',
      'separator',
      'Available',
      'Away',
      'Not available',
      'Do not disturb',
      'Offline',
      'separator',
      'Hide Parley',
      'separator',
      'Quit Parley',
    ]);
    expect(menu.filter((i) => i.checked).map((i) => i.label)).toEqual(['Away']);
    expect(menu.filter((i) => i.type === 'radio')).toHaveLength(5);
  });

  it('each item does what it says', () => {
    const { done, actions } = recorder();
    const menu = trayMenuTemplate(
      { report: { ...report, chats: [] }, windowVisible: false },
      actions,
    );
    const click = (label: string) => (menu.find((i) => i.label === label)!.click as () => void)();
    expect(menu[0]!.label).toBe('Available');
    click('Do not disturb');
    click('Offline');
    click('Show Parley');
    click('Quit Parley');
    expect(done).toEqual(['presence:dnd', 'presence:offline', 'toggle', 'quit']);
    const withChats = trayMenuTemplate({ report, windowVisible: true }, actions);
    (withChats[1]!.click as () => void)();
    expect(done.at(-1)).toBe('open:room@muc.example.org');
  });
});

function pixel(bitmap: Bitmap, x: number, y: number) {
  const at = (y * bitmap.width + x) * 4;
  const [b, g, r, a] = bitmap.data.subarray(at, at + 4);
  return { r, g, b, a };
}

describe('the tray and overlay images', () => {
  it('draws the bubble, and the dot variant has the red dot at the top right', () => {
    const plain = trayIcon(32, { dot: false, template: false });
    const dot = trayIcon(32, { dot: true, template: false });
    expect(plain.data).toHaveLength(32 * 32 * 4);
    expect(pixel(plain, 16, 14).a).toBe(255);
    expect(pixel(plain, 0, 0).a).toBe(0);
    expect(pixel(dot, 25, 7)).toEqual({
      r: UNREAD_RED.r,
      g: UNREAD_RED.g,
      b: UNREAD_RED.b,
      a: 255,
    });
    expect(pixel(plain, 25, 7)).not.toEqual(pixel(dot, 25, 7));
  });

  it('makes macOS template images black with alpha only', () => {
    const template = trayIcon(32, { dot: false, template: true });
    for (let i = 0; i < template.data.length; i += 4) {
      expect([template.data[i], template.data[i + 1], template.data[i + 2]]).toEqual([0, 0, 0]);
    }
  });

  it('writes the count in the overlay up to 99, a plain disc above', () => {
    expect([overlayText(0), overlayText(7), overlayText(99), overlayText(100)]).toEqual([
      '',
      '7',
      '99',
      '',
    ]);
    const white = (b: Bitmap) => {
      let n = 0;
      for (let i = 0; i < b.data.length; i += 4) if (b.data[i]! > 200 && b.data[i + 2]! > 200) n++;
      return n;
    };
    expect(white(overlayIcon(32, 100))).toBe(0);
    expect(white(overlayIcon(32, 8))).toBeGreaterThan(white(overlayIcon(32, 1)));
    expect(white(overlayIcon(32, 1))).toBeGreaterThan(0);
  });
});
