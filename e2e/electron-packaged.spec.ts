/**
 * The installed app, as a person starts it: the packaged executable (fuses flipped, asar, no
 * dev switches) launches, signs in to a Prosody started by the job (.github/scripts/
 * smoke-prosody.sh), sends a message a second user receives, and quits cleanly. The release
 * workflow runs it on Linux, macOS and Windows with
 *   PARLEY_PACKAGED_APP   the packaged executable (e.g. release/linux-unpacked/parley)
 *   PARLEY_SMOKE_SERVER   the server.json the script wrote
 * Playwright's Electron launcher needs the Node inspector, which the packaged app's fuses turn
 * off, so the spec drives the window over Chromium's DevTools protocol instead.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { xml } from '@xmpp/client';
import { testClient, type TestClient } from '@parley/testkit';

const appPath = process.env['PARLEY_PACKAGED_APP'] ?? '';
const serverFile = process.env['PARLEY_SMOKE_SERVER'] ?? '';
const skipReason = !appPath
  ? 'Packaged-app smoke skipped: PARLEY_PACKAGED_APP unset (no Electron binary here to package; the release workflow sets it)'
  : !existsSync(appPath)
    ? `Packaged-app smoke skipped: ${appPath} does not exist (run pnpm dist first)`
    : !existsSync(serverFile)
      ? 'Packaged-app smoke skipped: PARLEY_SMOKE_SERVER names no server.json'
      : '';
if (skipReason) console.log(skipReason);

interface SmokeServer {
  domain: string;
  host: string;
  c2sPort: number;
  caPem: string;
}

const shots = resolve(import.meta.dirname, '../test-results/screenshots');
const passphrase = 'packaged smoke passphrase';

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** Connects to the app's DevTools endpoint once it listens (at most 60 s). */
async function attach(port: number, app: ChildProcess): Promise<Browser> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (app.exitCode !== null) throw new Error(`the app exited early (${app.exitCode})`);
    try {
      return await chromium.connectOverCDP(`http://127.0.0.1:${port}`, { timeout: 5_000 });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** The first window whose URL ends in `page` (the unlock window or the main one). */
async function windowShowing(browser: Browser, name: RegExp): Promise<Page> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const pages = browser.contexts().flatMap((context) => context.pages());
    const page = pages.find((p) => name.test(p.url()));
    if (page) return page;
    if (Date.now() > deadline)
      throw new Error(`no window ${name} (have ${pages.map((p) => p.url())})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test.describe('packaged app', () => {
  test.skip(skipReason !== '', skipReason);
  test.setTimeout(240_000);

  let app: ChildProcess | null = null;
  let bob: TestClient | null = null;
  let profile = '';

  test.afterAll(async () => {
    if (app && app.exitCode === null) app.kill();
    await bob?.stop().catch(() => {});
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  test('launches, signs in, sends a message and quits', async () => {
    const server = JSON.parse(readFileSync(serverFile, 'utf8')) as SmokeServer;
    bob = await testClient(server, 'bob', 'bob-pw');
    const received: string[] = [];
    bob.on('stanza', (stanza) => {
      const body = stanza.is('message') ? stanza.getChildText('body') : null;
      if (body) received.push(body);
    });
    // Available, so the server hands bob messages sent to his bare JID.
    await bob.send(xml('presence'));

    profile = mkdtempSync(join(tmpdir(), 'parley-packaged-'));
    const port = await freePort();
    app = spawn(appPath, [`--user-data-dir=${profile}`, `--remote-debugging-port=${port}`], {
      stdio: 'inherit',
    });
    const browser = await attach(port, app);

    // Where the OS has no usable keychain (a CI runner's Linux session), a passphrase protects
    // the store instead: the unlock window comes first.
    let main = await windowShowing(browser, /\/(unlock|index)\.html/);
    if (/unlock\.html/.test(main.url())) {
      await main.locator('#passphrase').fill(passphrase);
      await main.locator('#confirmation').fill(passphrase);
      await main.getByRole('button', { name: 'Unlock' }).click();
      main = await windowShowing(browser, /\/index\.html/);
    }

    await expect(main.getByRole('heading', { name: 'Add an account' })).toBeVisible();
    await main.getByTestId('account-jid').fill(`alice@${server.domain}`);
    await main.getByTestId('account-password').fill('alice-pw');
    await main.getByTestId('account-advanced-toggle').click();
    await main.getByTestId('account-host').fill(server.host);
    await main.getByTestId('account-port').fill(String(server.c2sPort));
    await main.getByTestId('account-tls').selectOption('starttls');
    await main.getByTestId('account-submit').click();
    // The job's server has its own CA: the person looks at the certificate and pins it.
    await expect(main.getByTestId('signin-problem')).toHaveAttribute(
      'data-code',
      'certificate-untrusted',
    );
    await main.getByTestId('signin-save-anyway').click();
    await main.getByTestId('certificate-trust').click();
    await expect(main.getByTestId('account-state')).toHaveAttribute('data-state', 'online');

    const bobJid = `bob@${server.domain}`;
    await main.getByTestId('tab-contacts').click();
    await main.getByTestId('add-contact-button').click();
    await main.getByTestId('add-contact-jid').fill(bobJid);
    await main.getByTestId('contact-submit').click();
    await main.getByTestId(`contact-${bobJid}`).click();
    const composer = main.getByTestId('composer');
    await composer.fill('Hello from the installed Parley');
    await composer.press('Enter');
    await expect(composer).toHaveValue('');
    await expect
      .poll(() => received, { timeout: 30_000 })
      .toContain('Hello from the installed Parley');
    await main.screenshot({ path: join(shots, `packaged-${process.platform}.png`) });

    // Closing the last window quits the app; it must exit by itself, cleanly.
    const exited = new Promise<number | null>((done) => app!.once('exit', (code) => done(code)));
    await main.close();
    await browser.close().catch(() => {});
    const code = await Promise.race([
      exited,
      new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), 30_000)),
    ]);
    expect(code).toBe(0);
  });
});
