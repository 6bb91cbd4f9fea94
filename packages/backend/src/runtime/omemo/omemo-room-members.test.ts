import { describe, expect, it } from 'vitest';
import { parseMucPresence, parseXml, xml, type Element } from '@parley/xmpp';
import { RoomLive } from '../rooms/room-live.js';
import { AFFILIATIONS_FRESH_MS, MAX_ROOM_MEMBERS, OmemoRoomMembers } from './omemo-room-members.js';

const ROOM = 'team@conference.example.org';
const ME = 'me@example.org';
const NS_ADMIN = 'http://jabber.org/protocol/muc#admin';

/** A room service answering the affiliation lists from `lists` (a missing list: forbidden). */
function service(lists: Partial<Record<'owner' | 'admin' | 'member', string[]>>) {
  const asked: string[] = [];
  const send = (iq: Element): Promise<Element> => {
    const affiliation = iq.getChild('query', NS_ADMIN)?.getChild('item')?.attrs.affiliation as
      'owner' | 'admin' | 'member';
    asked.push(affiliation);
    const jids = lists[affiliation];
    if (!jids) return Promise.reject(new Error('forbidden'));
    const items = jids.map((jid) => xml('item', { jid, affiliation }));
    return Promise.resolve(
      xml('iq', { type: 'result', from: ROOM }, xml('query', { xmlns: NS_ADMIN }, ...items)),
    );
  };
  return { send, asked };
}

function setUp() {
  const live = new RoomLive(ROOM);
  live.state = 'joined';
  let now = 1_000;
  const members = new OmemoRoomMembers({ live: new Map([[ROOM, live]]) }, ME, () => now);
  const occupant = (nick: string, real: string | null, affiliation = 'member') => {
    const stanza = parseXml(
      `<presence from="${ROOM}/${nick}"><x xmlns="http://jabber.org/protocol/muc#user">` +
        `<item affiliation="${affiliation}" role="participant"${real ? ` jid="${real}"` : ''}/>` +
        `</x></presence>`,
    )!;
    const p = parseMucPresence(stanza)!;
    live.occupants.set(nick, {
      nick,
      jid: p.jid,
      role: p.role,
      affiliation: p.affiliation,
      show: p.show,
      status: p.status,
    });
    members.notePresence(ROOM, stanza, p);
  };
  return { live, members, occupant, later: (ms: number) => (now += ms) };
}

describe("a private room's members, by real JID", () => {
  it('are the occupants and the owner, admin and member lists, without us', async () => {
    const { members, occupant } = setUp();
    occupant('Me', `${ME}/desk`, 'owner');
    occupant('Guest', 'guest@example.org/phone', 'none');
    occupant('Anon', null);
    const { send } = service({
      owner: [ME],
      admin: ['adam@example.org'],
      member: ['bob@example.org', 'offline@example.org', 'conference.example.org'],
    });
    expect(await members.members(send, ROOM)).toEqual([
      'adam@example.org',
      'bob@example.org',
      'guest@example.org',
      'offline@example.org',
    ]);
  });

  it('a list the room refuses counts as empty: the occupants are what is known', async () => {
    const { members, occupant } = setUp();
    occupant('Bob', 'bob@example.org/x');
    const { send } = service({});
    expect(await members.members(send, ROOM)).toEqual(['bob@example.org']);
  });

  it('reads the lists again after an affiliation change or when stale, not before', async () => {
    const { members, occupant, later } = setUp();
    const lists = { member: ['bob@example.org'] };
    const { send, asked } = service(lists);
    await members.members(send, ROOM);
    await members.members(send, ROOM);
    expect(asked).toHaveLength(3);
    // Carol becomes a member while in the room: her presence says so.
    occupant('Carol', 'carol@example.org/x', 'none');
    await members.members(send, ROOM);
    expect(asked).toHaveLength(3);
    occupant('Carol', 'carol@example.org/x', 'member');
    lists.member.push('carol@example.org');
    await members.members(send, ROOM);
    expect(asked).toHaveLength(6);
    // Announced by the room for someone not in it.
    members.invalidate(ROOM);
    await members.members(send, ROOM);
    expect(asked).toHaveLength(9);
    later(AFFILIATIONS_FRESH_MS + 1);
    await members.members(send, ROOM);
    expect(asked).toHaveLength(12);
  });

  it('stops counting past the bound (the sender refuses such a room)', async () => {
    const { members } = setUp();
    const many = Array.from({ length: MAX_ROOM_MEMBERS + 50 }, (_, i) => `u${i}@example.org`);
    const { send } = service({ member: many });
    expect((await members.members(send, ROOM)).length).toBe(MAX_ROOM_MEMBERS + 1);
  });
});
