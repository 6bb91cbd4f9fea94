import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDirectInvite, xml, type Element, type Session } from '@parley/xmpp';
import { newAccount, openTempStore, type TempStore } from '../../../../store/src/test-support.js';
import { EventBus } from '../../event-bus.js';
import { testScope } from '../../test-support/scope.js';
import { ArchivePages } from '../archive-pages.js';
import { MessagePipeline } from '../message-pipeline.js';
import { Rooms } from './rooms.js';
import { MAX_INVITATIONS, MAX_STRANGER_INVITATIONS } from './room-stanzas.js';

const OWN = 'a@example.org';
const FRIEND = 'friend@example.org';
const NS_STATES = 'http://jabber.org/protocol/chatstates';

let temp: TempStore;
let rooms: Rooms;
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
});
afterEach(() => temp.dispose());

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
      rooms.handleStanza(session, invite(`s${i}@evil.example`, `r${i}@muc.evil.example`));
    }
    expect(rooms.invitations.size).toBe(MAX_STRANGER_INVITATIONS);
    expect(named('invitation.received')).toHaveLength(MAX_STRANGER_INVITATIONS);
    rooms.handleStanza(session, invite(FRIEND, 'party@muc.example.org'));
    expect(rooms.invitations.get('party@muc.example.org')?.from).toBe(FRIEND);
    // A contact's invitation to a room a stranger invited us to replaces it.
    rooms.handleStanza(session, invite(FRIEND, 'r0@muc.evil.example'));
    expect(rooms.invitations.get('r0@muc.evil.example')?.from).toBe(FRIEND);
    // ... but not the other way round, and a repeated one is not announced again.
    const before = named('invitation.received').length;
    for (let i = 0; i < 100; i++) {
      rooms.handleStanza(session, invite(`t${i}@evil.example`, 'party@muc.example.org'));
    }
    expect(rooms.invitations.get('party@muc.example.org')?.from).toBe(FRIEND);
    expect(named('invitation.received')).toHaveLength(before);
    // The contact's invitation to r0 freed one stranger's place, answering one (as
    // invitations.answer deletes it) another; then strangers are full again.
    rooms.invitations.delete('r1@muc.evil.example');
    for (const who of ['late', 'later', 'latest']) {
      rooms.handleStanza(session, invite(`${who}@evil.example`, `${who}@muc.evil.example`));
    }
    expect(rooms.invitations.has('late@muc.evil.example')).toBe(true);
    expect(rooms.invitations.has('later@muc.evil.example')).toBe(true);
    expect(rooms.invitations.has('latest@muc.evil.example')).toBe(false);
  });

  it('keeps at most MAX_INVITATIONS in all', () => {
    for (let i = 0; i < MAX_INVITATIONS + 50; i++) {
      rooms.handleStanza(session, invite(FRIEND, `r${i}@muc.example.org`));
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
    for (let i = 0; i < 1_000; i++) rooms.handleStanza(session, typing(`ghost${i}`, 'composing'));
    for (let i = 0; i < 1_000; i++) {
      rooms.handleStanza(session, typing('bob', i % 2 ? 'paused' : 'composing'));
    }
    await turn();
    expect(named('chatState.changed').map((e) => e.payload)).toEqual([
      { accountId: 'a', peer: room, state: 'paused', nick: 'bob' },
    ]);
  });
});
