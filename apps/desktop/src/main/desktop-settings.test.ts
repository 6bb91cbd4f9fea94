import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDesktopSettings } from '@parley/contract';
import {
  applyPatch,
  DESKTOP_SETTINGS_FILE,
  DesktopSettingsFile,
  parseDesktopSettings,
  prefsOf,
} from './desktop-settings.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-desktop-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the desktop settings file', () => {
  it('is the defaults when missing, corrupt, not an object or too large', () => {
    expect(new DesktopSettingsFile(dir).get()).toEqual(defaultDesktopSettings());
    for (const text of ['{"closeToTray": tru', '[]', 'null', '"x"', 'x'.repeat(70_000)]) {
      writeFileSync(join(dir, DESKTOP_SETTINGS_FILE), text);
      expect(new DesktopSettingsFile(dir).get()).toEqual(defaultDesktopSettings());
    }
  });

  it('keeps each good value when others are bad, and drops unknown keys', () => {
    const settings = parseDesktopSettings(
      JSON.stringify({
        closeToTray: true,
        startMinimised: 'yes',
        spellCheck: { enabled: true, languages: ['de-DE', '../../etc'] },
        window: { x: 10, y: 20, width: 800, height: 600, maximised: true },
        lastConversation: { accountId: 'a1', peer: 'not a jid@@' },
        evil: { __proto__: { polluted: true } },
      }),
    );
    expect(settings).toEqual({
      ...defaultDesktopSettings(),
      closeToTray: true,
      window: { x: 10, y: 20, width: 800, height: 600, maximised: true },
    });
    expect(settings).not.toHaveProperty('evil');
  });

  it('writes atomically (no temporary file left) and reads back what it wrote', () => {
    const file = new DesktopSettingsFile(dir);
    const next = { ...file.get(), startAtLogin: true, lastConversation: null };
    file.save(next);
    expect(readdirSync(dir)).toEqual([DESKTOP_SETTINGS_FILE]);
    expect(new DesktopSettingsFile(dir).get()).toEqual(next);
    expect(JSON.parse(readFileSync(join(dir, DESKTOP_SETTINGS_FILE), 'utf8'))).toMatchObject({
      startAtLogin: true,
    });
  });

  it('a failed write keeps the old values in memory and on disk', () => {
    const file = new DesktopSettingsFile(join(dir, 'sub'));
    file.save({ ...file.get(), closeToTray: true });
    rmSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'sub'), 'a file where the folder was');
    expect(() => file.save({ ...file.get(), closeToTray: false })).toThrow();
    expect(file.get().closeToTray).toBe(true);
  });
});

describe('a change from the renderer', () => {
  const current = defaultDesktopSettings();

  it('applies the fields it names and nothing else', () => {
    const result = applyPatch(current, {
      closeToTray: true,
      lastConversation: { accountId: 'a1', peer: 'juliet@example.org' },
    });
    expect(result).toEqual({
      ok: true,
      settings: {
        ...current,
        closeToTray: true,
        lastConversation: { accountId: 'a1', peer: 'juliet@example.org' },
      },
    });
  });

  it('refuses unknown keys, the window bounds, wrong types and bad languages, changing nothing', () => {
    const bad: unknown[] = [
      null,
      'closeToTray',
      { window: { x: 0, y: 0, width: 10, height: 10, maximised: false } },
      { closeToTray: 'true' },
      { spellCheck: { enabled: true, languages: ['en-US; rm -rf'] } },
      { spellCheck: { enabled: true, languages: ['a', 'b', 'c', 'd', 'e', 'f'] } },
      { lastConversation: { accountId: 'a1', peer: '<script>' } },
    ];
    for (const patch of bad) {
      const result = applyPatch(current, patch);
      expect(result.ok, JSON.stringify(patch)).toBe(false);
    }
    expect(current).toEqual(defaultDesktopSettings());
  });

  it('shows the renderer everything but the window bounds', () => {
    const view = prefsOf({
      ...current,
      window: { x: 1, y: 2, width: 3, height: 4, maximised: false },
    });
    expect(view).not.toHaveProperty('window');
  });
});
