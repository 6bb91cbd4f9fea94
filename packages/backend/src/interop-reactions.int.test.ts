// Reactions (XEP-0444), replies (XEP-0461/0428) and displayed markers (XEP-0333) both ways
// with slixmpp's own plugins, over a real Prosody and the real encrypted store.
import { startProsody, type TestServer, type TestUser } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '@parley/contract';
import { login, type Device } from './test-support/accounts.js';
import { eventually, type Harness } from './test-support/harness.js';
import { slixmppMissing, startDrivenPeer, type DrivenPeer } from './test-support/python-peer.js';

const noSlixmpp = slixmppMissing();
if (noSlixmpp) console.warn(`interop-reactions.int.test.ts skipped: ${noSlixmpp}`);

let server: TestServer;
const opened: Harness[] = [];
const peers: DrivenPeer[] = [];

describe.skipIf(noSlixmpp)('reactions, replies and markers with slixmpp', () => {
  beforeAll(async () => {
    server = await startProsody();
  }, 60_000);

  afterAll(async () => {
    for (const peer of peers) peer.kill();
    for (const h of opened) await h.close(true);
    await server?.stop();
  }, 30_000);

  async function page(device: Device, who: TestUser): Promise<Message[]> {
    const { messages } = await device.h.call('messages.page', {
      accountId: device.account.id,
      peer: who.jid,
      before: null,
      limit: 50,
    });
    return messages;
  }

  async function pair(n: number): Promise<{ ann: Device; slix: TestUser; peer: DrivenPeer }> {
    await server.createUser(`rann${n}`, `rann${n}-pw`);
    const slix = await server.createUser(`rslix${n}`, `rslix${n}-pw`);
    const ann = await login(server, opened, `rann${n}`);
    // Ann's roster says slixmpp sees her presence: markers go only to such contacts.
    ann.h.store.contacts.upsert(ann.account.id, {
      jid: slix.jid,
      name: 'Slix',
      groups: [],
      subscription: 'both',
      askSubscribe: false,
    });
    const peer = await startDrivenPeer(server, slix);
    peers.push(peer);
    return { ann, slix, peer };
  }

  it('a slixmpp reaction lands on our message (no new message); ours reaches slixmpp', async () => {
    const { ann, slix, peer } = await pair(1);
    const sent = await ann.h.call('messages.send', {
      accountId: ann.account.id,
      peer: slix.jid,
      body: 'cake?',
    });
    await peer.message((m) => m.body === 'cake?');
    await peer.run({ do: 'react', to: ann.account.jid, target: sent.id, values: ['👍', '🎂'] });
    const reacted = await eventually(async () => {
      const mine = (await page(ann, slix)).find((m) => m.id === sent.id);
      return mine?.reactions?.length === 2 ? mine : undefined;
    });
    expect(reacted.reactions?.map((r) => [r.emoji, r.by])).toEqual([
      ['👍', [slix.jid]],
      ['🎂', [slix.jid]],
    ]);
    expect(await page(ann, slix)).toHaveLength(1);

    await peer.run({ do: 'send', to: ann.account.jid, body: 'yes please', id: 'slix-cake' });
    const theirs = await eventually(async () =>
      (await page(ann, slix)).find((m) => m.body === 'yes please'),
    );
    const answer = await ann.h.call('messages.react', {
      accountId: ann.account.id,
      peer: slix.jid,
      messageId: theirs.id,
      emojis: ['🎉'],
    });
    expect(answer.reactions).toEqual([
      { emoji: '🎉', count: 1, mine: true, by: [ann.account.jid] },
    ]);
    const got = await peer.message((m) => m.reactions !== undefined);
    expect(got.reactions).toEqual({ id: 'slix-cake', values: ['🎉'] });
    expect(got.body).toBe('');
  }, 90_000);

  it('replies both ways: the quote is cut here and sent for slixmpp', async () => {
    const { ann, slix, peer } = await pair(2);
    const sent = await ann.h.call('messages.send', {
      accountId: ann.account.id,
      peer: slix.jid,
      body: 'lunch at 1? 🍜',
    });
    await peer.message((m) => m.body === 'lunch at 1? 🍜');
    // slixmpp 1.8.3 marks its quote with the older feature-fallback namespace.
    await peer.run({
      do: 'reply',
      to: ann.account.jid,
      id: 'slix-r1',
      target: sent.id,
      target_author: ann.account.jid,
      quote: '> lunch at 1? 🍜\n',
      body: 'sure 😀',
    });
    const reply = await eventually(async () =>
      (await page(ann, slix)).find((m) => m.originId === 'slix-r1'),
    );
    expect(reply.body).toBe('sure 😀');
    expect(reply.replyTo).toEqual({
      id: sent.id,
      author: ann.account.jid,
      preview: 'lunch at 1? 🍜',
    });

    const ours = await ann.h.call('messages.send', {
      accountId: ann.account.id,
      peer: slix.jid,
      body: 'see you 👋',
      replyTo: reply.id,
    });
    expect(ours.replyTo).toEqual({ id: reply.id, author: slix.jid, preview: 'sure 😀' });
    const got = await peer.message((m) => m.reply !== undefined);
    expect(got.reply).toMatchObject({ id: 'slix-r1', to: slix.jid });
    expect(got.body).toBe('> sure 😀\nsee you 👋');
    expect(String(got.xml)).toContain('urn:xmpp:fallback:0');
  }, 90_000);

  it('displayed markers both ways: sent on mark-read for a markable message, shown as seen', async () => {
    const { ann, slix, peer } = await pair(3);
    await peer.run({
      do: 'send',
      to: ann.account.jid,
      body: 'read me',
      id: 'slix-m1',
      markable: true,
    });
    await eventually(async () => (await page(ann, slix)).some((m) => m.body === 'read me'));
    await ann.h.call('conversations.markRead', { accountId: ann.account.id, peer: slix.jid });
    const marker = await peer.message((m) => m.displayed !== undefined);
    expect(marker.displayed).toBe('slix-m1');
    // Marked once: reading again sends nothing new.
    await ann.h.call('conversations.markRead', { accountId: ann.account.id, peer: slix.jid });

    const sent = await ann.h.call('messages.send', {
      accountId: ann.account.id,
      peer: slix.jid,
      body: 'did you see?',
    });
    const arrived = await peer.message((m) => m.body === 'did you see?');
    expect(arrived.markable).toBe(true);
    await peer.run({ do: 'marker', to: ann.account.jid, target: sent.id, marker: 'displayed' });
    const seen = await eventually(async () =>
      (await page(ann, slix)).find((m) => m.id === sent.id && m.displayed === true),
    );
    expect(seen.displayed).toBe(true);
    expect(peer.events.filter((e) => e.event === 'message' && e.displayed)).toHaveLength(1);
  }, 90_000);
});
