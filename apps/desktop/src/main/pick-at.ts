import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { pickFilesAtRequest } from '@parley/contract';
import type { OpenDialogOptions } from 'electron';

/**
 * The open dialog's options for "/sendfile PATH": one file, starting at the typed path (a file
 * there is preselected, so the user confirms it with Enter). Main never opens the path itself;
 * what the user confirms is granted like any other pick. Null when the payload is no path.
 * "~/" is the home folder, and a relative path is read from it, as a shell user expects.
 */
export function pickAtOptions(
  payload: unknown,
  home: string = homedir(),
): OpenDialogOptions | null {
  const parsed = pickFilesAtRequest.safeParse(payload);
  if (!parsed.success) return null;
  let path = parsed.data.path;
  if (path === '~' || path.startsWith('~/')) path = join(home, path.slice(1));
  else if (!isAbsolute(path)) path = join(home, path);
  return { defaultPath: path, properties: ['openFile'] };
}
