import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, startProxy, type TestProxy, type TestServer } from '@parley/testkit';
import type { Message } from '@parley/contract';
import { addOnlineAccount, subscribeBothWays, type Device } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';

/*
 * The archive cursor follows live messages between catch-ups, against a real Prosody that keeps
 * a dropped session for 2 s (a quick reconnect resumes, a long outage starts afresh).
 */
let server: TestServer;
let proxy: TestProxy;
const harnesses: Harness[] = [];
const users = ['ada', 'ben', 'cy', 'dee'];

beforeAll(async () => {
  server = await startProsody({
    smacksHibernationSeconds: 2,
    users: users.map((local) => ({ local, password: `${local}-pw` })),
  });
  proxy = await startProxy(server.c2sPort);
});
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close(true)));
  await proxy?.close();
  await server?.stop();
});

async function device(local: string, port: number, mamPageSize = 50): Promise<Device> {
  const h = startHarness({ caPem: server.caPem, mamPageSize });
  harnesses.push(h);
  const account = await addOnlineAccount(h, server, local, { port });
  return { h, account, key: Buffer.alloc(0) };
}

function incoming(d: Device, peer: string): Message[] {
  return d.h.store.messages
    .page(d.account.id, peer, { beforeId: null, limit: 100_000 })
    .messages.filter((m) => m.direction === 'in');
}

type Progress = { accountId: string; fetched: number; done: boolean };
const progress = (d: Device): Progress[] =>
  d.h.events.filter((e) => e.name === 'history.progress').map((e) => e.payload as Progress);

describe('the archive cursor after a completed catch-up', () => {
  it('follows live messages across a resume, so a fresh session fetches only the gap, in order', async () => {
    // Ada is behind the relay; the gap takes a single archive page.
    const ada = await device('ada', proxy.port, 50);
    const ben = await device('ben', server.c2sPort);
    await subscribeBothWays(ada, ben);
    const expected: string[] = [];
    const send = (body: string) => {
      expected.push(body);
      return ben.h.call('messages.send', {
        accountId: ben.account.id,
        peer: ada.account.jid,
        body,
      });
    };
    const delivered = (sent: { id: string }) =>
      eventually(
        () => ben.h.store.messages.get(ben.account.id, sent.id)?.status === 'delivered',
        10_000,
      );

    // Live, on the session whose catch-up completed at login.
    for (let i = 0; i < 20; i++) await send(`live ${i}`);
    await eventually(() => incoming(ada, ben.account.jid).length === 20, 20_000);

    // A quick cut: the session resumes (XEP-0198), nothing is lost and no catch-up runs.
    const catchUpsBefore = progress(ada).length;
    const back = ada.h.waitFor('account.changed', (a) => a.state === 'online', 20_000);
    proxy.cut();
    await back;
    const resumed = [];
    for (let i = 0; i < 10; i++) resumed.push(await send(`resumed ${i}`));
    await eventually(() => incoming(ada, ben.account.jid).length === 30, 20_000);
    // Ada's receipts are archived too, and never come back to her live: once they all are, one
    // last message, so that exactly one receipt (its own) is archived after it.
    for (const sent of resumed) await delivered(sent);
    await delivered(await send('last live'));
    await eventually(() => incoming(ada, ben.account.jid).length === 31, 10_000);
    expect(progress(ada).length).toBe(catchUpsBefore); // resumed, not a fresh session
    const newest = incoming(ada, ben.account.jid).at(-1);
    await eventually(
      () => ada.h.store.accounts.get(ada.account.id)?.mamLastStanzaId === newest?.stanzaId,
      5_000,
    );

    // Away longer than the server keeps the session: a gap only the archive holds.
    const gap = 30;
    const caughtUp = ada.h.waitFor('history.progress', (p) => p.done, 30_000);
    proxy.outage(3_500);
    await new Promise((r) => setTimeout(r, 200));
    for (let i = 0; i < gap; i++) await send(`gap ${i}`);
    const { fetched } = await caughtUp;

    // Everything, once, in order: nothing in the gap was skipped.
    expect(incoming(ada, ben.account.jid).map((m) => m.body)).toEqual(expected);
    // Only the gap was fetched, and our receipt for the last live message, archived after it
    // (before: everything since the login's catch-up, the 30 live messages and their receipts).
    expect(fetched).toBe(gap + 1);
  });
});

describe('the archive cursor across gaps one after another', () => {
  it('skips nothing when a fresh session is lost again while its catch-up runs', async () => {
    // Small pages: catching up the first gap takes dozens of round trips.
    const cy = await device('cy', proxy.port, 4);
    const dee = await device('dee', server.c2sPort);
    await subscribeBothWays(cy, dee);
    const expected: string[] = [];
    const send = async (body: string) => {
      expected.push(body);
      await dee.h.call('messages.send', { accountId: dee.account.id, peer: cy.account.jid, body });
    };
    for (let i = 0; i < 5; i++) await send(`live ${i}`);
    await eventually(() => incoming(cy, dee.account.jid).length === 5, 10_000);

    // Her next session is fresh, and messages keep coming while its catch-up pages through the
    // first gap. The first of them stored live cuts her off again, longer than the server
    // keeps the session: the catch-up is cut short, and a second gap follows.
    let catchingUp = false;
    let cutAt: string | null = null;
    const unsubscribe = cy.h.backend.onEvent((name, payload) => {
      if (name === 'history.progress') catchingUp = !(payload as Progress).done;
      const body = name === 'message.added' ? (payload as Message).body : '';
      if (catchingUp && cutAt === null && body.startsWith('around')) {
        cutAt = body;
        proxy.outage(3_500);
      }
    });
    try {
      proxy.outage(3_500);
      await new Promise((r) => setTimeout(r, 200));
      for (let i = 0; i < 150; i++) await send(`first gap ${i}`);
      for (let i = 0; i < 200 && (cutAt === null || i < 150); i++) {
        await send(`around the cuts ${i}`);
        await new Promise((r) => setTimeout(r, 40));
      }
      await eventually(() => incoming(cy, dee.account.jid).length >= expected.length, 30_000);
    } finally {
      unsubscribe();
    }
    expect(cutAt).not.toBeNull();
    expect(incoming(cy, dee.account.jid).map((m) => m.body)).toEqual(expected);
  });
});

describe('an archive cursor the server no longer knows', () => {
  it('catches up from the time of the newest stored message instead of giving up for good', async () => {
    // Prosody expires archived messages (a week by default): after a long absence the id we
    // page from is gone, and the server answers item-not-found to every query that names it.
    const ada = await device('ada', server.c2sPort);
    const cy = await device('cy', server.c2sPort);
    await subscribeBothWays(ada, cy);
    const send = (body: string) =>
      cy.h.call('messages.send', { accountId: cy.account.id, peer: ada.account.jid, body });
    await send('before');
    await eventually(() => incoming(ada, cy.account.jid).length === 1, 10_000);

    await ada.h.call('accounts.disconnect', { id: ada.account.id });
    ada.h.store.accounts.setMamCursor(ada.account.id, 'an-id-the-archive-has-expired');
    for (let i = 0; i < 3; i++) await send(`while away ${i}`);

    const done = ada.h.waitFor('history.progress', (p) => p.done, 20_000);
    await ada.h.call('accounts.connect', { id: ada.account.id });
    await done;
    await eventually(() => incoming(ada, cy.account.jid).length === 4, 10_000);
    expect(incoming(ada, cy.account.jid).map((m) => m.body)).toEqual([
      'before',
      'while away 0',
      'while away 1',
      'while away 2',
    ]);
    // The cursor is a real archive id again: the next catch-up pages from it.
    expect(ada.h.store.accounts.get(ada.account.id)?.mamLastStanzaId).not.toBe(
      'an-id-the-archive-has-expired',
    );
  });
});
