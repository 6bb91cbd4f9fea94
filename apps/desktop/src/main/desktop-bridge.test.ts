import { describe, expect, it } from 'vitest';
import { desktopChannels, MAX_UNREAD, type DesktopReport } from '@parley/contract';
import {
  bindDesktopBridge,
  parseReport,
  sendAction,
  type DesktopHandlers,
} from './desktop-bridge.js';
import { FakeIpcMain, FakeWindow, fromWindow } from './test-support/fake-electron.js';

const good: DesktopReport = {
  unread: 2,
  mentions: 1,
  presence: 'available',
  chats: [{ accountId: 'a1', peer: 'juliet@example.org', name: 'Juliet', unread: 2 }],
};

describe('reports from the renderer', () => {
  it('accepts a well-formed report', () => {
    expect(parseReport(good)).toEqual(good);
  });

  it('drops numbers out of bounds, wrong types, too many chats and bad addresses', () => {
    const chat = good.chats[0]!;
    const bad: unknown[] = [
      undefined,
      { ...good, unread: -1 },
      { ...good, unread: MAX_UNREAD + 1 },
      { ...good, unread: 1.5 },
      { ...good, unread: '3' },
      { ...good, presence: 'chat' },
      { ...good, chats: Array.from({ length: 6 }, () => chat) },
      { ...good, chats: [{ ...chat, peer: 'a@b@c' }] },
      { ...good, chats: [{ ...chat, name: 'x'.repeat(101) }] },
    ];
    for (const payload of bad) expect(parseReport(payload), JSON.stringify(payload)).toBeNull();
  });
});

function bound() {
  const ipc = new FakeIpcMain();
  const window = new FakeWindow();
  const seen: string[] = [];
  const handlers: DesktopHandlers = {
    view: () => {
      seen.push('view');
      return { prefs: {} } as ReturnType<DesktopHandlers['view']>;
    },
    setPrefs: (patch) => {
      seen.push(`set:${JSON.stringify(patch)}`);
      return Promise.resolve({ ok: false, message: 'no' });
    },
    report: (report) => seen.push(`report:${report.unread}`),
    mention: () => seen.push('mention'),
    show: () => seen.push('show'),
    setLanguage: (language) => seen.push(`language:${language}`),
    callMedia: (grant) => seen.push(`media:${grant ? grant.media.join('+') : 'none'}`),
    callNotice: (notice) => seen.push(`notice:${notice ? notice.callId : 'none'}`),
  };
  const unbind = bindDesktopBridge(ipc, window.webContents, handlers);
  return { ipc, window, seen, unbind };
}

describe('the desktop bridge in main', () => {
  it('hears only its own window’s top frame', async () => {
    const { ipc, window, seen } = bound();
    const stranger = { sender: window.webContents, senderFrame: { frame: 'iframe' } };
    ipc.emitSend(stranger, desktopChannels.report, good);
    ipc.emitSend(stranger, desktopChannels.mention);
    expect(ipc.invoke(stranger, desktopChannels.getSettings)).toBeNull();
    expect(await ipc.invoke(stranger, desktopChannels.setSettings, { closeToTray: true })).toEqual({
      ok: false,
      message: 'Caller not allowed',
    });
    expect(seen).toEqual([]);
    ipc.emitSend(fromWindow(window), desktopChannels.report, good);
    ipc.emitSend(fromWindow(window), desktopChannels.report, { ...good, unread: -5 });
    ipc.emitSend(fromWindow(window), desktopChannels.mention);
    expect(seen).toEqual(['report:2', 'mention']);
  });

  it('takes a supported language and refuses anything else', () => {
    const { ipc, window, seen } = bound();
    for (const bad of ['fr', 'DE', 'de-DE', '', 42, null, { code: 'de' }, ['de'], undefined]) {
      ipc.emitSend(fromWindow(window), desktopChannels.setLanguage, bad);
    }
    ipc.emitSend(
      { sender: window.webContents, senderFrame: {} },
      desktopChannels.setLanguage,
      'ar',
    );
    expect(seen).toEqual([]);
    ipc.emitSend(fromWindow(window), desktopChannels.setLanguage, 'de');
    expect(seen).toEqual(['language:de']);
  });

  it('takes a call’s devices, or their end, and refuses anything else', () => {
    const { ipc, window, seen } = bound();
    const bad = [
      { media: [] },
      { media: ['screen'] },
      { media: 'audio' },
      {},
      'audio',
      42,
      undefined,
    ];
    for (const payload of bad) ipc.emitSend(fromWindow(window), desktopChannels.callMedia, payload);
    ipc.emitSend({ sender: window.webContents, senderFrame: {} }, desktopChannels.callMedia, {
      media: ['audio'],
    });
    expect(seen).toEqual([]);
    ipc.emitSend(fromWindow(window), desktopChannels.callMedia, { media: ['audio', 'video'] });
    ipc.emitSend(fromWindow(window), desktopChannels.callMedia, null);
    expect(seen).toEqual(['media:audio+video', 'media:none']);
  });

  it('takes a call notice only as the contract says, from the window', () => {
    const { ipc, window, seen } = bound();
    const good = {
      accountId: 'a1',
      callId: 'c1',
      title: 'Incoming call',
      body: 'Ada is calling',
      answer: 'Answer',
      decline: 'Decline',
    };
    const bad: unknown[] = [
      { ...good, title: '' },
      { ...good, body: 'x'.repeat(501) },
      { ...good, callId: 7 },
      'ring',
      undefined,
    ];
    for (const payload of bad)
      ipc.emitSend(fromWindow(window), desktopChannels.callNotice, payload);
    ipc.emitSend({ sender: window.webContents, senderFrame: {} }, desktopChannels.callNotice, good);
    expect(seen).toEqual([]);
    ipc.emitSend(fromWindow(window), desktopChannels.callNotice, good);
    ipc.emitSend(fromWindow(window), desktopChannels.callNotice, null);
    expect(seen).toEqual(['notice:c1', 'notice:none']);
  });

  it('unbinds every channel', () => {
    const { ipc, unbind } = bound();
    unbind();
    expect(ipc.handlers.size).toBe(0);
    expect([...ipc.listeners.values()].flat()).toEqual([]);
  });

  it('sends only valid actions, and none to a closed window', () => {
    const window = new FakeWindow();
    expect(sendAction(window.webContents, { kind: 'presence', show: 'dnd' })).toBe(true);
    expect(
      sendAction(window.webContents, { kind: 'presence', show: 'chat' } as unknown as Parameters<
        typeof sendAction
      >[1]),
    ).toBe(false);
    window.webContents.destroyed = true;
    expect(sendAction(window.webContents, { kind: 'presence', show: 'away' })).toBe(false);
    expect(window.webContents.sent).toEqual([
      { channel: desktopChannels.action, args: [{ kind: 'presence', show: 'dnd' }] },
    ]);
  });
});
