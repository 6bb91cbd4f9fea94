import { resolve } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expectAccessible } from './axe.js';
import { chromiumArgs, chromiumPath } from './chromium.js';
import { expect, test } from './fixtures.js';
import { addAccount, befriend, shots, startHost, useTwoDevices, type Host } from './support.js';

// Fake camera and microphone (a test pattern and a beep), granted without a prompt: only here,
// not in every spec.
test.use({
  launchOptions: {
    executablePath: chromiumPath,
    args: [...chromiumArgs, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  },
});

const env = useTwoDevices({ turn: true });

declare global {
  interface Window {
    testCalls: { pcs: RTCPeerConnection[]; tracks: MediaStreamTrack[] };
  }
}

/** Keeps every RTCPeerConnection and every track the page opens, for getStats() and checks. */
function recordCalls(): void {
  const record = { pcs: [] as RTCPeerConnection[], tracks: [] as MediaStreamTrack[] };
  window.testCalls = record;
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      record.pcs.push(this);
    }
  };
  const devices = navigator.mediaDevices;
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    const stream = await getUserMedia(constraints);
    record.tracks.push(...stream.getTracks());
    return stream;
  };
}

/** A window on `host`, recording its calls; signs `local` in where the host has no account yet. */
async function device(browser: Browser, host: Host, local: string | null): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 780 } });
  await context.addInitScript(recordCalls);
  const page = await context.newPage();
  await page.goto(host.url);
  if (local) await addAccount(page, env.server, local, `${local}-pw`);
  else await expect(page.getByTestId('account-state')).toHaveAttribute('data-state', 'online');
  return page;
}

/** Settings → Encryption → relay calls through the server, as a person turns it on. */
async function relayOnly(page: Page): Promise<void> {
  await page.getByTestId('open-settings').click();
  const dialog = page.getByTestId('settings-dialog');
  await dialog.getByTestId('settings-tab-encryption').click();
  const box = dialog.getByTestId('calls-relay-only');
  await expect(box).toHaveAttribute('data-loaded', 'true');
  await box.check();
  await expect(dialog.getByText('Saved.')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
}

/** The kinds of the local and remote candidates of the pair the connection uses. */
function pairInUse(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const pc = window.testCalls.pcs.at(-1);
    if (!pc) return [];
    const stats = new Map<string, Record<string, unknown>>();
    (await pc.getStats()).forEach((s: Record<string, unknown>) => stats.set(s['id'] as string, s));
    const transport = [...stats.values()].find((s) => s['type'] === 'transport');
    const pair = stats.get(transport?.['selectedCandidatePairId'] as string);
    if (!pair) return [];
    const kind = (id: unknown) => stats.get(id as string)?.['candidateType'] as string;
    return [kind(pair['localCandidateId']), kind(pair['remoteCandidateId'])];
  });
}

type Bytes = Record<'audio' | 'video', number>;

/** RTP bytes of the page's newest connection, by kind: received (inbound) or sent (outbound). */
function rtpBytes(page: Page, type: 'inbound-rtp' | 'outbound-rtp'): Promise<Bytes> {
  return page.evaluate(async (type) => {
    const bytes = { audio: 0, video: 0 };
    const pc = window.testCalls.pcs.at(-1);
    if (!pc || pc.connectionState === 'closed') return bytes;
    (await pc.getStats()).forEach((s: { type: string; kind: 'audio' | 'video' } & Bytes) => {
      if (s.type !== type) return;
      const stats = s as unknown as { bytesReceived?: number; bytesSent?: number };
      bytes[s.kind] += (type === 'inbound-rtp' ? stats.bytesReceived : stats.bytesSent) ?? 0;
    });
    return bytes;
  }, type);
}

/** Bytes of `kind` keep arriving (or leaving) on this page over the next moments. */
async function expectFlowing(page: Page, type: 'inbound-rtp' | 'outbound-rtp', kind: keyof Bytes) {
  const start = (await rtpBytes(page, type))[kind];
  await expect
    .poll(async () => (await rtpBytes(page, type))[kind], { timeout: 10_000 })
    .toBeGreaterThan(start + 1000);
}

async function expectStill(page: Page, type: 'inbound-rtp' | 'outbound-rtp', kind: keyof Bytes) {
  // What was on the way when it stopped arrives first.
  await page.waitForTimeout(400);
  const before = (await rtpBytes(page, type))[kind];
  // Audio goes out every 20 ms: a second without a byte is a stop.
  await page.waitForTimeout(1000);
  expect((await rtpBytes(page, type))[kind]).toBe(before);
}

/** Every camera and microphone track the page opened is stopped (the camera light is off). */
async function expectMediaReleased(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(() => window.testCalls.tracks.filter((t) => t.readyState !== 'ended').length),
    )
    .toBe(0);
}

test('a video call: ring, answer, media both ways, mute, hang up; a missed call', async ({
  browser,
}) => {
  const alice = await device(browser, env.alice, 'alice');
  const bob = await device(browser, env.bob, 'bob');
  await befriend(env.server, alice, bob);
  // Both relay through the server's TURN service (coturn on 127.0.0.1): no address is shown
  // to the other side, and the test's media stays on loopback.
  await relayOnly(alice);
  await relayOnly(bob);
  const aliceJid = `alice@${env.server.domain}`;
  const bobJid = `bob@${env.server.domain}`;
  await alice.getByTestId(`contact-${bobJid}`).click();
  await bob.getByTestId(`contact-${aliceJid}`).click();

  // Alice calls; Bob's window rings with who and what.
  await alice.getByTestId('call-video').click();
  await expect(alice.getByTestId('call-panel')).toHaveAttribute('data-state', 'ringing');
  // The panel's controls checked while it rings: with live video in it, axe takes ~20 s here.
  await expectAccessible(alice, '[data-testid="call-panel"]');
  const ringing = bob.getByTestId('incoming-call');
  await expect(ringing).toContainText('Incoming video call');
  await expect(ringing).toContainText('alice is calling');
  await expectAccessible(bob, '[data-testid="incoming-call"]');
  await bob.screenshot({ path: resolve(shots, 'call-incoming.png') });

  // A double click answers once (the second click found the dialog still open, and a second
  // answer tore the first one's session down).
  await ringing.getByTestId('call-answer-video').dblclick();
  await expect(ringing).toBeHidden();
  for (const page of [alice, bob])
    await expect(page.getByTestId('call-panel')).toHaveAttribute('data-state', 'active');

  // Sound and pictures arrive on both sides.
  for (const page of [alice, bob]) {
    await expectFlowing(page, 'inbound-rtp', 'audio');
    await expectFlowing(page, 'inbound-rtp', 'video');
  }
  expect(await pairInUse(alice)).toEqual(['relay', 'relay']);
  await expect(alice.getByTestId('call-quality')).toBeVisible();
  await alice.screenshot({ path: resolve(shots, 'call-active.png') });

  // Muted, nothing of Alice's microphone leaves; unmuted, it flows again.
  await alice.getByTestId('call-mute').click();
  await expect(alice.getByTestId('call-mute')).toHaveAttribute('aria-pressed', 'true');
  await expectStill(alice, 'outbound-rtp', 'audio');
  await expectStill(bob, 'inbound-rtp', 'audio');
  await alice.getByTestId('call-mute').click();
  await expectFlowing(bob, 'inbound-rtp', 'audio');

  // Camera off: the camera is released (its light goes off) and Bob gets no more pictures.
  await alice.getByTestId('call-camera').click();
  await expect(alice.getByTestId('call-camera')).toHaveAttribute('aria-pressed', 'false');
  await expect
    .poll(() =>
      alice.evaluate(
        () =>
          window.testCalls.tracks.filter((t) => t.kind === 'video' && t.readyState === 'live')
            .length,
      ),
    )
    .toBe(0);
  await expectStill(bob, 'inbound-rtp', 'video');

  // Bob hangs up: both sides end, every device is released, the call is in both timelines.
  await bob.getByTestId('call-hangup').click();
  for (const page of [alice, bob]) {
    await expect(page.getByTestId('call-panel')).toBeHidden();
    await expectMediaReleased(page);
  }
  await expect(alice.getByTestId('call-row').last()).toHaveAttribute('data-outcome', 'answered');
  await expect(alice.getByTestId('call-row').last()).toContainText(/Outgoing call, 0:\d\d/u);
  await expect(bob.getByTestId('call-row').last()).toContainText(/Incoming call, 0:\d\d/u);

  // Alice calls again and gives up before Bob answers: a missed call on both sides.
  await alice.getByTestId('call-audio').click();
  await expect(bob.getByTestId('incoming-call')).toContainText('Incoming call');
  await alice.getByTestId('call-hangup').click();
  await expect(bob.getByTestId('incoming-call')).toBeHidden();
  await expect(bob.getByTestId('call-row').last()).toContainText('Missed call');
  await expect(alice.getByTestId('call-row').last()).toContainText(/Cancelled call|No answer/u);
  await expectMediaReleased(alice);
  await bob.screenshot({ path: resolve(shots, 'call-rows.png') });
});

test('a call answered on the callee’s second device: the first stops ringing; video added', async ({
  browser,
}) => {
  const second = await startHost(env.server.caPem);
  try {
    const alice = await device(browser, env.alice, null);
    const bob = await device(browser, env.bob, null);
    const bobAgain = await device(browser, second, 'bob');
    const bobJid = `bob@${env.server.domain}`;
    // Friends from the first test (the same server and accounts).
    await alice.getByTestId('tab-contacts').click();
    await alice.getByTestId(`contact-${bobJid}`).click();

    await alice.getByTestId('call-audio').click();
    await expect(bob.getByTestId('incoming-call')).toBeVisible();
    await expect(bobAgain.getByTestId('incoming-call')).toBeVisible();
    await bobAgain.getByTestId('call-answer').click();
    await expect(bob.getByTestId('incoming-call')).toBeHidden();
    await expect(bobAgain.getByTestId('call-panel')).toHaveAttribute('data-state', 'active');
    await expectFlowing(bobAgain, 'inbound-rtp', 'audio');
    await expectFlowing(alice, 'inbound-rtp', 'audio');
    await expect(bob.getByTestId('call-panel')).toBeHidden();

    // Alice turns her camera on in the audio call: a content-add, accepted, and Bob sees her.
    await alice.getByTestId('call-camera').click();
    await expect(alice.getByTestId('call-camera')).toHaveAttribute('aria-pressed', 'true');
    await expectFlowing(bobAgain, 'inbound-rtp', 'video');
    await expect(bobAgain.getByTestId('call-remote-video')).toBeVisible();
    await bobAgain.screenshot({ path: resolve(shots, 'call-video-added.png') });
    // Bob's camera goes out on the video stream the content-add made, with no new signalling.
    await bobAgain.getByTestId('call-camera').click();
    await expectFlowing(alice, 'inbound-rtp', 'video');

    await alice.getByTestId('call-hangup').click();
    await expect(bobAgain.getByTestId('call-panel')).toBeHidden();
    await expectMediaReleased(bobAgain);
  } finally {
    await second.stop();
  }
});
