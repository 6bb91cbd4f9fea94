import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  defaultDesktopSettings,
  desktopPrefsPatch,
  desktopSettingsFile,
  type DesktopPrefs,
  type DesktopPrefsPatch,
  type DesktopSettings,
} from '@parley/contract';

export const DESKTOP_SETTINGS_FILE = 'desktop-settings.json';
/** Larger than any real settings file: anything bigger is not ours and is not read. */
const MAX_FILE_BYTES = 64 * 1024;

/** Settings from the file's text: unreadable, corrupt or foreign content gives the defaults. */
export function parseDesktopSettings(text: string): DesktopSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return defaultDesktopSettings();
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return defaultDesktopSettings();
  }
  return desktopSettingsFile().parse(raw);
}

export type PatchResult = { ok: true; settings: DesktopSettings } | { ok: false; message: string };

/** Applies a change the renderer sent, after checking it; a bad one changes nothing. */
export function applyPatch(current: DesktopSettings, patch: unknown): PatchResult {
  const parsed = desktopPrefsPatch.safeParse(patch);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'settings';
    return { ok: false, message: `Invalid desktop setting (${where}): ${issue?.message ?? ''}` };
  }
  const change: DesktopPrefsPatch = parsed.data;
  const next = { ...current };
  for (const key of Object.keys(change) as (keyof DesktopPrefsPatch)[]) {
    if (change[key] !== undefined) Object.assign(next, { [key]: change[key] });
  }
  return { ok: true, settings: next };
}

/** The part the renderer sees (window bounds stay in main). */
export function prefsOf(settings: DesktopSettings): DesktopPrefs {
  return {
    closeToTray: settings.closeToTray,
    startMinimised: settings.startMinimised,
    startAtLogin: settings.startAtLogin,
    spellCheck: settings.spellCheck,
    lastConversation: settings.lastConversation,
    autoUpdate: settings.autoUpdate,
  };
}

/**
 * `desktop-settings.json` in the profile folder: read once, written whole and atomically (a
 * temporary file renamed over the old one), so a crash mid-write leaves the old or the new
 * file, never half of one.
 */
export class DesktopSettingsFile {
  readonly path: string;
  private current: DesktopSettings;

  constructor(folder: string) {
    this.path = join(folder, DESKTOP_SETTINGS_FILE);
    this.current = this.read();
  }

  get(): DesktopSettings {
    return this.current;
  }

  /** Replaces the settings and writes them; a failed write keeps the previous values. */
  save(next: DesktopSettings): void {
    const text = `${JSON.stringify(next, null, 2)}\n`;
    const temporary = `${this.path}.${randomBytes(6).toString('hex')}.tmp`;
    mkdirSync(dirname(this.path), { recursive: true });
    try {
      writeFileSync(temporary, text, { mode: 0o600, flush: true });
      renameSync(temporary, this.path);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
    this.current = next;
  }

  private read(): DesktopSettings {
    let text: string;
    try {
      const bytes = readFileSync(this.path);
      if (bytes.length > MAX_FILE_BYTES) return defaultDesktopSettings();
      text = bytes.toString('utf8');
    } catch {
      return defaultDesktopSettings();
    }
    return parseDesktopSettings(text);
  }
}
