import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Room } from '@parley/contract';
import { startProsody, type TestServer } from '@parley/testkit';
import { login as loginOn, type Device } from './test-support/accounts.js';
import { eventually, type Harness } from './test-support/harness.js';

let server: TestServer;
const opened: Harness[] = [];
let n = 0;

/** A fresh user logged in on a fresh backend. */
async function user(prefix: string): Promise<Device> {
  const local = `${prefix}${++n}`;
  await server.createUser(local, `${local}-pw`);
  return loginOn(server, opened, local);
}

const roomJid = (name: string) => `${name}${++n}@${server.mucDomain}`;

async function create(d: Device, room: string, nick: string): Promise<Room> {
  const created = await d.h.call('rooms.create', { accountId: d.account.id, room, nick });
  expect(created).toMatchObject({ state: 'joined', ownAffiliation: 'owner', nick });
  return created;
}

function join(d: Device, room: string, nick: string, password: string | null = null) {
  return d.h.call('rooms.join', { accountId: d.account.id, room, nick, password });
}

beforeAll(async () => {
  server = await startProsody();
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
});

describe('joining and talking', () => {
  it('creates a room, joins from a second account and exchanges messages both ways', async () => {
    const ann = await user('ann');
    const bob = await user('bob');
    const room = roomJid('lounge');
    await create(ann, room, 'Ann');

    const seenBob = ann.h.waitFor('room.occupants', (e) =>
      e.upserted.some((o) => o.nick === 'Bob'),
    );
    const joinNotice = ann.h.waitFor('room.notice', (e) => e.kind === 'join' && e.nick === 'Bob');
    const joined = await join(bob, room, 'Bob');
    expect(joined).toMatchObject({ state: 'joined', ownRole: 'participant', nick: 'Bob' });
    await seenBob;
    await joinNotice;
    const occupants = await bob.h.call('rooms.occupants', { accountId: bob.account.id, room });
    expect(occupants.map((o) => o.nick).sort()).toEqual(['Ann', 'Bob']);
    expect(occupants.find((o) => o.nick === 'Ann')).toMatchObject({
      role: 'moderator',
      affiliation: 'owner',
    });

    const sent = await bob.h.call('messages.send', {
      accountId: bob.account.id,
      peer: room,
      body: 'hello Ann',
    });
    // The room reflects it back: it reached the room.
    await eventually(
      () => bob.h.store.messages.get(bob.account.id, sent.id)?.status === 'delivered',
    );
    const got = await eventually(() =>
      ann.h.store.messages
        .page(ann.account.id, room, { beforeId: null, limit: 10 })
        .messages.find((m) => m.body === 'hello Ann'),
    );
    expect(got).toMatchObject({ direction: 'in', resource: 'Bob', peer: room });
    expect(got.stanzaId).not.toBeNull();
    // Ann's nick was mentioned: a mention on her side.
    const conv = await eventually(() => {
      const c = ann.h.store.conversations.get(ann.account.id, room);
      return c && c.unread > 0 ? c : undefined;
    });
    expect(conv).toMatchObject({ kind: 'room', unread: 1, mentions: 1 });

    await ann.h.call('messages.send', { accountId: ann.account.id, peer: room, body: 'hi Bob' });
    await eventually(() =>
      bob.h.store.messages
        .page(bob.account.id, room, { beforeId: null, limit: 10 })
        .messages.some((m) => m.body === 'hi Bob' && m.resource === 'Ann'),
    );
    // Each side holds each message once: the reflection of one's own did not duplicate it.
    const bodies = bob.h.store.messages
      .page(bob.account.id, room, { beforeId: null, limit: 10 })
      .messages.map((m) => m.body);
    expect(bodies).toEqual(['hello Ann', 'hi Bob']);
  });
});

describe('join errors in words', () => {
  it('reports nickname in use with a suggestion, a missing room, a password and members-only', async () => {
    const owner = await user('own');
    const guest = await user('gst');
    const room = roomJid('errs');
    await create(owner, room, 'Taken');

    const clash = await join(guest, room, 'Taken');
    expect(clash.state).toBe('error');
    expect(clash.error?.code).toBe('nickname-in-use');
    expect(clash.error?.message).toMatch(/nickname/i);
    expect(clash.suggestedNick).toBeTruthy();
    expect(clash.suggestedNick).not.toBe('Taken');
    const retry = await join(guest, room, clash.suggestedNick!);
    expect(retry.state).toBe('joined');
    await guest.h.call('rooms.leave', { accountId: guest.account.id, room });

    const missing = await join(guest, roomJid('nowhere'), 'G');
    expect(missing).toMatchObject({ state: 'error', error: { code: 'not-found' } });

    // Password protect and members-only through the configuration form.
    const form = await owner.h.call('rooms.getConfig', { accountId: owner.account.id, room });
    const vars = form.fields.map((f) => f.var);
    expect(vars).toContain('muc#roomconfig_roomsecret');
    await owner.h.call('rooms.submitConfig', {
      accountId: owner.account.id,
      room,
      values: {
        'muc#roomconfig_passwordprotectedroom': ['1'],
        'muc#roomconfig_roomsecret': ['s3cret'],
      },
    });
    const noPassword = await join(guest, room, 'G');
    expect(noPassword).toMatchObject({ state: 'error', error: { code: 'password-required' } });
    expect(await join(guest, room, 'G', 's3cret')).toMatchObject({ state: 'joined' });
    await guest.h.call('rooms.leave', { accountId: guest.account.id, room });

    await owner.h.call('rooms.submitConfig', {
      accountId: owner.account.id,
      room,
      values: {
        'muc#roomconfig_passwordprotectedroom': ['0'],
        'muc#roomconfig_roomsecret': [''],
        'muc#roomconfig_membersonly': ['1'],
      },
    });
    expect(await join(guest, room, 'G')).toMatchObject({
      state: 'error',
      error: { code: 'members-only' },
    });
    await owner.h.call('rooms.setAffiliation', {
      accountId: owner.account.id,
      room,
      jid: guest.account.jid,
      affiliation: 'member',
    });
    const members = await owner.h.call('rooms.affiliations', {
      accountId: owner.account.id,
      room,
      affiliation: 'member',
    });
    expect(members.map((m) => m.jid)).toEqual([guest.account.jid]);
    const asMember = await join(guest, room, 'G');
    expect(asMember).toMatchObject({ state: 'joined', ownAffiliation: 'member' });
  });

  it('creates a configured room: locked until the form is submitted, then named', async () => {
    const owner = await user('cfg');
    const room = roomJid('configured');
    const created = await owner.h.call('rooms.create', {
      accountId: owner.account.id,
      room,
      nick: 'Boss',
      instant: false,
    });
    expect(created.state).toBe('joined');
    const form = await owner.h.call('rooms.getConfig', { accountId: owner.account.id, room });
    expect(form.fields.find((f) => f.var === 'muc#roomconfig_persistentroom')?.type).toBe(
      'boolean',
    );
    await owner.h.call('rooms.submitConfig', {
      accountId: owner.account.id,
      room,
      values: {
        'muc#roomconfig_roomname': ['Design review'],
        'muc#roomconfig_roomdesc': ['Weekly'],
        'muc#roomconfig_persistentroom': ['1'],
        'muc#roomconfig_moderatedroom': ['1'],
      },
    });
    const after = await eventually(async () => {
      const r = (await owner.h.call('rooms.list', {})).find((x) => x.jid === room);
      return r?.name === 'Design review' ? r : undefined;
    });
    expect(after.features).toMatchObject({ persistent: true, moderated: true });
    expect(after.description).toBe('Weekly');
    // Now anyone can join and sees its name.
    const guest = await user('vis');
    const joined = await join(guest, room, 'V');
    expect(joined).toMatchObject({ state: 'joined', name: 'Design review', ownRole: 'visitor' });

    // The owner destroys it: the guest is told, and it is gone for the owner.
    const told = guest.h.waitFor(
      'room.changed',
      (r) => r.jid === room && r.error?.code === 'destroyed',
    );
    await owner.h.call('rooms.destroy', {
      accountId: owner.account.id,
      room,
      reason: 'done',
      alternate: null,
    });
    await told;
    expect((await owner.h.call('rooms.list', {})).some((r) => r.jid === room)).toBe(false);
  });
});

describe('moderation', () => {
  it('kicks, bans, grants voice, and changes nicknames with notices for everyone', async () => {
    const mod = await user('mod');
    const eve = await user('eve');
    const fay = await user('fay');
    const room = roomJid('mod');
    await create(mod, room, 'Mod');
    await join(eve, room, 'Eve');
    await join(fay, room, 'Fay');

    // Nick change: the notice names old and new, and the occupant list follows.
    const renamed = mod.h.waitFor('room.notice', (e) => e.kind === 'nick' && e.nick === 'Fay');
    const fayView = await fay.h.call('rooms.setNick', {
      accountId: fay.account.id,
      room,
      nick: 'Faye',
    });
    expect(fayView.jid).toBe(room);
    expect((await renamed).value).toBe('Faye');
    await eventually(() => fay.h.store.rooms.get(fay.account.id, room)?.nick === 'Faye');
    await eventually(async () => {
      const list = await mod.h.call('rooms.occupants', { accountId: mod.account.id, room });
      return list.some((o) => o.nick === 'Faye') && !list.some((o) => o.nick === 'Fay');
    });

    // Revoke and grant voice.
    const muted = eve.h.waitFor('room.changed', (r) => r.jid === room && r.ownRole === 'visitor');
    await mod.h.call('rooms.setRole', {
      accountId: mod.account.id,
      room,
      nick: 'Eve',
      role: 'visitor',
      reason: '',
    });
    await muted;
    const voiced = eve.h.waitFor(
      'room.changed',
      (r) => r.jid === room && r.ownRole === 'participant',
    );
    await mod.h.call('rooms.setRole', {
      accountId: mod.account.id,
      room,
      nick: 'Eve',
      role: 'participant',
      reason: '',
    });
    await voiced;

    // Kick: Eve is out with the reason, and may rejoin.
    const kicked = eve.h.waitFor('room.changed', (r) => r.jid === room && r.state === 'error');
    const kickNotice = mod.h.waitFor('room.notice', (e) => e.kind === 'kick' && e.nick === 'Eve');
    await mod.h.call('rooms.setRole', {
      accountId: mod.account.id,
      room,
      nick: 'Eve',
      role: 'none',
      reason: 'cool off',
    });
    const eveView = await kicked;
    expect(eveView.error).toMatchObject({ code: 'kicked' });
    expect(eveView.error?.message).toContain('cool off');
    expect((await kickNotice).reason).toBe('cool off');
    expect(eve.h.store.rooms.get(eve.account.id, room)?.joined).toBe(false);
    expect(await join(eve, room, 'Eve')).toMatchObject({ state: 'joined' });

    // Ban: out, and refused on the way back in.
    const banned = eve.h.waitFor(
      'room.changed',
      (r) => r.jid === room && r.error?.code === 'banned',
    );
    await mod.h.call('rooms.setAffiliation', {
      accountId: mod.account.id,
      room,
      jid: eve.account.jid,
      affiliation: 'outcast',
      reason: 'spam',
    });
    await banned;
    expect(await join(eve, room, 'Eve')).toMatchObject({
      state: 'error',
      error: { code: 'banned' },
    });
    const outcasts = await mod.h.call('rooms.affiliations', {
      accountId: mod.account.id,
      room,
      affiliation: 'outcast',
    });
    expect(outcasts).toEqual([
      expect.objectContaining({ jid: eve.account.jid, affiliation: 'outcast' }),
    ]);

    // A participant may not kick: a clear error.
    const refused = await fay.h.raw('rooms.setRole', {
      accountId: fay.account.id,
      room,
      nick: 'Mod',
      role: 'none',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'failed' } });
    expect(refused.ok ? '' : refused.error.message).toMatch(/not allowed|does not allow/);
  });

  it('changes the subject where allowed and announces it', async () => {
    const mod = await user('sub');
    const guest = await user('sbg');
    const room = roomJid('subject');
    await create(mod, room, 'Mod');
    await join(guest, room, 'G');
    const notice = guest.h.waitFor('room.notice', (e) => e.kind === 'subject');
    await mod.h.call('rooms.setSubject', {
      accountId: mod.account.id,
      room,
      subject: 'Release on Friday',
    });
    expect((await notice).value).toBe('Release on Friday');
    const view = await eventually(async () =>
      (await guest.h.call('rooms.list', {})).find(
        (r) => r.jid === room && r.subject === 'Release on Friday',
      ),
    );
    expect(view.canSetSubject).toBe(false);
    expect((await mod.h.call('rooms.list', {})).find((r) => r.jid === room)?.canSetSubject).toBe(
      true,
    );
  });
});

describe('private messages and invitations', () => {
  it('keeps a private chat with an occupant apart from the room', async () => {
    const ann = await user('pma');
    const bob = await user('pmb');
    const room = roomJid('pm');
    await create(ann, room, 'Ann');
    await join(bob, room, 'Bob');
    const pmPeer = `${room}/Ann`;
    await bob.h.call('conversations.open', { accountId: bob.account.id, peer: pmPeer });
    expect(bob.h.store.conversations.get(bob.account.id, pmPeer)?.kind).toBe('private');
    await bob.h.call('messages.send', { accountId: bob.account.id, peer: pmPeer, body: 'psst' });
    const got = await eventually(
      () =>
        ann.h.store.messages.page(ann.account.id, `${room}/Bob`, { beforeId: null, limit: 5 })
          .messages[0],
    );
    expect(got).toMatchObject({ body: 'psst', direction: 'in' });
    expect(ann.h.store.conversations.get(ann.account.id, `${room}/Bob`)?.kind).toBe('private');
    // Not in the room's timeline (even after asking the room's archive for more), nor a chat
    // with the room or with Bob's real JID.
    // Paging the private chat asks our own archive, which holds the same message: it must
    // land in the private chat again (deduplicated), not in the room.
    const pmPage = await ann.h.call('messages.page', {
      accountId: ann.account.id,
      peer: `${room}/Bob`,
    });
    expect(pmPage.messages.map((m) => m.body)).toEqual(['psst']);
    const roomPage = await ann.h.call('messages.page', { accountId: ann.account.id, peer: room });
    expect(roomPage.messages).toEqual([]);
    expect(ann.h.store.messages.count(ann.account.id, room)).toBe(0);
    expect(ann.h.store.messages.count(ann.account.id, bob.account.jid)).toBe(0);
  });

  it('shows typing in a private room and a private chat, never ours in a public room', async () => {
    const ann = await user('tya');
    const bob = await user('tyb');
    const open = roomJid('public');
    await create(ann, open, 'Ann');
    await join(bob, open, 'Bob');
    const closed = roomJid('private');
    await create(ann, closed, 'Ann');
    await ann.h.call('rooms.submitConfig', {
      accountId: ann.account.id,
      room: closed,
      values: { 'muc#roomconfig_membersonly': ['1'], 'muc#roomconfig_whois': ['anyone'] },
    });
    await ann.h.call('rooms.setAffiliation', {
      accountId: ann.account.id,
      room: closed,
      jid: bob.account.jid,
      affiliation: 'member',
    });
    expect(await join(bob, closed, 'Bob')).toMatchObject({ state: 'joined' });
    const typing = (peer: string, state: 'composing' | 'paused' = 'composing') =>
      bob.h.call('chatStates.send', { accountId: bob.account.id, peer, state });

    // The public room is not told; the private chat through it is (after it, in order).
    await typing(open);
    const inPrivate = ann.h.waitFor(
      'chatState.changed',
      (c) => c.peer === `${open}/Bob` && c.state === 'composing',
    );
    await typing(`${open}/Ann`);
    expect(await inPrivate).toMatchObject({ nick: null });
    // The private room shows who types, by nick.
    const inRoom = ann.h.waitFor('chatState.changed', (c) => c.peer === closed);
    await typing(closed);
    expect(await inRoom).toMatchObject({ state: 'composing', nick: 'Bob' });
    const roomStates = ann.h.events.filter(
      (e) => e.name === 'chatState.changed' && (e.payload as { peer: string }).peer === open,
    );
    expect(roomStates).toEqual([]);
    // Our own typing, reflected by the room, is not shown to us.
    const bobSees = bob.h.waitFor('chatState.changed', (c) => c.peer === closed);
    await ann.h.call('chatStates.send', {
      accountId: ann.account.id,
      peer: closed,
      state: 'paused',
    });
    expect(await bobSees).toMatchObject({ state: 'paused', nick: 'Ann' });
    await typing(closed, 'paused');
    await eventually(() =>
      ann.h.events.some(
        (e) =>
          e.name === 'chatState.changed' && (e.payload as { state: string }).state === 'paused',
      ),
    );
    expect(
      ann.h.events.filter(
        (e) => e.name === 'chatState.changed' && (e.payload as { nick: string }).nick === 'Ann',
      ),
    ).toEqual([]);
  });

  it('sends and answers direct and mediated invitations', async () => {
    const host = await user('inh');
    const guest = await user('ing');
    const room = roomJid('party');
    await create(host, room, 'Host');

    const direct = guest.h.waitFor('invitation.received', (i) => i.room === room);
    await host.h.call('rooms.invite', {
      accountId: host.account.id,
      room,
      jid: guest.account.jid,
      reason: 'come',
      mode: 'direct',
    });
    expect(await direct).toMatchObject({ mode: 'direct', from: host.account.jid, reason: 'come' });
    expect(await guest.h.call('invitations.list', {})).toHaveLength(1);
    const resolved = guest.h.waitFor('invitation.resolved', (i) => i.room === room);
    await guest.h.call('invitations.answer', {
      accountId: guest.account.id,
      room,
      accept: true,
      nick: 'Guest',
    });
    await resolved;
    expect((await guest.h.call('rooms.list', {})).find((r) => r.jid === room)?.state).toBe(
      'joined',
    );
    await guest.h.call('rooms.leave', { accountId: guest.account.id, room });

    const mediated = guest.h.waitFor('invitation.received', (i) => i.room === room);
    await host.h.call('rooms.invite', {
      accountId: host.account.id,
      room,
      jid: guest.account.jid,
      reason: 'again',
      mode: 'mediated',
    });
    // The room hides real JIDs: it names the inviter by occupant JID.
    expect(await mediated).toMatchObject({
      mode: 'mediated',
      from: `${room}/Host`,
      reason: 'again',
    });
    await guest.h.call('invitations.answer', {
      accountId: guest.account.id,
      room,
      accept: false,
      reason: 'busy',
    });
    expect(await guest.h.call('invitations.list', {})).toHaveLength(0);
  });
});
