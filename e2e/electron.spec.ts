import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test, expect, _electron as electron } from '@playwright/test';
import { findElectronBinary } from '../apps/desktop/electron-binary.js';

const root = resolve(import.meta.dirname, '..');

const binary = findElectronBinary();
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

  test('close to tray hides the window, spell check stays off, the badge follows, quit quits', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'parley-electron-'));
    writeFileSync(join(profile, 'desktop-settings.json'), JSON.stringify({ closeToTray: true }));
    const app = await electron.launch({
      executablePath: 'path' in binary ? binary.path : '',
      args: [mainEntry, '--no-sandbox'],
      env: { ...process.env, PARLEY_DEV_USER_DATA: profile },
    });
    try {
      const window = await app.firstWindow();
      await expect(window.getByRole('heading', { name: /add an account/i })).toBeVisible();
      // No dictionary download without the user's consent: off, and pointed nowhere.
      expect(
        await app.evaluate(({ session }) => session.defaultSession.isSpellCheckerEnabled()),
      ).toBe(false);
      // The renderer's unread report reaches the tray and badge through the desktop bridge.
      await window.evaluate(() =>
        (
          globalThis as unknown as { parleyDesktop: { report(r: unknown): void } }
        ).parleyDesktop.report({ unread: 3, mentions: 0, presence: 'offline', chats: [] }),
      );
      if (process.platform === 'darwin') {
        await expect.poll(() => app.evaluate(({ app: a }) => a.getBadgeCount())).toBe(3);
      }
      // Closing hides the window; the app keeps running in the tray.
      await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
      await expect
        .poll(() =>
          app.evaluate(({ BrowserWindow }) =>
            BrowserWindow.getAllWindows().map((w) => w.isVisible()),
          ),
        )
        .toEqual([false]);
      // Quit really quits, and the window's place was saved.
      const closed = app.waitForEvent('close');
      await app.evaluate(({ app: a }) => a.quit());
      await closed;
      const saved = JSON.parse(readFileSync(join(profile, 'desktop-settings.json'), 'utf8')) as {
        window: unknown;
      };
      expect(saved.window).toMatchObject({ width: expect.any(Number) as unknown });
    } finally {
      await app.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    }
  });

  test('restarts a crashed backend process and says so in the window', async () => {
    const app = await electron.launch({
      executablePath: 'path' in binary ? binary.path : '',
      args: [mainEntry, '--no-sandbox'],
      env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
    });
    const window = await app.firstWindow();
    await expect(window.getByRole('heading', { name: /add an account/i })).toBeVisible();
    const backendPid = async () =>
      app.evaluate(
        ({ app: electronApp }) =>
          electronApp
            .getAppMetrics()
            .find((m) => m.type === 'Utility' && m.serviceName === 'Parley backend')?.pid,
      );
    const first = await backendPid();
    expect(first).toBeGreaterThan(0);
    process.kill(first!, 'SIGKILL');
    await expect(window.getByTestId('backend-restarted')).toBeVisible({ timeout: 20_000 });
    await expect.poll(backendPid, { timeout: 20_000 }).not.toBe(first);
    // The new process serves the window: the account screen still works.
    await expect(window.getByRole('heading', { name: /add an account/i })).toBeVisible();
    await app.close();
  });
});
