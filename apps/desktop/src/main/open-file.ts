import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { shell } from 'electron';
import { HEAD_BYTES, openDirectly } from '@parley/backend';

/** The first bytes of a file (fewer when it is shorter). */
async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Opens a downloaded file with the system's handler, only when it is a viewer or player type
 * whose content is what its name says (file-kinds.ts: an allowlist, not a list of dangers).
 * Anything else is revealed in its folder: on Windows shell.openPath runs an .exe, and on every
 * platform a script "opened" is a script run. The user can still run it from there on purpose.
 * Only ever called on the user's click.
 */
export async function openFile(path: string): Promise<void> {
  const head = await readHead(path);
  if (!openDirectly(basename(path), head)) {
    shell.showItemInFolder(path);
    return;
  }
  // openPath reports failure as a string instead of throwing.
  const error = await shell.openPath(path);
  if (error) throw new Error(error);
}
