import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { desktopChannels, uiLanguage, type DesktopReport } from '@parley/contract';
import { LANGUAGES } from '../renderer/i18n/languages.js';
import { badgePlan } from './badge.js';
import { DesktopShell } from './desktop-shell.js';
import { mainLanguage, setMainLanguage, systemLanguage } from './i18n.js';
import { contextMenuTemplate } from './spellcheck.js';
import {
  asWindow,
  fakeElectron,
  FakeSession,
  FakeWindow,
  fromWindow,
  shellOptions,
} from './test-support/fake-electron.js';
import { installQuestion, restartQuestion } from './update-dialogs.js';
import { appMenuTemplate } from './window-options.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-main-i18n-'));
});
afterEach(() => {
  setMainLanguage('en');
  rmSync(dir, { recursive: true, force: true });
});

const report: DesktopReport = {
  unread: 3,
  mentions: 0,
  presence: 'away',
  chats: [{ accountId: 'a1', peer: 'juliet@example.org', name: 'Juliet', unread: 3 }],
};

function start(locale = 'en-US') {
  const fake = fakeElectron('linux');
  const app = fake.electron.app as { getLocale(): string };
  app.getLocale = () => locale;
  const shell = new DesktopShell(shellOptions(fake, 'linux', dir, new FakeSession()));
  const window = new FakeWindow();
  shell.attach(asWindow(window));
  window.emit('ready-to-show');
  const tray = fake.trays[0]!;
  const send = (payload: unknown) =>
    fake.ipc.emitSend(fromWindow(window), desktopChannels.setLanguage, payload);
  fake.ipc.emitSend(fromWindow(window), desktopChannels.report, report);
  return { fake, tray, send };
}

function labels(template: MenuItemConstructorOptions[]): string[] {
  return template.flatMap((item) => [
    ...(item.label ? [item.label] : []),
    ...(Array.isArray(item.submenu) ? labels(item.submenu) : []),
  ]);
}

describe('main in the renderer’s language', () => {
  it('shows the tray menu and tooltip in German after setLanguage("de")', () => {
    const { tray, send } = start();
    expect(tray.labels()).toContain('Quit Parley');
    send('de');
    expect(mainLanguage()).toBe('de');
    expect(tray.labels()).toEqual([
      'Juliet (3)',
      '-separator',
      'Verfügbar',
      'Abwesend',
      'Nicht verfügbar',
      'Nicht stören',
      'Offline',
      '-separator',
      'Parley ausblenden',
      '-separator',
      'Parley beenden',
    ]);
    expect(tray.tooltip).toBe('Parley: 3 ungelesene Nachrichten');
    tray.choose('Parley beenden');
  });

  it('speaks Arabic with its plural forms', () => {
    const { tray, send } = start();
    send('ar');
    expect(tray.labels()).toContain('إنهاء Parley');
    expect(tray.tooltip).toBe('Parley: 3 رسائل غير مقروءة');
    expect(badgePlan(2, 'win32').overlay?.description).toBe('رسالتان غير مقروءتين');
  });

  it('refuses a language payload that is not a supported code, changing nothing', () => {
    const { tray, send } = start();
    const before = tray.labels();
    for (const bad of ['fr', 'de-DE', 'DE', '', 7, null, { language: 'de' }, ['de']]) send(bad);
    expect(mainLanguage()).toBe('en');
    expect(tray.labels()).toEqual(before);
    expect(setMainLanguage('xx')).toBe(false);
  });

  it('accepts exactly the languages the interface has', () => {
    expect([...uiLanguage.options].sort()).toEqual(LANGUAGES.map((l) => l.code).sort());
  });

  it('starts in the system’s language, resolved as the renderer resolves it', () => {
    const { tray } = start('de-AT');
    expect(mainLanguage()).toBe('de');
    expect(tray.labels()).toContain('Parley beenden');
    expect(systemLanguage(['fr-FR', 'ar-EG'])).toBe('ar');
    expect(systemLanguage(['pt_BR'])).toBe('en');
  });

  it('builds the app menu, spelling menu and update dialogs in the current language', () => {
    setMainLanguage('de');
    const menu = labels(appMenuTemplate(true, 'linux'));
    expect(menu).toEqual(
      expect.arrayContaining(['Datei', 'Bearbeiten', 'Ansicht', 'Fenster', 'Kopieren']),
    );
    expect(menu).not.toContain('View');
    const spelling = contextMenuTemplate(
      {
        isEditable: true,
        selectionText: '',
        misspelledWord: 'Hauss',
        dictionarySuggestions: [],
        editFlags: { canCut: true, canCopy: true, canPaste: true, canSelectAll: true },
      },
      { replace: () => undefined, addToDictionary: () => undefined },
    );
    expect(spelling.map((i) => i.label).filter(Boolean)).toEqual([
      'Keine Vorschläge',
      'Zum Wörterbuch hinzufügen',
    ]);
    expect(installQuestion('1.2.3')).toMatchObject({
      title: 'Update verfügbar',
      message: 'Parley 1.2.3 ist verfügbar.',
      buttons: ['Herunterladen und installieren', 'Später', 'Automatische Updates ausschalten'],
    });
    expect(restartQuestion('1.2.3').buttons).toEqual(['Jetzt neu starten', 'Beim Beenden']);
    setMainLanguage('en');
    expect(labels(appMenuTemplate(true, 'linux'))).toContain('View');
  });
});
