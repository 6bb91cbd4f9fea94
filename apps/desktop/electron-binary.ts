import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The Electron binary if its package installed one, else why not. Only reads the package's
 * files: requiring `electron` without its binary would try to download it.
 */
export function findElectronBinary(): { path: string } | { missing: string } {
  const require = createRequire(join(import.meta.dirname, 'package.json'));
  let dir: string;
  try {
    dir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed' };
  }
  const pathFile = join(dir, 'path.txt');
  const executable = existsSync(pathFile)
    ? join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
    : '';
  if (executable && existsSync(executable)) return { path: executable };
  return { missing: 'no Electron binary here (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1)' };
}
