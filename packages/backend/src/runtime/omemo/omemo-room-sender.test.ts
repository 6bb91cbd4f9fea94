import { describe, expect, it } from 'vitest';
import { parseMucPresence, parseXml, type Element } from '@parley/xmpp';
import { RoomLive } from '../rooms/room-live.js';
import { archivedOf, envelopeOf } from '../../test-support/envelope.js';
import { OmemoRoomMembers } from './omemo-room-members.js';
import { roomSenderOf, type RoomSenderContext } from './omemo-room-sender.js';

const ROOM = 'team@conference.example.org';
const ME = 'me@example.org';
const FEATURES = {
  public: false,
  persistent: true,
  membersOnly: true,
  moderated: false,
  passwordProtected: false,
  nonAnonymous: true,
  archived: true,
};

function xml(text: string): Element {
  const el = parseXml(text);
  if (!el) throw new Error(`bad xml: ${text}`);
  return el;
}

/** A room with occupant ids (or not), Ann present with her real JID, us as "Me". */
function setUp(occupantIds = true) {
  const live = new RoomLive(ROOM);
  live.state = 'joined';
  live.info = { name: '', description: '', features: FEATURES, occupantsMayChangeSubject: false };
  live.info.occupantIds = occupantIds;
  live.ownOccupantId = 'my-id';
  const rooms = { live: new Map([[ROOM, live]]) };
  const members = new OmemoRoomMembers(rooms, ME);
  const ctx: RoomSenderContext = { rooms, members, ownJid: ME, ownNick: () => 'Me' };
  const presence = (nick: string, real: string | null, id: string | null) => {
    const stanza = xml(
      `<presence from="${ROOM}/${nick}"><x xmlns="http://jabber.org/protocol/muc#user">` +
        `<item affiliation="member" role="participant"${real ? ` jid="${real}/phone"` : ''}/></x>` +
        (id ? `<occupant-id xmlns="urn:xmpp:occupant-id:0" id="${id}"/>` : '') +
        `</presence>`,
    );
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
  return { live, ctx, presence };
}

function groupchat(nick: string, extra = ''): Element {
  return xml(
    `<message type="groupchat" from="${ROOM}/${nick}" to="${ME}/desk" id="m1">` +
      `<encrypted xmlns="urn:xmpp:omemo:2"/>${extra}</message>`,
  );
}

const occupantId = (id: string) => `<occupant-id xmlns="urn:xmpp:occupant-id:0" id="${id}"/>`;
const realJid = (jid: string) =>
  `<x xmlns="http://jabber.org/protocol/muc#user"><item jid="${jid}" affiliation="member"/></x>`;

describe('who sent an encrypted room message', () => {
  it('a live message: by occupant id where the room stamps them, else by the nick', () => {
    const { ctx, presence } = setUp();
    presence('Ann', 'ann@example.org', 'ann-id');
    expect(roomSenderOf(envelopeOf(groupchat('Ann', occupantId('ann-id')), ME), ctx)).toBe(
      'ann@example.org',
    );
    // After a nick change the id still names Ann.
    expect(roomSenderOf(envelopeOf(groupchat('Annie', occupantId('ann-id')), ME), ctx)).toBe(
      'ann@example.org',
    );
    expect(roomSenderOf(envelopeOf(groupchat('Ann'), ME), ctx)).toBe('ann@example.org');
  });

  it('our own message: ours by our occupant id or our nick', () => {
    const { ctx } = setUp();
    expect(roomSenderOf(envelopeOf(groupchat('Other', occupantId('my-id')), ME), ctx)).toBe(ME);
    expect(roomSenderOf(envelopeOf(groupchat('Me'), ME), ctx)).toBe(ME);
  });

  it('never trusts occupant ids in a room that does not stamp them', () => {
    const { ctx, presence } = setUp(false);
    presence('Ann', 'ann@example.org', 'ann-id');
    presence('Mal', 'mal@example.org', null);
    // Mal claims Ann's id: the room does not stamp ids, so Mal's nick decides.
    expect(roomSenderOf(envelopeOf(groupchat('Mal', occupantId('ann-id')), ME), ctx)).toBe(
      'mal@example.org',
    );
  });

  it('an occupant whose real JID the room hides (or who is gone) is unknown', () => {
    const { ctx, presence } = setUp();
    presence('Anon', null, null);
    expect(roomSenderOf(envelopeOf(groupchat('Anon'), ME), ctx)).toBeNull();
    expect(roomSenderOf(envelopeOf(groupchat('Gone'), ME), ctx)).toBeNull();
  });

  it('the join history is not mapped by nick (a nick then may have been someone else)', () => {
    const { ctx, presence } = setUp();
    presence('Ann', 'ann@example.org', null);
    const delayed = `<delay xmlns="urn:xmpp:delay" from="${ROOM}" stamp="2026-01-01T00:00:00Z"/>`;
    expect(roomSenderOf(envelopeOf(groupchat('Ann', delayed), ME), ctx)).toBeNull();
  });

  it("the archive: the room's one <x><item jid>, never a second one an occupant added", () => {
    const { ctx } = setUp();
    const one = archivedOf(groupchat('Bob', realJid('bob@example.org/laptop')), ME, 'a1', 0);
    expect(roomSenderOf(one, ctx)).toBe('bob@example.org');
    const forged = archivedOf(
      groupchat('Bob', realJid('victim@example.org') + realJid('bob@example.org')),
      ME,
      'a2',
      0,
    );
    expect(roomSenderOf(forged, ctx)).toBeNull();
    // A live message's <x> is the sender's to write: not used.
    expect(roomSenderOf(envelopeOf(groupchat('Bob', realJid('bob@example.org')), ME), ctx)).toBe(
      null,
    );
  });

  it('the archive: a departed occupant by the id a presence told earlier', () => {
    const { ctx, presence, live } = setUp();
    presence('Cat', 'cat@example.org', 'cat-id');
    live.occupants.delete('Cat');
    const archived = archivedOf(groupchat('Cat', occupantId('cat-id')), ME, 'a3', 0);
    expect(roomSenderOf(archived, ctx)).toBe('cat@example.org');
  });
});
