import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AUTOSTART_FILE,
  autostartEntry,
  execArgument,
  hasAutostartEntry,
  setStartAtLogin,
  type AutostartEnv,
} from './autostart.js';

let home: string;
let loginItems: Array<{ openAtLogin: boolean; path?: string; args?: string[] }>;
const app = { setLoginItemSettings: (s: (typeof loginItems)[number]) => loginItems.push(s) };

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'parley-home-'));
  loginItems = [];
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function env(platform: NodeJS.Platform, more: Partial<AutostartEnv> = {}): AutostartEnv {
  return {
    platform,
    exec: '/opt/Parley/parley',
    args: [],
    home,
    xdgConfigHome: undefined,
    ...more,
  };
}

describe('start at login on Linux', () => {
  it('writes an XDG autostart entry in ~/.config/autostart and removes it again', () => {
    const file = join(home, '.config', 'autostart', AUTOSTART_FILE);
    setStartAtLogin(true, env('linux'), app);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('[Desktop Entry]\nType=Application\n');
    expect(text).toContain('Exec="/opt/Parley/parley"\n');
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(hasAutostartEntry(env('linux'))).toBe(true);
    setStartAtLogin(false, env('linux'), app);
    expect(existsSync(file)).toBe(false);
    // Turning off what is already off is fine.
    setStartAtLogin(false, env('linux'), app);
    expect(loginItems).toEqual([]);
  });

  it('uses $XDG_CONFIG_HOME when it is an absolute path, and ignores a relative one', () => {
    const config = join(home, 'cfg');
    setStartAtLogin(true, env('linux', { xdgConfigHome: config }), app);
    expect(existsSync(join(config, 'autostart', AUTOSTART_FILE))).toBe(true);
    setStartAtLogin(true, env('linux', { xdgConfigHome: 'relative' }), app);
    expect(existsSync(join(home, '.config', 'autostart', AUTOSTART_FILE))).toBe(true);
  });

  it('quotes and escapes the program and its arguments as the Desktop Entry spec says', () => {
    expect(execArgument('/home/a b/Parley.AppImage')).toBe('"/home/a b/Parley.AppImage"');
    // Inside quotes: \" \` \$ \\ ; then every backslash doubled for the string value.
    expect(execArgument('/x/"$HOME`\\')).toBe('"/x/\\\\"\\\\$HOME\\\\`\\\\\\\\"');
    expect(execArgument('/x/100%')).toBe('"/x/100%%"');
    expect(() => execArgument('/x\nExec=evil')).toThrow(/line break/);
    expect(autostartEntry('/usr/bin/electron', ['/src/app'])).toContain(
      'Exec="/usr/bin/electron" "/src/app"\n',
    );
  });
});

describe('start at login on macOS and Windows', () => {
  it('uses the system login items, with the program and its arguments on Windows', () => {
    setStartAtLogin(true, env('darwin'), app);
    setStartAtLogin(false, env('win32', { exec: 'C:\\Parley\\Parley.exe', args: ['x'] }), app);
    expect(loginItems).toEqual([
      { openAtLogin: true },
      { openAtLogin: false, path: 'C:\\Parley\\Parley.exe', args: ['x'] },
    ]);
    expect(existsSync(join(home, '.config'))).toBe(false);
  });
});
