import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { isAbsolute, normalize } from 'node:path';
import type { Store } from '@parley/store';

/**
 * Why `path` cannot be the downloads folder, or null when it can: an absolute path to a folder
 * that exists and that we may write to. The renderer names it (from main's folder dialog, or
 * typed in the browser host); it is checked here, before it is stored and long before any
 * download writes there. '' means the default folder and is always fine.
 */
export async function downloadsFolderProblem(path: string): Promise<string | null> {
  if (path === '') return null;
  if (path.includes('\0')) return 'The folder name holds a character a path cannot.';
  if (!isAbsolute(path)) return 'Choose a full path to a folder (starting from the root).';
  try {
    const info = await stat(path);
    if (!info.isDirectory()) return 'That is a file, not a folder.';
  } catch {
    return 'That folder does not exist.';
  }
  try {
    await access(path, constants.W_OK);
  } catch {
    return 'Parley may not write to that folder.';
  }
  return null;
}

/**
 * The folder downloads land in now: the user's choice when set and still usable (checked again:
 * it may have gone since), else the backend's default.
 */
export async function downloadsFolder(store: Store, fallback: string): Promise<string> {
  const chosen = store.settings.get('downloadsFolder', null);
  if (!chosen || (await downloadsFolderProblem(chosen)) !== null) return fallback;
  return normalize(chosen);
}
