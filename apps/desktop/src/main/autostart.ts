import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

/** The name of our entry in the XDG autostart folder. */
export const AUTOSTART_FILE = 'parley.desktop';

/** The part of Electron's `app` that sets a login item on macOS and Windows. */
export interface LoginItems {
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void;
}

export interface AutostartEnv {
  platform: NodeJS.Platform;
  /** The program to start: the AppImage when run from one, else Electron's executable. */
  exec: string;
  /** Arguments before ours (an unpackaged app passes its main script). */
  args: readonly string[];
  home: string;
  /** $XDG_CONFIG_HOME when set to an absolute path (the spec ignores a relative one). */
  xdgConfigHome: string | undefined;
}

/** `~/.config/autostart` or `$XDG_CONFIG_HOME/autostart` (XDG Autostart spec). */
export function autostartFolder(env: Pick<AutostartEnv, 'home' | 'xdgConfigHome'>): string {
  const config =
    env.xdgConfigHome && isAbsolute(env.xdgConfigHome)
      ? env.xdgConfigHome
      : join(env.home, '.config');
  return join(config, 'autostart');
}

/**
 * One argument of an Exec key (Desktop Entry spec, "The Exec key"): quoted, with `"`, `` ` ``,
 * `$` and `\` escaped inside the quotes and `%` doubled (field codes); then the backslashes
 * doubled again because the value is a string. A line break cannot be in a key at all.
 */
export function execArgument(arg: string): string {
  if (/[\r\n\0]/u.test(arg)) throw new Error('A program path with a line break cannot autostart');
  const quoted = `"${arg.replace(/["`$\\]/gu, (c) => `\\${c}`).replace(/%/gu, '%%')}"`;
  return quoted.replace(/\\/gu, '\\\\');
}

/** The autostart entry that starts Parley at login. */
export function autostartEntry(exec: string, args: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=Parley',
    'Comment=XMPP chat',
    `Exec=${[exec, ...args].map(execArgument).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * Starts Parley at login, or stops doing so: the OS's login items on macOS and Windows, an XDG
 * autostart entry on Linux (written atomically, removed when turned off).
 */
export function setStartAtLogin(enabled: boolean, env: AutostartEnv, app: LoginItems): void {
  if (env.platform === 'darwin') {
    app.setLoginItemSettings({ openAtLogin: enabled });
    return;
  }
  if (env.platform === 'win32') {
    app.setLoginItemSettings({ openAtLogin: enabled, path: env.exec, args: [...env.args] });
    return;
  }
  const file = join(autostartFolder(env), AUTOSTART_FILE);
  if (!enabled) {
    rmSync(file, { force: true });
    return;
  }
  const text = autostartEntry(env.exec, env.args);
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, text, { mode: 0o644 });
  renameSync(temporary, file);
}

/** Whether the Linux autostart entry is there (the user may have removed it by hand). */
export function hasAutostartEntry(env: Pick<AutostartEnv, 'home' | 'xdgConfigHome'>): boolean {
  return existsSync(join(autostartFolder(env), AUTOSTART_FILE));
}
