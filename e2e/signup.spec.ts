import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { Session, SessionError } from '@parley/xmpp';
import {
  makeCertificates,
  serverHeader,
  startFakeServer,
  startProsody,
  type TestServer,
} from '@parley/testkit';
import { expectAccessible } from './axe.js';
import { openAccounts, png, shots, startHost, type Host } from './support.js';

let server: TestServer;
const hosts: Host[] = [];

test.beforeAll(async () => {
  server = await startProsody({
    allowRegistration: true,
    users: [{ local: 'dora', password: 'dora-pw' }],
  });
});

test.afterAll(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
  await server?.stop();
});

async function device(): Promise<Host> {
  const host = await startHost(server.caPem);
  hosts.push(host);
  return host;
}

/** The server's view of a password: a plain login with it. */
async function canLogIn(local: string, password: string): Promise<boolean> {
  const s = new Session({
    jid: `${local}@${server.domain}`,
    password,
    resource: 'e2e-check',
    host: server.host,
    port: server.c2sPort,
    tlsMode: 'starttls',
    trust: { caPem: server.caPem },
  });
  try {
    await s.start();
    return true;
  } catch (err) {
    if (err instanceof SessionError && err.code === 'auth-failed') return false;
    throw err;
  } finally {
    await s.stop();
  }
}

async function connectionSettings(page: Page, prefix: string): Promise<void> {
  await page.getByTestId(`${prefix}-advanced-toggle`).click();
  await page.getByTestId(`${prefix}-host`).fill(server.host);
  await page.getByTestId(`${prefix}-port`).fill(String(server.c2sPort));
  await page.getByTestId(`${prefix}-tls`).selectOption('starttls');
}

test('creates an account from the first screen and lands signed in', async ({ page }) => {
  const host = await device();
  await page.goto(host.url);
  await page.getByTestId('add-account-create').click();
  await page.getByTestId('register-server').fill(server.domain);
  await connectionSettings(page, 'register');
  await page.getByTestId('register-submit').click();

  await expect(page.getByTestId('register-on')).toHaveText(server.domain);
  await page.getByTestId('register-field-username').fill('newcomer');
  await page.getByTestId('register-field-password').fill('newcomer-pw');
  await expect(page.getByTestId('register-address')).toContainText(`newcomer@${server.domain}`);
  await expectAccessible(page, '.first-run-card');
  await page.screenshot({ path: resolve(shots, 'signup-form.png') });

  await page.getByTestId('register-submit').click();
  await expect(page.getByTestId('account-state')).toHaveAttribute('data-state', 'online');
  expect(await canLogIn('newcomer', 'newcomer-pw')).toBe(true);
});

test('a wrong password on first sign-in keeps the form with the reason and saves nothing', async ({
  page,
}) => {
  const host = await device();
  await page.goto(host.url);
  await page.getByTestId('account-jid').fill(`dora@${server.domain}`);
  await page.getByTestId('account-password').fill('not-doras-password');
  await connectionSettings(page, 'account');
  await page.getByTestId('account-submit').click();

  await expect(page.getByTestId('signin-problem-reason')).toContainText('refused the password');
  await expect(page.getByTestId('signin-save-anyway')).toBeVisible();
  await expectAccessible(page, '.first-run-card');
  await page.screenshot({ path: resolve(shots, 'signin-wrong-password.png'), fullPage: true });

  // Nothing was saved: a fresh load still shows the first screen.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Add an account' })).toBeVisible();
  await expect(page.getByTestId('account-state')).toHaveCount(0);
});

test('an unknown certificate on first sign-in is shown in place and trusted from there', async ({
  page,
}) => {
  const host = await startHost(null); // trusts the system CAs only
  hosts.push(host);
  await page.goto(host.url);
  await page.getByTestId('account-jid').fill(`dora@${server.domain}`);
  await page.getByTestId('account-password').fill('dora-pw');
  await connectionSettings(page, 'account');
  await page.getByTestId('account-submit').click();

  await expect(page.getByTestId('signin-problem')).toHaveAttribute(
    'data-code',
    'certificate-untrusted',
  );
  await expect(page.getByTestId('signin-certificate')).toContainText(server.domain);
  await expectAccessible(page, '.first-run-card');
  await page.screenshot({ path: resolve(shots, 'signin-certificate.png'), fullPage: true });
  await page.getByTestId('signin-trust-certificate').click();
  await expect(page.getByTestId('account-state')).toHaveAttribute('data-state', 'online');
});

test('changes the password from the account settings, then deletes the account', async ({
  page,
}) => {
  await server.createUser('ellen', 'ellen-old');
  const host = await device();
  await page.goto(host.url);
  await page.getByTestId('account-jid').fill(`ellen@${server.domain}`);
  await page.getByTestId('account-password').fill('ellen-old');
  await connectionSettings(page, 'account');
  await page.getByTestId('account-submit').click();
  await expect(page.getByTestId('account-state')).toHaveAttribute('data-state', 'online');

  await openAccounts(page);
  await page.getByTestId('account-edit').click();
  await page.getByTestId('change-password').click();
  const change = page.getByTestId('change-password-dialog');
  await expect(change).toBeVisible();
  await page.getByTestId('new-password').fill('ellen-new');
  await page.getByTestId('new-password-repeat').fill('ellen-new');
  await expectAccessible(page, '[data-testid="change-password-dialog"]');
  await page.screenshot({ path: resolve(shots, 'change-password.png') });
  await page.getByTestId('change-password-submit').click();
  await expect(change).toBeHidden();
  expect(await canLogIn('ellen', 'ellen-new')).toBe(true);
  expect(await canLogIn('ellen', 'ellen-old')).toBe(false);

  await page.getByTestId('delete-account').click();
  const remove = page.getByTestId('delete-account-dialog');
  await expect(remove).toBeVisible();
  await expect(page.getByTestId('delete-account-submit')).toBeDisabled();
  await page.getByTestId('delete-account-confirm').fill(`ellen@${server.domain}`);
  await expectAccessible(page, '[data-testid="delete-account-dialog"]');
  await page.screenshot({ path: resolve(shots, 'delete-account.png') });
  await page.getByTestId('delete-account-submit').click();
  await expect(page.getByRole('heading', { name: 'Add an account' })).toBeVisible();
  expect(await canLogIn('ellen', 'ellen-new')).toBe(false);
});

test('shows a CAPTCHA form with its image and sends the answer', async ({ page }) => {
  // Prosody has no CAPTCHA: a scripted TLS server asks for one as ejabberd does.
  const dir = mkdtempSync(join(tmpdir(), 'parley-e2e-captcha-'));
  const certs = await makeCertificates(dir, ['localhost']);
  const image = png(120).toString('base64');
  const cid = 'sha1+captcha@bob.xmpp.org';
  let answer = '';
  const fake = await startFakeServer({
    tls: certs,
    script: async (conn) => {
      await conn.expect(/<stream:stream[^>]*>/);
      conn.send(
        `${serverHeader()}<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features>`,
      );
      await conn.startTls();
      await conn.expect(/<stream:stream[^>]*>/);
      conn.send(`${serverHeader()}<stream:features/>`);
      const get = await conn.expect(/<iq[\s\S]*?<\/iq>/);
      const id = /id=['"]([^'"]+)['"]/.exec(get)?.[1] ?? '';
      conn.send(
        `<iq type='result' id='${id}' from='localhost'><query xmlns='jabber:iq:register'>` +
          `<x xmlns='jabber:x:data' type='form'><instructions>Choose a name and prove you are human.</instructions>` +
          `<field type='hidden' var='FORM_TYPE'><value>urn:xmpp:captcha</value></field>` +
          `<field var='username' type='text-single' label='Username'><required/></field>` +
          `<field var='password' type='text-private' label='Password'><required/></field>` +
          `<field var='ocr' label='Enter the text you see'><media xmlns='urn:xmpp:media-element' width='120' height='120'>` +
          `<uri type='image/png'>cid:${cid}</uri><uri type='text/html'>https://captcha.example/c1</uri>` +
          `</media><required/></field></x></query>` +
          `<data xmlns='urn:xmpp:bob' cid='${cid}' type='image/png'>${image}</data></iq>`,
      );
      const set = await conn.expect(/<iq[\s\S]*?<\/iq>/);
      answer = /var=['"]ocr['"][^>]*><value>([^<]*)</.exec(set)?.[1] ?? '';
      const setId = /id=['"]([^'"]+)['"]/.exec(set)?.[1] ?? '';
      conn.send(
        `<iq type='error' id='${setId}' from='localhost'><error type='modify'>` +
          `<not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>` +
          `<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>The CAPTCHA answer is wrong</text></error></iq>`,
      );
      await conn.closed;
    },
  });
  const host = await startHost(certs.caPem);
  hosts.push(host);
  try {
    await page.goto(host.url);
    await page.getByTestId('add-account-create').click();
    await page.getByTestId('register-server').fill('localhost');
    await page.getByTestId('register-advanced-toggle').click();
    await page.getByTestId('register-host').fill('127.0.0.1');
    await page.getByTestId('register-port').fill(String(fake.port));
    await page.getByTestId('register-tls').selectOption('starttls');
    await page.getByTestId('register-submit').click();

    const shown = page.getByTestId('field-media-image-ocr');
    await expect(shown).toBeVisible();
    expect(await shown.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(120);
    await expect(page.getByTestId('field-media-link-ocr')).toHaveAttribute(
      'href',
      'https://captcha.example/c1',
    );
    await page.getByTestId('register-field-username').fill('robot');
    await page.getByTestId('register-field-password').fill('robot-pw');
    await page.getByTestId('register-field-ocr').fill('x7k2');
    await expectAccessible(page, '.first-run-card');
    await page.screenshot({ path: resolve(shots, 'signup-captcha.png'), fullPage: true });
    await page.getByTestId('register-submit').click();
    await expect(page.getByTestId('signin-problem-reason')).toContainText(
      'The CAPTCHA answer is wrong',
    );
    expect(answer).toBe('x7k2');
    await expect(page.getByTestId('register-new-form')).toBeVisible();
    await page.screenshot({ path: resolve(shots, 'signup-captcha-refused.png'), fullPage: true });
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
