// Corrections, retractions and moderation in rooms, against a real Prosody (with Debian's
// mod_muc_moderation, which speaks XEP-0425 :0 only) and slixmpp's own plugins as the other
// occupants. Prosody 0.12's rooms stamp XEP-0421 occupant ids (and strip forged ones), so the
// occupant-id rule is what decides here; the nick-within-its-stay rule for rooms without them
// is covered by edit-trust.test.ts.
import type { Message } from '@parley/contract';
import { startProsody, type TestServer, type TestUser } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, type Device } from './test-support/accounts.js';
import { eventually, type Harness } from './test-support/harness.js';
import { slixmppMissing, startDrivenPeer, type DrivenPeer } from './test-support/python-peer.js';

const noSlixmpp = slixmppMissing();
if (noSlixmpp) console.warn(`room-edits.int.test.ts skipped: ${noSlixmpp}`);

let server: TestServer;
const opened: Harness[] = [];
const peers: DrivenPeer[] = [];
let n = 0;

async function peerFor(local: string): Promise<{ user: TestUser; peer: DrivenPeer }> {
  const user = await server.createUser(local, `${local}-pw`);
  const peer = await startDrivenPeer(server, user);
  peers.push(peer);
  return { user, peer };
}

/** Ann (a Parley owner, so a moderator) in a fresh room, with slixmpp's Sam in it. */
async function roomWithSam(): Promise<{ ann: Device; room: string; sam: DrivenPeer }> {
  const local = `ann${++n}`;
  await server.createUser(local, `${local}-pw`);
  const ann = await login(server, opened, local);
  const room = `edits${n}@${server.mucDomain}`;
  await ann.h.call('rooms.create', { accountId: ann.account.id, room, nick: 'Ann' });
  const { peer: sam } = await peerFor(`sam${n}`);
  const seen = ann.h.waitFor('room.occupants', (e) => e.upserted.some((o) => o.nick === 'Sam'));
  await sam.run({ do: 'join', room, nick: 'Sam' });
  await seen;
  return { ann, room, sam };
}

function roomMessages(device: Device, room: string): Message[] {
  return device.h.store.messages.page(device.account.id, room, { beforeId: null, limit: 50 })
    .messages;
}

function stored(device: Device, id: string): Message | null {
  return device.h.store.messages.get(device.account.id, id);
}

const byBody = (device: Device, room: string, body: string) =>
  eventually(() => roomMessages(device, room).find((m) => m.body === body));

describe.skipIf(noSlixmpp)('corrections, retractions and moderation in rooms', () => {
  beforeAll(async () => {
    server = await startProsody({ mucModeration: true });
  }, 60_000);

  afterAll(async () => {
    for (const peer of peers) peer.kill();
    for (const h of opened) await h.close(true);
    await server?.stop();
  }, 30_000);

  it('an occupant corrects and retracts its own messages (slixmpp), and Parley’s reach slixmpp', async () => {
    const { ann, room, sam } = await roomWithSam();
    await sam.run({ do: 'send', to: room, type: 'groupchat', body: 'helo all', id: 'g1' });
    const first = await byBody(ann, room, 'helo all');
    await sam.run({
      do: 'correct',
      to: room,
      type: 'groupchat',
      body: 'hello all',
      id: 'g2',
      replace: 'g1',
    });
    await eventually(() => stored(ann, first.id)?.body === 'hello all');
    await sam.run({ do: 'send', to: room, type: 'groupchat', body: 'oops', id: 'g3' });
    const oops = await byBody(ann, room, 'oops');
    await sam.run({ do: 'retract', to: room, type: 'groupchat', target: 'g3' });
    await eventually(() => stored(ann, oops.id)?.retracted?.by === `${room}/Sam`);
    expect(stored(ann, oops.id)?.body).toBe('');

    const base = { accountId: ann.account.id, peer: room };
    const sent = await ann.h.call('messages.send', { ...base, body: 'Ann writes' });
    await sam.message((m) => m.body === 'Ann writes');
    // The room's reflection gives our message the room's own id, which a retraction names.
    const reflected = await eventually(() => stored(ann, sent.id)?.stanzaId ?? undefined);
    await ann.h.call('messages.correct', { ...base, messageId: sent.id, body: 'Ann wrote' });
    const correction = await sam.message((m) => m.replace === sent.id);
    expect(correction.body).toBe('Ann wrote');
    await ann.h.call('messages.retract', { ...base, messageId: sent.id });
    const retraction = await sam.message((m) => m.retract !== undefined);
    expect(retraction.retract).toBe(reflected);
    expect(retraction.apply_to).toMatchObject({ id: sent.id });
    // Our reflected correction and retraction change nothing more (each applied once).
    await eventually(() => ann.h.store.messageEdits.outgoing(ann.account.id).length === 0);
    expect(stored(ann, sent.id)).toMatchObject({ body: '', edited: null });
    expect(roomMessages(ann, room).map((m) => m.body)).toEqual(['hello all', '', '']);
  }, 90_000);

  it('the same nick after a rejoin, another occupant, and a moderation claimed by an occupant change nothing', async () => {
    const { ann, room, sam } = await roomWithSam();
    await sam.run({ do: 'send', to: room, type: 'groupchat', body: 'my words', id: 'h1' });
    const original = await byBody(ann, room, 'my words');
    const { peer: eve } = await peerFor(`eve${n}`);
    await eve.run({ do: 'join', room, nick: 'Eve' });
    // Another occupant, live.
    await eve.run({
      do: 'correct',
      to: room,
      type: 'groupchat',
      body: 'eve was here',
      id: 'e1',
      replace: 'h1',
    });
    await eve.run({ do: 'retract', to: room, type: 'groupchat', target: 'h1' });
    // A moderation broadcast faked by an occupant: it comes from room/Eve, not from the room.
    await eve.run({
      do: 'raw',
      xml:
        `<message to='${room}' type='groupchat' id='e2'><apply-to id='${original.stanzaId}' ` +
        `xmlns='urn:xmpp:fasten:0'><moderated by='${room}/Ann' xmlns='urn:xmpp:message-moderate:0'>` +
        `<retract xmlns='urn:xmpp:message-retract:0'/></moderated></apply-to></message>`,
    });
    await eve.run({ do: 'send', to: room, type: 'groupchat', body: 'eve done', id: 'e3' });
    await byBody(ann, room, 'eve done');
    // Eve copies the id of Sam's next message: Sam's correction still finds his own.
    await sam.run({ do: 'send', to: room, type: 'groupchat', body: 'sam speaks', id: 'k1' });
    await byBody(ann, room, 'sam speaks');
    await eve.run({ do: 'send', to: room, type: 'groupchat', body: 'eve copies', id: 'k1' });
    await byBody(ann, room, 'eve copies');
    await sam.run({
      do: 'correct',
      to: room,
      type: 'groupchat',
      body: 'sam spoke',
      id: 'k2',
      replace: 'k1',
    });
    await byBody(ann, room, 'sam spoke');
    // Sam leaves; Mallory takes the nick and "corrects" and retracts Sam's message.
    const left = ann.h.waitFor('room.occupants', (e) => e.removed.includes('Sam'));
    sam.kill();
    await left;
    const { peer: mallory } = await peerFor(`mallory${n}`);
    await mallory.run({ do: 'join', room, nick: 'Sam' });
    await mallory.run({
      do: 'correct',
      to: room,
      type: 'groupchat',
      body: 'forged',
      id: 'x1',
      replace: 'h1',
    });
    await mallory.run({ do: 'retract', to: room, type: 'groupchat', target: 'h1' });
    await mallory.run({ do: 'send', to: room, type: 'groupchat', body: 'mallory done', id: 'x2' });
    await byBody(ann, room, 'mallory done');

    expect(stored(ann, original.id)).toMatchObject({
      body: 'my words',
      edited: null,
      retracted: null,
    });
    expect(roomMessages(ann, room).map((m) => m.body)).toEqual([
      'my words',
      'eve done',
      'sam spoke',
      'eve copies',
      'mallory done',
    ]);
  }, 90_000);

  it('moderation both ways: Parley removes an occupant’s message with a reason; slixmpp as moderator removes Ann’s', async () => {
    const { ann, room, sam } = await roomWithSam();
    await sam.run({ do: 'send', to: room, type: 'groupchat', body: 'spam spam', id: 'm1' });
    const spam = await byBody(ann, room, 'spam spam');
    await ann.h.call('rooms.moderate', {
      accountId: ann.account.id,
      room,
      messageId: spam.id,
      reason: 'no spam here',
    });
    const tomb = await eventually(() => {
      const m = stored(ann, spam.id);
      return m?.retracted ? m : undefined;
    });
    expect(tomb).toMatchObject({
      body: '',
      retracted: { by: `${room}/Ann`, moderated: true, reason: 'no spam here' },
    });
    // (slixmpp reports only messages with a body, so the room's broadcast is not seen there.)

    // Sam made moderator; he removes Ann's message through slixmpp's own XEP-0425 plugin.
    await ann.h.call('rooms.setRole', {
      accountId: ann.account.id,
      room,
      nick: 'Sam',
      role: 'moderator',
      reason: '',
    });
    const sent = await ann.h.call('messages.send', {
      accountId: ann.account.id,
      peer: room,
      body: 'Ann oversteps',
    });
    const seen = await sam.message((m) => m.body === 'Ann oversteps');
    const roomId = (seen.stanza_ids as Array<{ id: string; by: string }>).find(
      (s) => s.by === room,
    )?.id;
    expect(roomId).toBeTruthy();
    await sam.run({ do: 'moderate', room, target: roomId, reason: 'calm down' });
    await eventually(() => stored(ann, sent.id)?.retracted?.moderated === true);
    expect(stored(ann, sent.id)).toMatchObject({
      body: '',
      retracted: { by: `${room}/Sam`, reason: 'calm down' },
    });
  }, 90_000);
});
