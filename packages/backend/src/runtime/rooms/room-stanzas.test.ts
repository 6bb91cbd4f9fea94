import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDirectInvite, jid, openMessage, xml, type Element, type Session } from '@parley/xmpp';
import { newAccount, openTempStore, type TempStore } from '../../../../store/src/test-support.js';
import { EventBus } from '../../event-bus.js';
import { testScope } from '../../test-support/scope.js';
import { ArchivePages } from '../archive-pages.js';
import { MessagePipeline } from '../message-pipeline.js';
import { StanzaRouter } from '../stanza-router.js';
import { Rooms } from './rooms.js';
import { MAX_INVITATIONS, MAX_STRANGER_INVITATIONS } from './room-stanzas.js';

const OWN = 'a@example.org';
const FRIEND = 'friend@example.org';
const NS_STATES = 'http://jabber.org/protocol/chatstates';

let temp: TempStore;
let rooms: Rooms;
let router: StanzaRouter;
let events: Array<{ name: string; payload: unknown }>;
const session = { send: () => Promise.resolve() } as unknown as Session;

beforeEach(() => {
  temp = openTempStore();
  temp.store.accounts.insert(newAccount('a'));
  temp.store.contacts.upsert('a', {
    jid: FRIEND,
    name: '',
    groups: [],
    subscription: 'both',
    askSubscribe: false,
  });
  const bus = new EventBus(true);
  events = [];
  bus.subscribe((name, payload) => events.push({ name, payload }));
  const scope = testScope(temp.store, 'a', OWN, bus);
  const pipeline = new MessagePipeline(scope);
  rooms = new Rooms(scope, pipeline, new ArchivePages(scope, pipeline));
  router = new StanzaRouter((stanza) => openMessage(stanza, { own: jid(OWN) }));
  rooms.register(router);
});
afterEach(() => temp.dispose());

/** As the account routes a stanza: opened once, to the rooms' handlers. */
const route = (stanza: Element) => router.route(session, stanza);
const turn = () => new Promise((done) => setImmediate(done));
const named = (name: string) => events.filter((e) => e.name === name);

function invite(from: string, room: string): Element {
  const el = buildDirectInvite({ to: OWN, room });
  el.attrs.from = `${from}/x`;
  return el;
}

describe('invitations', () => {
  it('keeps a bounded number from strangers, and still takes those of contacts', () => {
    for (let i = 0; i < 10_000; i++) {
      route(invite(`s${i}@evil.example`, `r${i}@muc.evil.example`));
    }
    expect(rooms.invitations.size).toBe(MAX_STRANGER_INVITATIONS);
    expect(named('invitation.received')).toHaveLength(MAX_STRANGER_INVITATIONS);
    route(invite(FRIEND, 'party@muc.example.org'));
    expect(rooms.invitations.get('party@muc.example.org')?.from).toBe(FRIEND);
    // A contact's invitation to a room a stranger invited us to replaces it.
    route(invite(FRIEND, 'r0@muc.evil.example'));
    expect(rooms.invitations.get('r0@muc.evil.example')?.from).toBe(FRIEND);
    // ... but not the other way round, and a repeated one is not announced again.
    const before = named('invitation.received').length;
    for (let i = 0; i < 100; i++) {
      route(invite(`t${i}@evil.example`, 'party@muc.example.org'));
    }
    expect(rooms.invitations.get('party@muc.example.org')?.from).toBe(FRIEND);
    expect(named('invitation.received')).toHaveLength(before);
    // The contact's invitation to r0 freed one stranger's place, answering one (as
    // invitations.answer deletes it) another; then strangers are full again.
    rooms.invitations.delete('r1@muc.evil.example');
    for (const who of ['late', 'later', 'latest']) {
      route(invite(`${who}@evil.example`, `${who}@muc.evil.example`));
    }
    expect(rooms.invitations.has('late@muc.evil.example')).toBe(true);
    expect(rooms.invitations.has('later@muc.evil.example')).toBe(true);
    expect(rooms.invitations.has('latest@muc.evil.example')).toBe(false);
  });

  it('keeps at most MAX_INVITATIONS in all', () => {
    for (let i = 0; i < MAX_INVITATIONS + 50; i++) {
      route(invite(FRIEND, `r${i}@muc.example.org`));
    }
    expect(rooms.invitations.size).toBe(MAX_INVITATIONS);
  });
});

describe('typing in a room', () => {
  it('is shown for present occupants only, one event per occupant and turn', async () => {
    const room = 'lounge@muc.example.org';
    temp.store.rooms.upsert('a', room, { nick: 'me' }, { nick: 'me', joined: true });
    const live = rooms.liveRoom(room);
    live.state = 'joined';
    live.occupants.set('bob', {
      nick: 'bob',
      jid: null,
      role: 'participant',
      affiliation: 'none',
      show: 'available',
      status: '',
    });
    const typing = (nick: string, state: string) =>
      xml(
        'message',
        { from: `${room}/${nick}`, to: OWN, type: 'groupchat' },
        xml(state, { xmlns: NS_STATES }),
      );
    for (let i = 0; i < 1_000; i++) route(typing(`ghost${i}`, 'composing'));
    for (let i = 0; i < 1_000; i++) {
      route(typing('bob', i % 2 ? 'paused' : 'composing'));
    }
    await turn();
    expect(named('chatState.changed').map((e) => e.payload)).toEqual([
      { accountId: 'a', peer: room, state: 'paused', nick: 'bob' },
    ]);
  });
});

describe('errors from a room', () => {
  const room = 'lounge@muc.example.org';
  const NS_STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';
  const bounce = (from: string, id: string, condition: string) =>
    xml(
      'message',
      { from, to: OWN, type: 'error', id },
      xml('error', { type: 'auth' }, xml(condition, { xmlns: NS_STANZAS })),
    );
  const joined = () => {
    temp.store.rooms.upsert('a', room, { nick: 'me' }, { nick: 'me', joined: true });
    rooms.liveRoom(room).state = 'joined';
  };

  it('answers a pending subject change with the refusal in words, and only from its room', async () => {
    joined();
    let sentId = '';
    const sending = {
      send: (el: Element) => {
        sentId = el.attrs.id as string;
        return Promise.resolve();
      },
    } as unknown as Session;
    const change = rooms.setSubject(sending, room, 'tea');
    change.catch(() => {});
    await turn();
    // Another room naming our id answers nothing.
    router.route(session, bounce('other@muc.example.org', sentId, 'forbidden'));
    expect(rooms.subjects.size).toBe(1);
    router.route(session, bounce(room, sentId, 'forbidden'));
    await expect(change).rejects.toMatchObject({
      code: 'failed',
      message: 'Only moderators may change the subject here.',
    });
    expect(rooms.subjects.size).toBe(0);
    expect(named('room.notice')).toEqual([]);
  });

  it('turns an error naming nothing of ours into a room notice in words', () => {
    joined();
    route(bounce(room, 'unknown-id', 'not-acceptable'));
    expect(named('room.notice').map((e) => e.payload)).toEqual([
      expect.objectContaining({
        room,
        kind: 'error',
        nick: '',
        value: 'The room refused a request: you are not in this room any more.',
      }),
    ]);
  });

  it('answers a subject change once the room shows the new subject', async () => {
    joined();
    const change = rooms.setSubject(session, room, 'tea at five');
    await turn();
    route(
      xml(
        'message',
        { from: `${room}/me`, to: OWN, type: 'groupchat' },
        xml('subject', {}, 'tea at five'),
      ),
    );
    await expect(change).resolves.toBeUndefined();
    expect(temp.store.rooms.get('a', room)?.subject).toBe('tea at five');
    // The same subject again: nothing to change, nothing sent, nothing to wait for.
    const sent: Element[] = [];
    const recording = { send: (el: Element) => sent.push(el) } as unknown as Session;
    await expect(rooms.setSubject(recording, room, 'tea at five')).resolves.toBeUndefined();
    expect(sent).toEqual([]);
    expect(rooms.subjects.size).toBe(0);
  });
});
