import { extname } from 'node:path';
import { shell } from 'electron';

/**
 * Types the system would run rather than show. A received file of such a type is revealed in
 * its folder instead of opened: on Windows shell.openPath *executes* an .exe, and on every
 * platform a script "opened" is a script run. The user can still run it from there on purpose.
 */
const RUNNABLE = new Set([
  '.app',
  '.appimage',
  '.bat',
  '.cmd',
  '.com',
  '.cpl',
  '.deb',
  '.desktop',
  '.dmg',
  '.exe',
  '.hta',
  '.jar',
  '.js',
  '.jse',
  '.lnk',
  '.msi',
  '.msp',
  '.pif',
  '.pkg',
  '.ps1',
  '.py',
  '.rpm',
  '.scr',
  '.sh',
  '.url',
  '.vbe',
  '.vbs',
  '.wsf',
  '.command',
  '.run',
  '.bin',
]);

/** Opens a downloaded file with the system's handler; only ever called on the user's click. */
export async function openFile(path: string): Promise<void> {
  if (RUNNABLE.has(extname(path).toLowerCase())) {
    shell.showItemInFolder(path);
    return;
  }
  // openPath reports failure as a string instead of throwing.
  const error = await shell.openPath(path);
  if (error) throw new Error(error);
}
