import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startProsody,
  startProxy,
  testClient,
  type TestClient,
  type TestProxy,
  type TestServer,
} from '@parley/testkit';
import type { Message } from '@parley/contract';
import { xml, type AckBarrier, type Element } from '@parley/xmpp';
import { eventually } from './test-support/harness.js';
import { testRuntime, type TestRuntime } from './test-support/runtime.js';
import { SealedTransform, sealed } from './test-support/sealed-transform.js';

/*
 * Messages that need asynchronous work before they are stored (a test transform standing in for
 * OMEMO decryption), live, as carbons, in archive pages and across a cut, against a real Prosody
 * and the real encrypted store.
 */
let server: TestServer;
let proxy: TestProxy;
const runtimes: TestRuntime[] = [];
const clients: TestClient[] = [];
const users = ['ada', 'ben', 'cy', 'dee'];

beforeAll(async () => {
  server = await startProsody({
    users: users.map((local) => ({ local, password: `${local}-pw` })),
  });
  proxy = await startProxy(server.c2sPort);
});
afterAll(async () => {
  for (const t of runtimes) {
    await t.runtime.disconnect();
    await t.runtime.pipeline.ingress.idle();
    t.temp.dispose();
  }
  await Promise.all(clients.map((c) => c.stop().catch(() => {})));
  await proxy?.close();
  await server?.stop();
});

/** `local`'s runtime with the test transform, online and caught up. */
async function online(local: string, transform: SealedTransform, port = server.c2sPort) {
  const t = testRuntime(server, local, port);
  runtimes.push(t);
  t.runtime.asyncTransforms.push(transform);
  let caughtUp = false;
  t.bus.subscribe((name, payload) => {
    if (name === 'history.progress' && (payload as { done: boolean }).done) caughtUp = true;
  });
  t.runtime.connect();
  await eventually(() => caughtUp, 20_000);
  return t;
}

async function client(local: string): Promise<TestClient> {
  const c = await testClient(server, local, `${local}-pw`);
  clients.push(c);
  return c;
}

let serial = 0;
function chat(to: string, children: Element[]): Element {
  const id = `t${++serial}`;
  return xml(
    'message',
    { to, type: 'chat', id },
    ...children,
    xml('origin-id', { xmlns: 'urn:xmpp:sid:0', id }),
  );
}

function messages(t: TestRuntime, peer: string): Message[] {
  return t.temp.store.messages.page(t.runtime.scope.accountId, peer, {
    beforeId: null,
    limit: 1_000,
  }).messages;
}

describe('asynchronous incoming transforms', () => {
  it('keeps the order of live sealed and plain messages, stores failures with their error and drops what says so', async () => {
    const transform = new SealedTransform();
    const ada = await online('ada', transform);
    const ben = await client('ben');
    const adaJid = `ada@${server.domain}`;
    const benJid = `ben@${server.domain}`;
    const expected: string[] = [];
    for (let i = 0; i < 24; i++) {
      const text = `message ${i}`;
      if (i === 7) {
        await ben.send(chat(adaJid, sealed('lost', { fail: '1' })));
        expected.push('');
      } else if (i === 13) {
        await ben.send(chat(adaJid, sealed('key transport', { drop: '1' })));
      } else {
        await ben.send(chat(adaJid, i % 3 === 0 ? [xml('body', {}, text)] : sealed(text)));
        expected.push(text);
      }
    }
    await eventually(() => messages(ada, benJid).length >= expected.length, 20_000);
    await ada.runtime.pipeline.ingress.idle();
    const stored = messages(ada, benJid);
    expect(stored.map((m) => m.body)).toEqual(expected);
    expect(transform.maxConcurrent).toBe(1);
    // Not the fallback body: the error, so the user sees something came and why it is unread.
    expect(stored[7]).toMatchObject({ body: '', decryptError: 'no-session', encryption: 'omemo2' });
    expect(stored[8]).toMatchObject({ encryption: 'omemo2', senderDevice: 7, trust: 'blind' });
    expect(stored.filter((m) => m.body.includes('sealed'))).toEqual([]);
    expect(transform.committed).toContain('key transport');

    // A sealed message our other device sent comes back as a carbon: opened and stored as ours.
    const phone = await client('ada');
    await phone.send(chat(benJid, sealed('from my phone')));
    await eventually(() => messages(ada, benJid).some((m) => m.body === 'from my phone'), 10_000);
    expect(messages(ada, benJid).at(-1)).toMatchObject({
      body: 'from my phone',
      direction: 'out',
      fromOtherDevice: true,
      encryption: 'omemo2',
    });
  });

  it('opens sealed archive items in archive order, and never twice', async () => {
    // Ben writes before Cy's account is added here: the first login's newest page brings it.
    const transform = new SealedTransform();
    const ben = await client('ben');
    const cyJid = `cy@${server.domain}`;
    const benJid = `ben@${server.domain}`;
    const expected: string[] = [];
    for (let i = 0; i < 12; i++) {
      const text = `archived ${i}`;
      expected.push(text);
      await ben.send(chat(cyJid, i % 4 === 0 ? [xml('body', {}, text)] : sealed(text)));
    }
    await new Promise((r) => setTimeout(r, 300)); // Archived by now.
    const cy = await online('cy', transform);
    await eventually(() => messages(cy, benJid).length === expected.length, 10_000);
    expect(messages(cy, benJid).map((m) => m.body)).toEqual(expected);
    expect(transform.runs).toEqual(expected.filter((_, i) => i % 4 !== 0));
    // Each item's write was done with once its page committed.
    expect(transform.settled).toEqual(transform.runs);

    // The same page again (a catch-up overlap, a scroll-back): held, so nothing is opened again.
    const session = cy.runtime.online!;
    const page = await cy.runtime.history.pages.fetch(session, { with: benJid, max: 50 });
    expect(page.items.filter((item) => item.awaiting).length).toBe(9);
    await cy.runtime.history.pages.store(page);
    expect(transform.runs.length).toBe(9);
    expect(messages(cy, benJid).map((m) => m.body)).toEqual(expected);
  });

  it('stores every message once and in order when the link is cut while sealed ones are in flight', async () => {
    const transform = new SealedTransform(() => 25);
    const dee = await online('dee', transform, proxy.port);
    const ben = await client('ben');
    const deeJid = `dee@${server.domain}`;
    const benJid = `ben@${server.domain}`;
    const expected: string[] = [];
    for (let i = 0; i < 30; i++) {
      const text = `in flight ${i}`;
      expected.push(text);
      await ben.send(chat(deeJid, i % 3 === 2 ? [xml('body', {}, text)] : sealed(text)));
    }
    await eventually(() => transform.runs.length >= 3, 10_000);
    const ingress = dee.runtime.pipeline.ingress;
    expect(ingress.busy).toBe(true);
    // What the session reads for its count on a resume (and the ack on stop): not past the
    // first message still being opened; an <r/> now is answered once they are stored.
    const session = dee.runtime.online!;
    const barrier = (session as unknown as { ackBarrier: AckBarrier }).ackBarrier;
    const settled = barrier.settled?.() ?? null;
    expect(settled).not.toBe(null);
    expect(settled!).toBeLessThan(session.handledCount);
    let answered = false;
    expect(barrier.defer(() => (answered = true))).toBe(true);
    proxy.cut();
    await eventually(() => messages(dee, benJid).length >= expected.length, 30_000);
    await ingress.idle();
    // The server redelivered what our count did not cover; the copies were recognised before
    // the transform ran again.
    await new Promise((r) => setTimeout(r, 500));
    await ingress.idle();
    expect(messages(dee, benJid).map((m) => m.body)).toEqual(expected);
    expect(transform.runs).toEqual(expected.filter((_, i) => i % 3 !== 2));
    expect(answered).toBe(true);
    expect(dee.statuses.filter((s) => s.state === 'online').length).toBeGreaterThanOrEqual(2);
  });
});
