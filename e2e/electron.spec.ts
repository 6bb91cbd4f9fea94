import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { test, expect, _electron as electron } from '@playwright/test';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(resolve(root, 'apps/desktop/package.json'));

/**
 * The Electron binary, or why it is not here. Only looks at the installed package: requiring
 * `electron` without its binary would try to download it.
 */
function electronBinary(): { path: string } | { missing: string } {
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

const binary = electronBinary();
const mainEntry = resolve(root, 'apps/desktop/out/main/index.js');
if ('missing' in binary) console.log(`Electron smoke skipped: ${binary.missing}`);

test.describe('Electron app', () => {
  test.skip(
    'missing' in binary,
    'missing' in binary ? `Electron smoke skipped: ${binary.missing}` : '',
  );
  test.skip(
    !existsSync(mainEntry),
    'Electron smoke skipped: run `pnpm build` first (apps/desktop/out missing)',
  );

  test('launches to the account screen with a locked-down renderer', async () => {
    const app = await electron.launch({
      executablePath: 'path' in binary ? binary.path : '',
      args: [mainEntry, '--no-sandbox'],
      env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
    });
    const window = await app.firstWindow();
    await expect(window.getByRole('heading', { name: /add an account/i })).toBeVisible();
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]!.webContents;
      const options = (
        contents as unknown as { getLastWebPreferences(): Record<string, unknown> }
      ).getLastWebPreferences();
      return {
        contextIsolation: options['contextIsolation'],
        nodeIntegration: options['nodeIntegration'],
        sandbox: options['sandbox'],
      };
    });
    expect(prefs).toEqual({ contextIsolation: true, nodeIntegration: false, sandbox: true });
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    );
    await app.close();
  });
});
