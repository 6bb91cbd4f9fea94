import { resolve } from 'node:path';
import { expect, test } from './fixtures.js';
import {
  startProsody,
  startSocksProxy,
  type TestForwardProxy,
  type TestServer,
} from '@parley/testkit';
import { expectAccessible } from './axe.js';
import { openAccounts, shots, startHost, type Host } from './support.js';

/** A name only the test proxy resolves (.invalid never resolves through DNS). */
const PROXY_ONLY_HOST = 'xmpp.behind-proxy.invalid';

let server: TestServer;
let proxy: TestForwardProxy;
const hosts: Host[] = [];

test.beforeAll(async () => {
  server = await startProsody({
    allowRegistration: true,
    users: [{ local: 'tova', password: 'tova-pw' }],
  });
  proxy = await startSocksProxy({ username: 'tor', password: 'onion', names: [PROXY_ONLY_HOST] });
});

test.afterAll(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
  await proxy?.close();
  await server?.stop();
});

test('signs in through a SOCKS5 proxy from the first screen', async ({ page }) => {
  const host = await startHost(server.caPem);
  hosts.push(host);
  await page.goto(host.url);
  await page.getByTestId('account-jid').fill(`tova@${server.domain}`);
  await page.getByTestId('account-password').fill('tova-pw');
  await page.getByTestId('account-advanced-toggle').click();
  await page.getByTestId('account-host').fill(PROXY_ONLY_HOST);
  await page.getByTestId('account-port').fill(String(server.c2sPort));
  await page.getByTestId('account-tls').selectOption('starttls');
  await page.getByTestId('proxy-type').selectOption('socks5');
  await page.getByTestId('proxy-host').fill('127.0.0.1');
  await page.getByTestId('proxy-port').fill(String(proxy.port));
  await page.getByTestId('proxy-username').fill('tor');
  await page.getByTestId('proxy-password').fill('onion');
  await expectAccessible(page, '.first-run-card');
  await page.screenshot({ path: resolve(shots, 'signin-proxy.png'), fullPage: true });

  await page.getByTestId('account-submit').click();
  await expect(page.getByTestId('account-state')).toHaveAttribute('data-state', 'online');
  // The trial sign-in and the saved account's connection, both through the proxy, by name.
  expect(proxy.requests.map((r) => [r.host, r.atyp])).toEqual([
    [PROXY_ONLY_HOST, 3],
    [PROXY_ONLY_HOST, 3],
  ]);

  // The account keeps its proxy: the settings show it.
  await openAccounts(page);
  await page.getByTestId('account-edit').click();
  await expect(page.getByTestId('proxy-toggle')).toContainText('SOCKS5');
});

test('creates an account through the proxy from the first screen', async ({ page }) => {
  const host = await startHost(server.caPem);
  hosts.push(host);
  const before = proxy.requests.length;
  await page.goto(host.url);
  await page.getByTestId('add-account-create').click();
  await page.getByTestId('register-server').fill(server.domain);
  await page.getByTestId('register-advanced-toggle').click();
  await page.getByTestId('register-host').fill(PROXY_ONLY_HOST);
  await page.getByTestId('register-port').fill(String(server.c2sPort));
  await page.getByTestId('register-tls').selectOption('starttls');
  await page.getByTestId('proxy-type').selectOption('socks5');
  await page.getByTestId('proxy-port').fill(String(proxy.port));
  await page.getByTestId('proxy-username').fill('tor');
  await page.getByTestId('proxy-password').fill('onion');
  await expectAccessible(page, '.first-run-card');
  await page.screenshot({ path: resolve(shots, 'signup-proxy.png'), fullPage: true });
  await page.getByTestId('register-submit').click();

  await expect(page.getByTestId('register-on')).toHaveText(server.domain);
  await page.getByTestId('register-field-username').fill('hidden');
  await page.getByTestId('register-field-password').fill('hidden-pw');
  await page.getByTestId('register-submit').click();
  await expect(page.getByTestId('account-state')).toHaveAttribute('data-state', 'online');
  // The sign-up stream and the new account's connection.
  expect(proxy.requests.slice(before).map((r) => r.host)).toEqual([
    PROXY_ONLY_HOST,
    PROXY_ONLY_HOST,
  ]);
});
