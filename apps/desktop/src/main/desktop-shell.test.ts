import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { desktopChannels, type DesktopReport } from '@parley/contract';
import { DESKTOP_SETTINGS_FILE, DesktopSettingsFile } from './desktop-settings.js';
import { DesktopShell, startupMode } from './desktop-shell.js';
import { NO_DOWNLOAD_URL, GOOGLE_DICTIONARY_URL } from './spellcheck.js';
import {
  asWindow,
  fakeElectron,
  FakeSession,
  FakeWindow,
  fromWindow,
  shellOptions,
  type FakeElectron,
} from './test-support/fake-electron.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-shell-'));
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

function preset(settings: Partial<ReturnType<DesktopSettingsFile['get']>>): void {
  const file = new DesktopSettingsFile(dir);
  file.save({ ...file.get(), ...settings });
}

function start(platform: NodeJS.Platform, setup: (fake: FakeElectron) => void = () => undefined) {
  const fake = fakeElectron(platform);
  setup(fake);
  const session = new FakeSession();
  const shell = new DesktopShell(shellOptions(fake, platform, dir, session));
  const window = new FakeWindow();
  const detach = shell.attach(asWindow(window));
  window.emit('ready-to-show');
  return { fake, shell, window, session, detach, tray: fake.trays[0] };
}

const report = (unread: number): DesktopReport => ({
  unread,
  mentions: 0,
  presence: 'available',
  chats: [],
});

describe('showing the window at start', () => {
  it('decides between shown, tray and minimised', () => {
    expect(startupMode(false, true)).toBe('show');
    expect(startupMode(true, true)).toBe('tray');
    expect(startupMode(true, false)).toBe('minimise');
  });

  it('shows the window normally, maximised when it was', () => {
    preset({ window: { x: 10, y: 10, width: 900, height: 700, maximised: true } });
    const { window } = start('linux');
    expect(window.calls).toEqual(['maximize', 'show', 'focus']);
  });

  it('start minimised: stays in the tray, or minimised to the taskbar without a tray', () => {
    preset({ startMinimised: true });
    const inTray = start('win32');
    expect(inTray.window.visible).toBe(false);
    expect(inTray.window.calls).toEqual([]);
    const noTray = start('linux', (fake) => (fake.noTray = true));
    expect(noTray.window.calls).toEqual(['showInactive', 'minimize']);
  });
});

describe('close to tray', () => {
  it('off (default): closing closes', () => {
    const { window } = start('linux');
    expect(window.userClose()).toBe(true);
  });

  it('on: closing hides the window; the tray brings it back; Quit really quits', () => {
    preset({ closeToTray: true });
    const { window, tray, fake, shell } = start('win32');
    expect(window.userClose()).toBe(false);
    expect(window.visible).toBe(false);
    expect(tray!.labels()).toContain('Show Parley');
    tray!.choose('Show Parley');
    expect(window.visible).toBe(true);
    tray!.choose('Quit Parley');
    expect(fake.app.quits).toBe(1);
    // app.quit() closes the windows: now the close goes through.
    expect(window.userClose()).toBe(true);
    // And a quit from elsewhere (the app menu, the OS) too.
    const again = start('win32');
    shell.prepareQuit();
    again.shell.prepareQuit();
    expect(again.window.userClose()).toBe(true);
  });

  it('on but without a tray: closing closes (nothing left to bring it back)', () => {
    preset({ closeToTray: true });
    const { window } = start('linux', (fake) => (fake.noTray = true));
    expect(window.userClose()).toBe(true);
  });
});

describe('unread count, tray and attention', () => {
  it('Windows: tooltip, dotted tray icon and a taskbar overlay; cleared at zero', () => {
    const { shell, window, tray, fake } = start('win32');
    const firstImage = tray!.image;
    fake.ipc.emitSend(fromWindow(window), desktopChannels.report, report(5));
    expect(tray!.tooltip).toBe('Parley: 5 unread messages');
    expect(tray!.image).not.toBe(firstImage);
    const overlay = window.overlays.at(-1)!;
    expect(overlay.description).toBe('5 unread messages');
    expect(overlay.image).toMatchObject({ width: 32, height: 32, scaleFactor: 2 });
    fake.ipc.emitSend(fromWindow(window), desktopChannels.report, report(0));
    expect(window.overlays.at(-1)).toEqual({ image: null, description: 'No unread messages' });
    expect(fake.app.badge).toEqual([]);
    expect(shell.view().platform).toBe('win32');
  });

  it('macOS: Dock badge and the count beside the menu-bar template icon', () => {
    const { window, tray, fake } = start('darwin');
    expect(tray!.image.template).toBe(true);
    fake.ipc.emitSend(fromWindow(window), desktopChannels.report, report(3));
    expect(fake.app.badge.at(-1)).toBe(3);
    expect(tray!.title).toBe('3');
    expect(window.overlays).toEqual([]);
  });

  it('a bad report from the renderer changes nothing', () => {
    const { window, tray, fake } = start('linux');
    const before = fake.app.badge.length;
    fake.ipc.emitSend(fromWindow(window), desktopChannels.report, { ...report(3), unread: 1e9 });
    expect(fake.app.badge.length).toBe(before);
    expect(tray!.tooltip).toBe('Parley');
  });

  it('flashes on a mention while the window is away, stops on focus', () => {
    const { window, fake } = start('linux');
    window.focused = false;
    fake.ipc.emitSend(fromWindow(window), desktopChannels.mention);
    expect(window.flashes).toEqual([true]);
    window.focus();
    expect(window.flashes).toEqual([true, false]);
  });

  it('the tray menu asks the renderer to set presence and to open a chat', () => {
    const { window, tray, fake } = start('linux');
    const chat = { accountId: 'a1', peer: 'juliet@example.org' };
    fake.ipc.emitSend(fromWindow(window), desktopChannels.report, {
      ...report(2),
      chats: [{ ...chat, name: 'Juliet', unread: 2 }],
    });
    tray!.choose('Away');
    tray!.choose('Juliet (2)');
    expect(window.webContents.sent).toEqual([
      { channel: desktopChannels.action, args: [{ kind: 'presence', show: 'away' }] },
      { channel: desktopChannels.action, args: [{ kind: 'open', chat }] },
    ]);
  });

  it('a notification click (the renderer asks) brings a window hidden in the tray back', () => {
    preset({ closeToTray: true });
    const { window, fake } = start('linux');
    window.userClose();
    expect(window.visible).toBe(false);
    fake.ipc.emitSend({ sender: {}, senderFrame: {} }, desktopChannels.show);
    expect(window.visible).toBe(false);
    fake.ipc.emitSend(fromWindow(window), desktopChannels.show);
    expect(window.visible).toBe(true);
  });

  it('a call ringing while the window is in the tray: Answer on the notice brings it back and answers', () => {
    preset({ closeToTray: true });
    const { window, fake, detach } = start('win32');
    window.userClose();
    const notice = {
      accountId: 'a1',
      callId: 'c1',
      title: 'Incoming call',
      body: 'Ada is calling',
      answer: 'Answer',
      decline: 'Decline',
    };
    fake.ipc.emitSend(fromWindow(window), desktopChannels.callNotice, notice);
    expect(fake.notices).toHaveLength(1);
    expect(fake.notices[0]!.shown).toBe(true);
    fake.notices[0]!.fire('action', 0);
    expect(window.visible).toBe(true);
    expect(window.webContents.sent).toEqual([
      {
        channel: desktopChannels.action,
        args: [{ kind: 'call', accountId: 'a1', callId: 'c1', answer: true }],
      },
    ]);
    // The next call's notice goes when the window goes.
    fake.ipc.emitSend(fromWindow(window), desktopChannels.callNotice, { ...notice, callId: 'c2' });
    detach();
    expect(fake.notices[1]!.closed).toBe(true);
  });

  it('a click on the tray icon hides and shows the window (not on macOS)', () => {
    const { window, tray } = start('win32');
    tray!.emit('click');
    expect(window.visible).toBe(false);
    tray!.emit('click');
    expect(window.visible).toBe(true);
  });
});

describe('desktop settings through the bridge', () => {
  it('automatic updates: on by default, turned off and on through the updater', async () => {
    const { window, fake, shell } = start('linux');
    expect(shell.view()).toMatchObject({ updates: 'none', prefs: { autoUpdate: true } });
    const calls: boolean[] = [];
    shell.bindUpdates({ manager: 'parley', setEnabled: (on) => calls.push(on), stop() {} });
    const off = await fake.ipc.invoke(fromWindow(window), desktopChannels.setSettings, {
      autoUpdate: false,
    });
    expect(off).toMatchObject({
      ok: true,
      view: { updates: 'parley', prefs: { autoUpdate: false } },
    });
    expect(new DesktopSettingsFile(dir).get().autoUpdate).toBe(false);
    await fake.ipc.invoke(fromWindow(window), desktopChannels.setSettings, { autoUpdate: true });
    expect(calls).toEqual([false, true]);
    // The update dialog's "Turn off automatic updates" lands in the same file.
    shell.updatePrefs.turnOff();
    expect(shell.updatePrefs.enabled()).toBe(false);
  });

  it('start at login writes the autostart entry on Linux and removes it', async () => {
    const { window, fake } = start('linux');
    const entry = join(dir, '.config', 'autostart', 'parley.desktop');
    const on = await fake.ipc.invoke(fromWindow(window), desktopChannels.setSettings, {
      startAtLogin: true,
    });
    expect(on).toMatchObject({ ok: true, view: { prefs: { startAtLogin: true } } });
    expect(readFileSync(entry, 'utf8')).toContain('Exec="/opt/Parley/parley"');
    await fake.ipc.invoke(fromWindow(window), desktopChannels.setSettings, { startAtLogin: false });
    expect(existsSync(entry)).toBe(false);
  });

  it('spell check stays off and pointed away until the user turns it on', async () => {
    const { window, fake, session } = start('linux');
    expect(session.calls).toEqual([`url:${NO_DOWNLOAD_URL}`, 'enabled:false']);
    const answer = await fake.ipc.invoke(fromWindow(window), desktopChannels.setSettings, {
      spellCheck: { enabled: true, languages: ['de-DE'] },
    });
    expect(answer).toMatchObject({ ok: true });
    expect(session.calls.slice(2)).toEqual([
      `url:${GOOGLE_DICTIONARY_URL}`,
      'languages:de-DE',
      'enabled:true',
    ]);
  });

  it('leaves spell check off when setting it up fails', () => {
    preset({ spellCheck: { enabled: true, languages: ['de-DE'] } });
    const fake = fakeElectron('linux');
    const session = new FakeSession();
    session.setSpellCheckerLanguages = () => {
      throw new Error('Invalid language code provided: "de-DE" is not a valid language code');
    };
    new DesktopShell(shellOptions(fake, 'linux', dir, session));
    expect(session.enabled).toBe(false);
  });

  it('refuses a language the spell checker does not know, and bad payloads, saving nothing', async () => {
    const { window, fake } = start('linux');
    for (const patch of [
      { spellCheck: { enabled: true, languages: ['pt-BR'] } },
      { window: { x: 0, y: 0, width: 1, height: 1, maximised: false } },
      { closeToTray: 1 },
    ]) {
      const answer = await fake.ipc.invoke(fromWindow(window), desktopChannels.setSettings, patch);
      expect(answer, JSON.stringify(patch)).toMatchObject({ ok: false });
    }
    expect(existsSync(join(dir, DESKTOP_SETTINGS_FILE))).toBe(false);
  });

  it('remembers the window place after moving (debounced) and on close', () => {
    vi.useFakeTimers();
    const { window } = start('linux');
    window.bounds = { x: 50, y: 60, width: 1000, height: 700 };
    window.emit('move');
    window.emit('resize');
    expect(existsSync(join(dir, DESKTOP_SETTINGS_FILE))).toBe(false);
    vi.advanceTimersByTime(600);
    expect(new DesktopSettingsFile(dir).get().window).toEqual({
      x: 50,
      y: 60,
      width: 1000,
      height: 700,
      maximised: false,
    });
    window.bounds = { x: 70, y: 80, width: 900, height: 650 };
    window.userClose();
    expect(new DesktopSettingsFile(dir).get().window).toMatchObject({ x: 70, width: 900 });
    // Minimised bounds are not a place to come back to.
    window.minimised = true;
    window.bounds = { x: -32000, y: -32000, width: 160, height: 28 };
    window.userClose();
    expect(new DesktopSettingsFile(dir).get().window).toMatchObject({ x: 70 });
  });

  it('restores the remembered place on the displays of today', () => {
    preset({ window: { x: 3000, y: 100, width: 900, height: 700, maximised: false } });
    const fake = fakeElectron('linux');
    const shell = new DesktopShell(shellOptions(fake, 'linux', dir));
    expect(shell.windowBounds().x).toBeUndefined();
    fake.displays.push({ x: 1920, y: 0, width: 1920, height: 1080 });
    expect(shell.windowBounds()).toMatchObject({ x: 2940, y: 100, width: 900 });
  });
});
