import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { startProsody, type TestServer } from '@parley/testkit';
import { expectAccessible } from './axe.js';
import { addAccount, shots, startHost, type Host } from './support.js';

// Server tools in the real renderer: service discovery, an admin ad-hoc command on Prosody
// (mod_admin_adhoc), the XML console with raw XML, and server info.

let server: TestServer;
let host: Host;

test.beforeAll(async () => {
  server = await startProsody({
    users: [{ local: 'root', password: 'root-pw' }],
    admins: ['root'],
    extraModules: ['adhoc', 'admin_adhoc'],
    contactInfo: { admin: ['xmpp:root@localhost'], abuse: ['mailto:abuse@example.org'] },
  });
  host = await startHost(server.caPem);
  mkdirSync(shots, { recursive: true });
});
test.afterAll(async () => {
  await host?.stop();
  await server?.stop();
});

async function openTool(page: Page, testId: string): Promise<void> {
  await page.getByTestId('server-tools-menu').click();
  await page.getByTestId(testId).click();
}

test('browse the server, run an admin command, send raw XML, read server info', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const page = await (
    await browser.newContext({ viewport: { width: 1200, height: 820 } })
  ).newPage();
  await page.goto(host.url);
  await addAccount(page, server, 'root', 'root-pw');

  // Service discovery: the server, then its group chat service, then back.
  await openTool(page, 'open-disco');
  const disco = page.getByTestId('disco-dialog');
  await expect(disco.getByTestId('disco-entity')).toContainText('Server');
  await expect(disco.getByTestId('disco-features')).toContainText('Ad-hoc commands');
  await expect(disco.getByTestId('disco-features')).toContainText(
    'http://jabber.org/protocol/commands',
  );
  await expect(disco.getByTestId('disco-items')).toContainText(server.mucDomain);
  await expectAccessible(page, '[data-testid="disco-dialog"]');
  await page.screenshot({ path: resolve(shots, 'server-tools-disco.png') });
  await disco.getByTestId(`disco-browse-${server.mucDomain}`).click();
  await expect(disco.getByTestId('disco-entity')).toContainText('Group chat service');
  await expect(disco.getByTestId('disco-features')).toContainText('Group chat (MUC)');
  await disco.getByTestId('disco-back').click();
  await expect(disco.getByTestId('disco-items')).toContainText(server.mucDomain);

  // Ad-hoc: from the server's view, list its commands and add a user in two steps.
  await disco.getByTestId('disco-commands').click();
  const adhoc = page.getByTestId('adhoc-dialog');
  await expect(adhoc.getByTestId('adhoc-commands')).toContainText('Add User');
  await expectAccessible(page, '[data-testid="adhoc-dialog"]');
  await adhoc.getByTestId('adhoc-run-http://jabber.org/protocol/admin#add-user').click();
  await adhoc.getByTestId('adhoc-field-accountjid').fill(`newbie@${server.domain}`);
  await adhoc.getByTestId('adhoc-field-password').fill('newbie-pw');
  await adhoc.getByTestId('adhoc-field-password-verify').fill('newbie-pw');
  await expectAccessible(page, '[data-testid="adhoc-dialog"]');
  await page.screenshot({ path: resolve(shots, 'server-tools-adhoc-form.png') });
  await adhoc.getByTestId('adhoc-complete').click();
  await expect(adhoc.getByTestId('adhoc-notes')).toContainText('Account successfully created');
  await expect(adhoc.getByTestId('adhoc-status')).toContainText('finished');
  await adhoc.getByTestId('adhoc-done').click();
  await adhoc
    .getByTestId('adhoc-run-http://jabber.org/protocol/admin#get-online-users-list')
    .click();
  await adhoc.getByTestId('adhoc-complete').click();
  await expect(adhoc.getByTestId('adhoc-result-onlineuserjids')).toContainText(
    `root@${server.domain}`,
  );
  await expectAccessible(page, '[data-testid="adhoc-dialog"]');
  await page.screenshot({ path: resolve(shots, 'server-tools-adhoc-result.png') });
  await page.keyboard.press('Escape');
  await expect(adhoc).toBeHidden();

  // The XML console: send a version query and see the answer, in the reply and in the log.
  await openTool(page, 'open-xml-console');
  const consoleDialog = page.getByTestId('xml-console');
  await consoleDialog
    .getByTestId('console-input')
    .fill(
      `<iq type="get" to="${server.domain}" id="e2e-v"><query xmlns="jabber:iq:version"/></iq>`,
    );
  await consoleDialog.getByTestId('console-send').click();
  await expect(consoleDialog.getByTestId('console-reply')).toContainText('<name>Prosody</name>');
  await expect(
    consoleDialog.locator('[data-testid="console-entry"][data-direction="in"]', {
      hasText: 'Prosody',
    }),
  ).toHaveCount(1);
  await consoleDialog
    .getByTestId('console-input')
    .fill('<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl"/>');
  await consoleDialog.getByTestId('console-send').click();
  await expect(consoleDialog.getByTestId('console-send-error')).toContainText(
    'Only <message/>, <presence/> or <iq/> can be sent',
  );
  await consoleDialog.getByTestId('console-direction').selectOption('in');
  await expect(
    consoleDialog.locator('[data-testid="console-entry"][data-direction="out"]'),
  ).toHaveCount(0);
  await expectAccessible(page, '[data-testid="xml-console"]');
  await page.screenshot({ path: resolve(shots, 'server-tools-console.png') });
  await page.keyboard.press('Escape');

  // Server info: software, uptime and contact addresses in words.
  await openTool(page, 'open-server-info');
  const info = page.getByTestId('server-info-dialog');
  await expect(info.getByTestId('server-software')).toContainText('Prosody 0.12');
  await expect(info.getByTestId('server-uptime')).toContainText(/second|minute/u);
  await expect(info.getByTestId('server-contacts')).toContainText('Abuse reports');
  await expect(info.getByTestId('server-contacts')).toContainText('mailto:abuse@example.org');
  await expectAccessible(page, '[data-testid="server-info-dialog"]');
  await page.screenshot({ path: resolve(shots, 'server-tools-info.png') });
});
