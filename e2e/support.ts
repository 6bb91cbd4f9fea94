import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { spawnHost } from '@parley/backend';
import { startProsody, type TestServer } from '@parley/testkit';

/** Where specs save the screenshots a reviewer looks at. */
export const shots = resolve(import.meta.dirname, '../test-results/screenshots');

export interface Host {
  /** The page to open; its `#token=…` lets the renderer use the host's socket. */
  url: string;
  profile: string;
  stop(): Promise<void>;
}

/**
 * One Parley "device": the real backend and encrypted store in its own profile, served with
 * the built renderer over the WebSocket host, trusting the test server's CA when given one.
 */
export async function startHost(caPem: string | null): Promise<Host> {
  const profile = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  let caFile: string | undefined;
  if (caPem) {
    caFile = join(profile, 'ca.pem');
    writeFileSync(caFile, caPem);
  }
  const host = await spawnHost({ profile, ...(caFile ? { caFile } : {}) });
  return {
    url: host.url,
    profile,
    async stop() {
      await host.stop();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Fills the first-run account form for `local` on the test server and waits until online. */
export async function addAccount(
  page: Page,
  server: TestServer,
  local: string,
  password: string,
): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Add an account' })).toBeVisible();
  await page.getByTestId('account-jid').fill(`${local}@${server.domain}`);
  await page.getByTestId('account-password').fill(password);
  await page.getByTestId('account-advanced-toggle').click();
  await page.getByTestId('account-host').fill(server.host);
  await page.getByTestId('account-port').fill(String(server.c2sPort));
  await page.getByTestId('account-tls').selectOption('starttls');
  await page.getByTestId('account-submit').click();
  await expect(page.getByTestId('account-state')).toHaveAttribute('data-state', 'online');
}

/**
 * Types `text` into the open conversation's composer and sends it with one Enter, as a person
 * does: the composer empties at once, even while earlier messages are still being handed over.
 */
export async function send(page: Page, text: string): Promise<void> {
  const composer = page.getByTestId('composer');
  await composer.fill(text);
  await composer.press('Enter');
  await expect(composer).toHaveValue('');
}

export interface TwoDevices {
  server: TestServer;
  /** Alice's computer and Bob's: each its own host and encrypted profile. */
  alice: Host;
  bob: Host;
}

/**
 * For a spec file: a test server with alice (alice-pw) and bob (bob-pw) and one Parley host
 * each, started before the spec's tests and stopped after. The fields are set in beforeAll.
 */
export function useTwoDevices(options: { mucModeration?: boolean } = {}): TwoDevices {
  const env = {} as TwoDevices;
  test.beforeAll(async () => {
    env.server = await startProsody({
      users: [
        { local: 'alice', password: 'alice-pw' },
        { local: 'bob', password: 'bob-pw' },
      ],
      ...(options.mucModeration ? { mucModeration: true } : {}),
    });
    [env.alice, env.bob] = await Promise.all([
      startHost(env.server.caPem),
      startHost(env.server.caPem),
    ]);
    mkdirSync(shots, { recursive: true });
  });
  test.afterAll(async () => {
    await Promise.all([env.alice?.stop(), env.bob?.stop()]);
    await env.server?.stop();
  });
  return env;
}
