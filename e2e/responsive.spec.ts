import { resolve } from 'node:path';
import { type Locator, type Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { addAccount, send, shots, useTwoDevices } from './support.js';

const env = useTwoDevices();

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not laid out');
  return b;
}

function overlaps(
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Every visible child of the room header lies inside the window and apart from the others. */
async function expectHeaderFits(page: Page, width: number, height: number): Promise<void> {
  const parts = [
    page.locator('.room-header .chat-title'),
    page.locator('.room-header .header-actions'),
    page.getByTestId('composer'),
    page.getByTestId('drawer-toggle'),
  ];
  const boxes = await Promise.all(parts.map(box));
  for (const b of boxes) {
    expect(b.x).toBeGreaterThanOrEqual(0);
    expect(b.y).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width).toBeLessThanOrEqual(width);
    expect(b.y + b.height).toBeLessThanOrEqual(height);
  }
  const [title, actions, composer] = boxes as [
    (typeof boxes)[0],
    (typeof boxes)[0],
    (typeof boxes)[0],
  ];
  expect(overlaps(title, actions)).toBe(false);
  expect(overlaps(actions, composer)).toBe(false);
}

test('narrow windows: the sidebar is a drawer, the member list an overlay', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(env.alice.url);
  await addAccount(page, env.server, 'alice', 'alice-pw');
  const room = `narrow@${env.server.mucDomain}`;
  await page.getByTestId('join-room').click();
  await page.getByTestId('join-room-address').fill(room);
  await page.getByTestId('join-room-nick').fill('Alice');
  await page.getByTestId('join-room-submit').click();
  await page.getByTestId('join-room-create').click();
  await expect(page.getByTestId('room-header')).toHaveAttribute('data-state', 'joined');
  await send(page, 'A room seen through a narrow window');

  // Wide: sidebar and member list beside the timeline, no drawer button.
  const sidebar = page.locator('aside.sidebar');
  const column = page.locator('.chat-column');
  const members = page.getByTestId('occupant-list');
  await expect(sidebar).toBeVisible();
  await expect(members).toBeVisible();
  await expect(page.getByTestId('drawer-toggle')).toBeHidden();

  // 1024×768: the sidebar stays, the member list steps over the messages.
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect(sidebar).toBeVisible();
  await expect(members).toBeHidden();
  expect((await box(column)).width).toBeGreaterThanOrEqual(560);

  // 800×600: the message column gets the room (it was 270 px).
  await page.setViewportSize({ width: 800, height: 600 });
  await expect(sidebar).toBeHidden();
  await expect(members).toBeHidden();
  expect((await box(column)).width).toBeGreaterThanOrEqual(560);
  await expectHeaderFits(page, 800, 600);
  await page.screenshot({ path: resolve(shots, 'responsive-800x600.png') });

  // The member list opens over the timeline from its header button; Esc closes it.
  await page.getByTestId('room-occupants-toggle').click();
  await expect(members).toBeVisible();
  await expect(page.getByTestId('occupant-Alice')).toBeVisible();
  expect((await box(column)).width).toBeGreaterThanOrEqual(560);
  const panel = await box(members);
  expect(panel.x + panel.width).toBeLessThanOrEqual(800);
  await page.screenshot({ path: resolve(shots, 'responsive-800x600-members.png') });
  await page.keyboard.press('Escape');
  await expect(members).toBeHidden();

  // The drawer: opened by its button, closed by Esc, by the backdrop, or by opening a chat.
  const toggle = page.getByTestId('drawer-toggle');
  await toggle.click();
  await expect(sidebar).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator('#sidebar [role="tab"][aria-selected="true"]')).toBeFocused();
  // The conversation under it is out of reach of Tab while it is open.
  await expect(page.locator('main.main')).toHaveAttribute('inert', '');
  await page.screenshot({ path: resolve(shots, 'responsive-800x600-drawer.png') });
  await page.keyboard.press('Escape');
  await expect(sidebar).toBeHidden();
  await expect(toggle).toBeFocused();
  await expect(page.locator('main.main')).not.toHaveAttribute('inert');
  await toggle.click();
  await page.getByTestId('drawer-backdrop').click({ position: { x: 700, y: 300 } });
  await expect(sidebar).toBeHidden();
  await toggle.click();
  await page.getByTestId(`conversation-${room}`).click();
  await expect(sidebar).toBeHidden();
  // Ctrl+K still reaches every conversation without the sidebar.
  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('quick-switcher')).toBeVisible();
  await page.keyboard.press('Escape');

  // 720×480, the window's minimum: nothing overlaps, the composer is on screen.
  await page.setViewportSize({ width: 720, height: 480 });
  expect((await box(column)).width).toBeGreaterThanOrEqual(560);
  await expectHeaderFits(page, 720, 480);
  await page.screenshot({ path: resolve(shots, 'responsive-720x480.png') });
  await toggle.click();
  await expect(sidebar).toBeVisible();
  const drawer = await box(sidebar);
  expect(drawer.x).toBeGreaterThanOrEqual(0);
  expect(drawer.y + drawer.height).toBeLessThanOrEqual(480);
  await page.screenshot({ path: resolve(shots, 'responsive-720x480-drawer.png') });
  await page.keyboard.press('Escape');

  // Back to wide: the sidebar and the member list return as they were.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(sidebar).toBeVisible();
  await expect(members).toBeVisible();
});
