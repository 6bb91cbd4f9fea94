/// <reference lib="dom" />
// recordProgress's page function runs in the browser: it uses its DOM types.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import { type Browser, type Locator, type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { spawnHost } from '@parley/backend';
import { startCoturn, startProsody, type TestServer, type TestTurnServer } from '@parley/testkit';

/** Where specs save the screenshots a reviewer looks at. */
export const shots = resolve(import.meta.dirname, '../test-results/screenshots');

export interface Host {
  /** The page to open; its `#token=…` lets the renderer use the host's socket. */
  url: string;
  profile: string;
  /** Where the test puts files to hand the page as grants (startHost's `grants`); else null. */
  grantsDir: string | null;
  stop(): Promise<void>;
}

/**
 * One Parley "device": the real backend and encrypted store in its own profile, served with
 * the built renderer over the WebSocket host, trusting the test server's CA when given one.
 */
export async function startHost(
  caPem: string | null,
  { grants = false }: { grants?: boolean } = {},
): Promise<Host> {
  const profile = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  let caFile: string | undefined;
  if (caPem) {
    caFile = join(profile, 'ca.pem');
    writeFileSync(caFile, caPem);
  }
  const grantsDir = grants ? join(profile, 'grants') : null;
  if (grantsDir) mkdirSync(grantsDir);
  const host = await spawnHost({
    profile,
    ...(caFile ? { caFile } : {}),
    ...(grantsDir ? { grantsDir } : {}),
  });
  return {
    url: host.url,
    profile,
    grantsDir,
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
export function useTwoDevices(
  options: {
    mucModeration?: boolean;
    turn?: boolean;
    /** Each host takes file grants from its profile's grants folder (files too big as bytes). */
    grants?: boolean;
    /** The server's upload limit in bytes (testkit's default: 1 GiB). */
    uploadSizeLimit?: number;
  } = {},
): TwoDevices {
  const env = {} as TwoDevices;
  let turn: TestTurnServer | undefined;
  test.beforeAll(async () => {
    // A TURN server on loopback whose credentials the server hands out (XEP-0215), for calls.
    if (options.turn) turn = await startCoturn();
    env.server = await startProsody({
      ...(turn ? { turn: { secret: turn.secret, host: turn.host, port: turn.port } } : {}),
      users: [
        { local: 'alice', password: 'alice-pw' },
        { local: 'bob', password: 'bob-pw' },
      ],
      ...(options.mucModeration ? { mucModeration: true } : {}),
      ...(options.uploadSizeLimit ? { uploadSizeLimit: options.uploadSizeLimit } : {}),
    });
    const hostOptions = { grants: options.grants === true };
    [env.alice, env.bob] = await Promise.all([
      startHost(env.server.caPem, hostOptions),
      startHost(env.server.caPem, hostOptions),
    ]);
    mkdirSync(shots, { recursive: true });
  });
  test.afterAll(async () => {
    await Promise.all([env.alice?.stop(), env.bob?.stop()]);
    await Promise.all([env.server?.stop(), turn?.stop()]);
  });
  return env;
}

/** A real PNG: a `size`×`size` gradient (64 by default, small enough to download by itself). */
export function png(size = 64): Buffer {
  const crc = (buf: Buffer): number => {
    let c = ~0;
    for (const byte of buf) {
      c ^= byte;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    }
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      row.set([(x * 256) / size, (y * 256) / size, 160], 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Drops files on the conversation the way a desktop drag does: a real DataTransfer of Files. */
export async function dropFiles(
  page: Page,
  files: Array<{ name: string; type: string; base64?: string; randomBytes?: number }>,
): Promise<void> {
  const transfer = await page.evaluateHandle((specs) => {
    const dt = new DataTransfer();
    for (const f of specs) {
      let bytes: Uint8Array;
      if (f.base64 !== undefined) {
        bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      } else {
        bytes = new Uint8Array(f.randomBytes ?? 0);
        for (let i = 0; i < bytes.length; i += 65_536) {
          crypto.getRandomValues(bytes.subarray(i, Math.min(bytes.length, i + 65_536)));
        }
      }
      dt.items.add(new File([bytes as Uint8Array<ArrayBuffer>], f.name, { type: f.type }));
    }
    return dt;
  }, files);
  const zone = page.getByTestId('drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
  await expect(zone).toHaveAttribute('data-active', 'true');
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
  // The confirm step lists them; Send lets them go.
  await expect(page.getByTestId('staged-file')).toHaveCount(files.length);
  await page.getByTestId('send-files-confirm').click();
}

/** Two people on their own computers who have added each other (alice asked, bob accepted). */
export async function befriend(
  server: TestServer,
  alice: Page,
  bob: Page,
  { aliceLocal = 'alice', bobLocal = 'bob' } = {},
): Promise<void> {
  const aliceJid = `${aliceLocal}@${server.domain}`;
  const bobJid = `${bobLocal}@${server.domain}`;
  await alice.getByTestId('tab-contacts').click();
  await alice.getByTestId('add-contact-button').click();
  await alice.getByTestId('add-contact-jid').fill(bobJid);
  await alice.getByTestId('contact-submit').click();
  await bob.getByTestId('tab-contacts').click();
  await bob.getByTestId(`subscription-accept-${aliceJid}`).click();
  await expect(alice.getByTestId(`contact-${bobJid}`)).toHaveAttribute('data-show', 'available');
  await expect(bob.getByTestId(`contact-${aliceJid}`)).toHaveAttribute('data-show', 'available');
}

/**
 * Alice and Bob each at their own computer (a browser context on their own host), signed in
 * and contacts of each other: where most two-person specs begin.
 */
export async function aliceAndBobFriends(
  browser: Browser,
  env: TwoDevices,
  viewport = { width: 1200, height: 780 },
): Promise<{ alice: Page; bob: Page }> {
  const open = async () => (await browser.newContext({ viewport })).newPage();
  const alice = await open();
  const bob = await open();
  await alice.goto(env.alice.url);
  await bob.goto(env.bob.url);
  await addAccount(alice, env.server, 'alice', 'alice-pw');
  await addAccount(bob, env.server, 'bob', 'bob-pw');
  await befriend(env.server, alice, bob);
  return { alice, bob };
}

/** The accounts dialog, as a person opens it: the gear's Settings, then Accounts. */
/** Settings → General → Language, as a person changes it; the dialog stays open. */
export async function chooseLanguage(page: Page, code: 'de' | 'ar'): Promise<Locator> {
  await page.getByTestId('open-settings').click();
  const dialog = page.getByTestId('settings-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('settings-tab-general').click();
  await dialog.getByTestId('language-select').selectOption(code);
  await expect(page.locator('html')).toHaveAttribute('lang', code);
  return dialog;
}

export async function openAccounts(page: Page): Promise<void> {
  await page.getByTestId('open-settings').click();
  await page.getByTestId('settings-tab-accounts').click();
  await page.getByTestId('manage-accounts').click();
}

/**
 * Sets the app-wide OMEMO setting through the accounts dialog, as a person does: on or off,
 * whatever it was (the box is only clicked when it differs, then saved).
 */
export async function setOmemo(page: Page, on: boolean): Promise<void> {
  await openAccounts(page);
  await page.getByTestId('account-edit').click();
  const box = page.getByTestId('omemo-setting');
  // The stored value, not the default shown until the backend answers.
  await expect(box).toHaveAttribute('data-loaded', 'true');
  if ((await box.isChecked()) !== on) {
    await box.setChecked(on);
    await expect(page.getByTestId('omemo-setting-saved')).toBeVisible();
  }
  await expect(box).toBeChecked({ checked: on });
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(box).toHaveCount(0);
}

/** Records every value the progress bars take, to show they move (not jump 0 → 100). */
export async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { progressSeen: number[] }).progressSeen = seen;
    new MutationObserver(() => {
      for (const bar of Array.from(document.querySelectorAll('[data-testid="file-progress"]'))) {
        const value = Number(bar.getAttribute('aria-valuenow'));
        if (Number.isFinite(value)) seen.push(value);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

export const progressSeen = (page: Page) =>
  page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
