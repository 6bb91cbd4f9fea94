import { resolve } from 'node:path';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { expectAccessible } from './axe.js';
import { addAccount, befriend, send, shots, useTwoDevices } from './support.js';

// The real renderer in Chromium with a stand-in for Electron's desktop bridge (the preload's
// window.parleyDesktop), which records what the renderer tells main and lets the test act as
// the tray. Main's side of it is unit-tested over a fake Electron (apps/desktop/src/main).
const env = useTwoDevices();

interface Recorded {
  reports: Array<{
    unread: number;
    presence: string;
    chats: Array<{ peer: string; accountId: string }>;
  }>;
  patches: unknown[];
  mentions: number;
}

async function withDesktopBridge(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const state = {
      reports: [] as unknown[],
      patches: [] as unknown[],
      mentions: 0,
      listener: null as ((action: unknown) => void) | null,
      view: {
        prefs: {
          closeToTray: false,
          startMinimised: false,
          startAtLogin: false,
          spellCheck: { enabled: false, languages: [] as string[] },
          lastConversation: null,
          autoUpdate: true,
        },
        // A copy that updates itself (an AppImage with a signed feed).
        updates: 'parley',
        platform: 'linux',
        spellCheckDownloads: true,
        spellLanguages: ['de-DE', 'en-GB', 'en-US', 'fr'],
      },
    };
    Object.assign(window, { __desktop: state });
    Object.assign(window, {
      parleyDesktop: {
        getSettings: () => Promise.resolve(structuredClone(state.view)),
        setSettings: (patch: object) => {
          state.patches.push(patch);
          state.view.prefs = { ...state.view.prefs, ...patch };
          return Promise.resolve({ ok: true, view: structuredClone(state.view) });
        },
        report: (report: unknown) => state.reports.push(report),
        mention: () => (state.mentions += 1),
        show: () => undefined,
        onAction: (listener: (action: unknown) => void) => {
          state.listener = listener;
          return () => (state.listener = null);
        },
      },
    });
  });
}

const recorded = (page: Page) =>
  page.evaluate(() => {
    const { reports, patches, mentions } = (window as unknown as { __desktop: Recorded }).__desktop;
    return { reports, patches, mentions };
  });

const trayAction = (page: Page, action: unknown) =>
  page.evaluate((a) => {
    const state = (window as unknown as { __desktop: { listener: (x: unknown) => void } })
      .__desktop;
    state.listener(a);
  }, action);

test('desktop shell: Desktop settings, unread reports, attention and tray actions', async ({
  browser,
}) => {
  const aliceContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const bobContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const alice = await aliceContext.newPage();
  const bob = await bobContext.newPage();
  await withDesktopBridge(alice);
  await alice.goto(env.alice.url);
  await bob.goto(env.bob.url);
  await addAccount(alice, env.server, 'alice', 'alice-pw');
  await addAccount(bob, env.server, 'bob', 'bob-pw');
  const aliceJid = `alice@${env.server.domain}`;
  const bobJid = `bob@${env.server.domain}`;
  await expect
    .poll(async () => (await recorded(alice)).reports.at(-1))
    .toMatchObject({ unread: 0, presence: 'available' });

  // Settings has a Desktop section in the desktop app (the browser build has none: settings.spec).
  await alice.getByTestId('open-settings').click();
  const dialog = alice.getByTestId('settings-dialog');
  await dialog.getByTestId('settings-tab-desktop').click();
  await expect(dialog.getByTestId('desktop-closeToTray')).toBeVisible();
  await dialog.getByTestId('desktop-closeToTray').check();
  await expect(dialog.getByText('Saved.')).toBeVisible();
  // Automatic updates: on until turned off here.
  await expect(dialog.getByTestId('desktop-autoUpdate')).toBeChecked();
  await dialog.getByTestId('desktop-autoUpdate').uncheck();
  await expect(dialog.getByTestId('desktop-autoUpdate')).not.toBeChecked();
  await expectAccessible(alice, '[data-testid="settings-dialog"]');
  await alice.screenshot({ path: resolve(shots, 'settings-desktop.png') });

  // Spell check asks first: the dictionaries come from Google.
  await dialog.getByTestId('desktop-spellcheck-enabled').click();
  await expect(dialog.getByRole('alertdialog')).toContainText('redirector.gvt1.com');
  await expectAccessible(alice, '[data-testid="settings-dialog"]');
  await alice.screenshot({ path: resolve(shots, 'settings-desktop-spellcheck-consent.png') });
  await dialog.getByTestId('desktop-spellcheck-consent').click();
  await expect(dialog.getByTestId('desktop-spellcheck-enabled')).toBeChecked();
  expect((await recorded(alice)).patches).toEqual([
    { closeToTray: true },
    { autoUpdate: false },
    { spellCheck: { enabled: true, languages: [] } },
  ]);
  await alice.keyboard.press('Escape');

  // A message from Bob: the unread total and an attention signal reach main.
  await befriend(env.server, alice, bob);
  await bob.getByTestId(`contact-${aliceJid}`).click();
  await send(bob, 'Are you there?');
  await expect.poll(async () => (await recorded(alice)).reports.at(-1)?.unread).toBe(1);
  const { reports, mentions } = await recorded(alice);
  expect(mentions).toBeGreaterThanOrEqual(1);
  const chat = reports.at(-1)!.chats[0]!;
  expect(chat.peer).toBe(bobJid);

  // The tray: Away for every account, then the unread chat opens.
  await trayAction(alice, { kind: 'presence', show: 'away' });
  await expect(alice.getByTestId('presence-selector')).toHaveAttribute('data-show', 'away');
  await expect.poll(async () => (await recorded(alice)).reports.at(-1)?.presence).toBe('away');
  await trayAction(alice, { kind: 'open', chat: { accountId: chat.accountId, peer: bobJid } });
  await expect(alice.getByTestId('chat-view')).toHaveAttribute('data-peer', bobJid);
  await expect.poll(async () => (await recorded(alice)).reports.at(-1)?.unread).toBe(0);
  // The open conversation is remembered for the next start.
  await expect
    .poll(async () => (await recorded(alice)).patches.at(-1))
    .toEqual({ lastConversation: { accountId: chat.accountId, peer: bobJid } });

  await aliceContext.close();
  await bobContext.close();
});
