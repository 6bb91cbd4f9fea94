// The asynchronous encrypt seam against a real Prosody and the real encrypted store: a test
// transform seals each body into <sealed xmlns='urn:parley:test'> after a delay, as OMEMO will
// after awaiting sessions and crypto. The peer, a plain client, sees what is on the wire.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '@parley/contract';
import { openStore, type Store } from '@parley/store';
import {
  startProsody,
  startProxy,
  testClient,
  type TestClient,
  type TestProxy,
  type TestServer,
} from '@parley/testkit';
import { NS_CHAT_STATES, OutgoingRefused, xml, type Element } from '@parley/xmpp';
import { EventBus } from './event-bus.js';
import { AccountRuntime } from './runtime/account-runtime.js';
import type { FilesConfig } from './runtime/files/config.js';
import { Transfers } from './runtime/files/transfers.js';
import { eventually } from './test-support/harness.js';

const SEALED = 'urn:parley:test';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: TestServer;
let proxy: TestProxy;
let dir: string;
let store: Store;
let bus: EventBus;
let runtime: AccountRuntime;
let bea: TestClient;
let beaJid: string;
/** What reached Bea from Amy, in order, in words (a body in the clear fails the test). */
let received: string[];
let plaintext: string[];
let updates: Message[];
/** Transform settings: how long sealing takes, and which bodies it refuses. */
let delayMs: () => number;
let refuse: (body: string) => boolean;
let sealedCount: Map<string, number>;

beforeAll(async () => {
  server = await startProsody({
    // A short hibernation: a quick reconnect resumes, a longer outage starts a fresh session.
    smacksHibernationSeconds: 2,
    users: [
      { local: 'amy', password: 'amy-pw' },
      { local: 'bea', password: 'bea-pw' },
    ],
  });
  proxy = await startProxy(server.c2sPort);
  dir = mkdtempSync(join(tmpdir(), 'parley-seam-'));
  store = openStore({ path: join(dir, 'parley.db'), key: randomBytes(32) });
  bus = new EventBus(true);
  bus.subscribe((name, payload) => {
    if (name === 'message.updated') updates.push(payload as Message);
  });
  const record = store.accounts.insert({
    id: 'amy',
    jid: `amy@${server.domain}`,
    password: 'amy-pw',
    host: server.host,
    port: proxy.port,
    tlsMode: 'starttls',
    pinnedFingerprint256: null,
    pinnedCertPem: null,
    enabled: true,
    resource: 'parley',
    ownPresence: { show: 'available', status: '' },
  });
  runtime = new AccountRuntime(
    {
      store,
      bus,
      trustedCaPem: server.caPem,
      reconnect: { minDelayMs: 100, maxDelayMs: 500, factor: 1.5 },
      mamPageSize: 50,
      catchUpOverlapMs: 0,
      roomSelfPingMs: 600_000,
      transfers: new Transfers(store, bus),
      files: {} as FilesConfig,
    },
    record,
    () => {},
  );
  runtime.outbox.outgoing.addTransform('test seal', async (stanza) => {
    const body = stanza.getChildText('body');
    if (body === null) return stanza;
    if (refuse(body)) throw new OutgoingRefused('Cannot encrypt for anyone: no trusted device');
    await sleep(delayMs());
    sealedCount.set(body, (sealedCount.get(body) ?? 0) + 1);
    const rest = stanza.getChildElements().filter((c) => c.getName() !== 'body');
    return xml('message', stanza.attrs, xml('sealed', { xmlns: SEALED }, body), ...rest);
  });
  bea = await testClient(server, 'bea', 'bea-pw');
  beaJid = `bea@${server.domain}`;
  bea.on('stanza', (stanza: Element) => {
    if (!stanza.is('message') || !String(stanza.attrs.from).startsWith('amy@')) return;
    const body = stanza.getChildText('body');
    if (body !== null) plaintext.push(body);
    const sealed = stanza.getChildText('sealed', SEALED);
    const replace = stanza.getChild('replace', 'urn:xmpp:message-correct:0');
    const state = stanza.getChildElements().find((c) => c.getNS() === NS_CHAT_STATES);
    if (replace) received.push(`correction ${sealed}`);
    else if (sealed !== null) received.push(sealed);
    else if (state) received.push(`state ${state.getName()}`);
  });
  // Available, so that messages to her bare JID reach this session.
  await bea.send(xml('presence'));
  runtime.connect();
  await eventually(() => runtime.online, 20_000);
}, 60_000);

afterAll(async () => {
  await runtime?.disconnect();
  await bea?.stop().catch(() => {});
  store?.close();
  await proxy?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  received = [];
  plaintext = [];
  updates = [];
  sealedCount = new Map();
  delayMs = () => Math.floor(Math.random() * 40);
  refuse = () => false;
});

const send = (body: string): Message => runtime.outbox.queue(beaJid, body, runtime.online);
const pendingBodies = () => store.messages.outbox('amy').map((m) => m.body);

describe('an asynchronous transform on the wire', () => {
  it('messages, a correction and a chat state reach the peer sealed and in order', async () => {
    send('m1');
    send('m2');
    const m3 = send('m3');
    runtime.pipeline.edits.outgoing.correct(beaJid, m3.id, 'm3 fixed', runtime.online);
    send('m4');
    void runtime.sendChatState(beaJid, 'paused');
    const expected = ['m1', 'm2', 'm3', 'correction m3 fixed', 'm4', 'state paused'];
    await eventually(() => received.length >= expected.length, 15_000);
    await sleep(200);
    expect(received).toEqual(expected);
    expect(plaintext).toEqual([]);
    await eventually(() => pendingBodies().length === 0, 10_000);
  });

  it('a refused message fails with its reason, reaches nobody, and a retry sends it sealed', async () => {
    refuse = (body) => body.startsWith('REFUSE');
    const refused = send('REFUSE me');
    send('after');
    await eventually(() => received.includes('after'), 15_000);
    await sleep(300);
    expect(received).toEqual(['after']);
    expect(plaintext).toEqual([]);
    const shown = updates.filter((m) => m.id === refused.id).at(-1);
    expect(shown?.status).toBe('failed');
    expect(shown?.error).toBe('Cannot encrypt for anyone: no trusted device');
    expect(store.messages.get('amy', refused.id)?.status).toBe('failed');

    refuse = () => false;
    const failed = store.messages.get('amy', refused.id)!;
    await runtime.messageErrors.retry(failed, runtime.outbox, () => runtime.online);
    await eventually(() => received.includes('REFUSE me'), 15_000);
    await sleep(200);
    expect(received).toEqual(['after', 'REFUSE me']);
    expect(plaintext).toEqual([]);
  });
});

describe('a cut while messages sit in the transform', () => {
  async function cutDuringTransform(cut: () => void, tag: string): Promise<void> {
    delayMs = () => 250;
    const bodies = Array.from({ length: 5 }, (_, i) => `${tag} ${i}`);
    for (const body of bodies) send(body);
    await sleep(50);
    cut();
    await eventually(() => received.length >= bodies.length, 30_000);
    await eventually(() => pendingBodies().length === 0, 30_000);
    await sleep(500);
    // Each once, in order; none in the clear.
    expect(received).toEqual(bodies);
    expect(plaintext).toEqual([]);
  }

  it('a quick reconnect (the session resumes): each arrives exactly once, in order', async () => {
    await cutDuringTransform(() => proxy.cut(), 'resumed');
  }, 60_000);

  it('a long outage (a fresh session): each arrives exactly once, in order, sealed anew', async () => {
    await cutDuringTransform(() => proxy.outage(3_000), 'fresh');
    // The first was in its transform when the old session died: sealed again for the new one.
    expect([...sealedCount.values()].every((n) => n >= 1)).toBe(true);
  }, 60_000);
});
