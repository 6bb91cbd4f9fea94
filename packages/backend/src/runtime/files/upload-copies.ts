import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** How long the browser host's copies of sent files are kept for previews and retries. */
export const UPLOAD_COPY_DAYS = 30;

/**
 * The browser host writes each sent file's bytes into the profile's upload folder, one folder
 * per file (`uploads/<uuid>/<name>`, see sources.ts). A copy whose newest entry is older than
 * UPLOAD_COPY_DAYS is removed at start, folder and all: the profile does not grow with every
 * file ever sent. A stray file directly in the folder ages the same way. Nothing outside
 * `uploadDir` is touched, and a symbolic link is removed as a link, never followed.
 */
export async function removeOldUploadCopies(
  uploadDir: string,
  now = Date.now(),
  maxAgeMs = UPLOAD_COPY_DAYS * 24 * 60 * 60 * 1000,
): Promise<number> {
  let names: string[];
  try {
    names = await readdir(uploadDir);
  } catch {
    return 0; // Nothing sent from the browser host yet.
  }
  let removed = 0;
  for (const name of names) {
    const path = join(uploadDir, name);
    try {
      if (now - (await newestChange(path)) <= maxAgeMs) continue;
      await rm(path, { recursive: true, force: true });
      removed++;
    } catch {
      // Gone already, or unreadable: left for the next start.
    }
  }
  return removed;
}

/** The latest mtime of `path` or, for a copy's folder, of anything directly in it. */
async function newestChange(path: string): Promise<number> {
  const info = await lstat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path)) {
    newest = Math.max(newest, (await lstat(join(path, entry))).mtimeMs);
  }
  return newest;
}
