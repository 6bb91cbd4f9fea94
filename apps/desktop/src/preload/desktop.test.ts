import { beforeEach, describe, expect, it, vi } from 'vitest';
import { desktopChannels } from '@parley/contract/client';

const exposed = new Map<string, Record<string, (...args: unknown[]) => unknown>>();
const sent: unknown[][] = [];
const invoked: unknown[][] = [];
const listeners = new Map<string, (...args: unknown[]) => void>();

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: Record<string, (...args: unknown[]) => unknown>) =>
      exposed.set(key, api),
  },
  ipcRenderer: {
    send: (...args: unknown[]) => sent.push(args),
    invoke: (...args: unknown[]) => {
      invoked.push(args);
      return Promise.resolve(null);
    },
    on: (channel: string, handler: (...args: unknown[]) => void) => listeners.set(channel, handler),
    removeListener: (channel: string) => listeners.delete(channel),
  },
}));

const { exposeDesktopBridge } = await import('./desktop.js');

beforeEach(() => {
  exposed.clear();
  sent.length = 0;
  invoked.length = 0;
  listeners.clear();
});

describe('the preload’s desktop bridge', () => {
  it('exposes exactly its functions as window.parleyDesktop, on the contract’s channels', async () => {
    exposeDesktopBridge();
    const api = exposed.get('parleyDesktop')!;
    expect(Object.keys(api).sort()).toEqual(
      [
        'callMedia',
        'callNotice',
        'getSettings',
        'mention',
        'onAction',
        'onScreenSources',
        'report',
        'screenChoice',
        'setLanguage',
        'setSettings',
        'show',
      ].sort(),
    );
    api['report']!({ unread: 1 });
    api['mention']!();
    api['show']!();
    api['setLanguage']!('de');
    api['callMedia']!({ media: ['audio'] });
    api['callNotice']!(null);
    api['screenChoice']!({ requestId: '1', sourceId: null });
    await api['getSettings']!();
    await api['setSettings']!({ closeToTray: true });
    expect(sent).toEqual([
      [desktopChannels.report, { unread: 1 }],
      [desktopChannels.mention],
      [desktopChannels.show],
      [desktopChannels.setLanguage, 'de'],
      [desktopChannels.callMedia, { media: ['audio'] }],
      [desktopChannels.callNotice, null],
      [desktopChannels.screenChoice, { requestId: '1', sourceId: null }],
    ]);
    expect(invoked).toEqual([
      [desktopChannels.getSettings],
      [desktopChannels.setSettings, { closeToTray: true }],
    ]);
  });

  it('passes main’s actions on without the IPC event, and stops on unsubscribe', () => {
    exposeDesktopBridge();
    const api = exposed.get('parleyDesktop')!;
    const got: unknown[] = [];
    const off = api['onAction']!((action: unknown) => got.push(action)) as () => void;
    listeners.get(desktopChannels.action)!(
      { sender: 'ipc-event' },
      { kind: 'presence', show: 'dnd' },
    );
    expect(got).toEqual([{ kind: 'presence', show: 'dnd' }]);
    off();
    expect(listeners.has(desktopChannels.action)).toBe(false);
    // The screen picker's requests come the same way.
    const requests: unknown[] = [];
    const offSources = api['onScreenSources']!((r: unknown) => requests.push(r)) as () => void;
    listeners.get(desktopChannels.screenSources)!({ sender: 'ipc-event' }, { requestId: '1' });
    expect(requests).toEqual([{ requestId: '1' }]);
    offSources();
  });
});
