import type { Message, Room } from '@parley/contract';
import { startProsody, type TestServer } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login as loginOn, type Device } from './test-support/accounts.js';
import { eventually, type Harness } from './test-support/harness.js';

let server: TestServer;
const opened: Harness[] = [];
let n = 0;

async function user(prefix: string): Promise<Device> {
  const local = `${prefix}${++n}`;
  await server.createUser(local, `${local}-pw`);
  return loginOn(server, opened, local);
}

const roomJid = (name: string) => `${name}${++n}@${server.mucDomain}`;

async function create(d: Device, room: string, nick: string): Promise<Room> {
  const created = await d.h.call('rooms.create', { accountId: d.account.id, room, nick });
  expect(created).toMatchObject({ state: 'joined', ownAffiliation: 'owner' });
  return created;
}

function join(d: Device, room: string, nick: string) {
  return d.h.call('rooms.join', { accountId: d.account.id, room, nick, password: null });
}

beforeAll(async () => {
  server = await startProsody();
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
});

describe('room errors reach the user', () => {
  it('a subject change the room refuses is an error in words; an accepted one is answered once shown', async () => {
    const mod = await user('rem');
    const guest = await user('reg');
    const room = roomJid('topic');
    await create(mod, room, 'Mod');
    // Prosody's default: only moderators may change the subject.
    const joined = await join(guest, room, 'Guest');
    expect(joined).toMatchObject({ ownRole: 'participant', canSetSubject: false });

    const refused = await guest.h.raw('rooms.setSubject', {
      accountId: guest.account.id,
      room,
      subject: 'my topic',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'failed' } });
    expect(refused.ok ? '' : refused.error.message).toMatch(
      /^Only moderators may change the subject here\./,
    );
    // Neither side sees the refused subject, and no notice claims it changed.
    expect(guest.h.store.rooms.get(guest.account.id, room)?.subject).toBe('');
    expect(
      guest.h.events.some(
        (e) => e.name === 'room.notice' && (e.payload as { kind: string }).kind === 'subject',
      ),
    ).toBe(false);

    // The moderator's change is answered once the room reflected it: stored by then.
    await mod.h.call('rooms.setSubject', { accountId: mod.account.id, room, subject: 'Agreed' });
    expect(mod.h.store.rooms.get(mod.account.id, room)?.subject).toBe('Agreed');
    await eventually(() => guest.h.store.rooms.get(guest.account.id, room)?.subject === 'Agreed');
  });

  it('a visitor’s message refused in a moderated room is marked failed with the reason', async () => {
    const owner = await user('rmo');
    const visitor = await user('rmv');
    const room = roomJid('moderated');
    await owner.h.call('rooms.create', {
      accountId: owner.account.id,
      room,
      nick: 'Owner',
      instant: false,
    });
    await owner.h.call('rooms.getConfig', { accountId: owner.account.id, room });
    await owner.h.call('rooms.submitConfig', {
      accountId: owner.account.id,
      room,
      values: { 'muc#roomconfig_moderatedroom': ['1'] },
    });
    const joined = await join(visitor, room, 'Vis');
    expect(joined).toMatchObject({ state: 'joined', ownRole: 'visitor' });

    const sent = await visitor.h.call('messages.send', {
      accountId: visitor.account.id,
      peer: room,
      body: 'may I speak?',
    });
    const failed = await visitor.h.waitFor(
      'message.updated',
      (m: Message) => m.id === sent.id && m.status === 'failed',
    );
    expect(failed.error).toMatch(/^You may not speak in this room now/);
    expect(visitor.h.store.messages.get(visitor.account.id, sent.id)?.status).toBe('failed');
    // Shown again with its reason when the timeline is reloaded.
    const page = await visitor.h.call('messages.page', {
      accountId: visitor.account.id,
      peer: room,
      before: null,
      limit: 10,
    });
    expect(page.messages.find((m) => m.id === sent.id)).toMatchObject({
      status: 'failed',
      error: failed.error,
    });
    // The owner never saw it.
    const ownerSaw = owner.h.store.messages
      .page(owner.account.id, room, { beforeId: null, limit: 10 })
      .messages.some((m) => m.body === 'may I speak?');
    expect(ownerSaw).toBe(false);

    // A visitor may not change the subject either: refused in words, not reported as done.
    const subject = await visitor.h.raw('rooms.setSubject', {
      accountId: visitor.account.id,
      room,
      subject: 'x',
    });
    expect(subject.ok ? '' : subject.error.message).toMatch(/^You have no voice in this room/);
  });
});
