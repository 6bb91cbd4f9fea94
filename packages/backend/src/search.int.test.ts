import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, type TestServer } from '@parley/testkit';
import { befriend, login as loginOn } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';

let server: TestServer;
const opened: Harness[] = [];
const login = (local: string, harness?: Harness) => loginOn(server, opened, local, harness);

beforeAll(async () => {
  server = await startProsody();
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
});

describe('message search against a real server', () => {
  it('finds messages received live and those a new device learns from the archive', async () => {
    await server.createUser('nia', 'nia-pw');
    await server.createUser('oto', 'oto-pw');
    const nia = await login('nia');
    const oto = await login('oto');
    await befriend(nia, oto);
    // In the clear: a device added later (nia's laptop below) cannot read what was encrypted
    // before it existed (OMEMO on by default between two Parley users), and this is about the
    // archive. Search in encrypted chats: their plaintext is stored and indexed like any other.
    await oto.h.call('omemo.conversation.set', {
      accountId: oto.account.id,
      peer: nia.account.jid,
      encryption: 'off',
    });
    const bodies = ['Привет, встреча завтра?', 'Une crème brûlée ce soir', 'nothing to see'];
    for (const body of bodies) {
      await oto.h.call('messages.send', { accountId: oto.account.id, peer: nia.account.jid, body });
    }
    await eventually(() => nia.h.store.messages.count(nia.account.id, oto.account.jid) === 3);

    const found = await nia.h.call('messages.search', { text: 'CREME brul' });
    expect(found.hits.map((h) => h.message.body)).toEqual(['Une crème brûlée ce soir']);
    const [hit] = found.hits;
    expect(hit?.ranges.map((r) => hit.message.body.slice(r.start, r.end))).toEqual([
      'crème',
      'brûlée',
    ]);
    expect(hit?.conversation?.peer).toBe(oto.account.jid);
    const cyrillic = await nia.h.call('messages.search', {
      text: 'встреча',
      accountId: nia.account.id,
      peer: oto.account.jid,
    });
    expect(cyrillic.hits.map((h) => h.message.body)).toEqual(['Привет, встреча завтра?']);
    // The sender's own store indexes what it sent.
    const sent = await oto.h.call('messages.search', { text: 'nothing' });
    expect(sent.hits.map((h) => h.message.direction)).toEqual(['out']);

    // A new device of nia's: the messages arrive from the archive and are found the same way.
    const fresh = startHarness({ caPem: server.caPem });
    opened.push(fresh);
    const synced = fresh.waitFor('history.progress', (p) => p.done);
    const laptop = await login('nia', fresh);
    await synced;
    await eventually(() => laptop.h.store.messages.count(laptop.account.id, oto.account.jid) === 3);
    const archived = await laptop.h.call('messages.search', { text: 'привет' });
    expect(archived.hits.map((h) => h.message.body)).toEqual(['Привет, встреча завтра?']);
  });
});
