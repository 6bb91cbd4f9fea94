import { describe, expect, it } from 'vitest';
import { parseXml } from '../stanza.js';
import { parseDiscoInfo, type DiscoInfo } from './disco.js';
import { isMucService, parseRoomInfo, toPublicRoom } from './room-info.js';

const info = (s: string): DiscoInfo => parseDiscoInfo(parseXml(s)!)!;

// What Prosody 0.12 answers for a room (muc.lib.lua, name.lib.lua, muc_mam).
const prosodyRoom = info(`<iq type='result' from='coven@conference.localhost'>
  <query xmlns='http://jabber.org/protocol/disco#info'>
    <identity category='conference' type='text' name='The Coven'/>
    <feature var='http://jabber.org/protocol/muc'/>
    <feature var='http://jabber.org/protocol/muc#stable_id'/>
    <feature var='http://jabber.org/protocol/muc#self-ping-optimization'/>
    <feature var='muc_public'/><feature var='muc_persistent'/><feature var='muc_open'/>
    <feature var='muc_unmoderated'/><feature var='muc_passwordprotected'/><feature var='muc_semianonymous'/>
    <feature var='urn:xmpp:mam:2'/>
    <x xmlns='jabber:x:data' type='result'>
      <field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/muc#roominfo</value></field>
      <field var='muc#roomconfig_roomname'><value>The Coven</value></field>
      <field var='muc#roominfo_description'><value>Witches only</value></field>
      <field var='muc#roominfo_occupants'><value>3</value></field>
      <field var='muc#roominfo_subject'><value>Double, double toil</value></field>
    </x>
  </query></iq>`);

describe('room info', () => {
  it('reads a room as Prosody describes it', () => {
    expect(parseRoomInfo(prosodyRoom)).toEqual({
      name: 'The Coven',
      description: 'Witches only',
      occupants: 3,
      subject: 'Double, double toil',
      features: {
        public: true,
        persistent: true,
        membersOnly: false,
        moderated: false,
        passwordProtected: true,
        nonAnonymous: false,
        archived: true,
      },
      isRoom: true,
      avatarHash: null,
    });
  });

  it('reads the room avatar hash (XEP-0486), also under Prosody 0.12 mod_vcard_muc’s field name', () => {
    const HASH = 'a'.repeat(38) + 'B9';
    const withField = (field: string) =>
      info(`<iq type='result'><query xmlns='http://jabber.org/protocol/disco#info'>
        <identity category='conference' type='text'/><feature var='http://jabber.org/protocol/muc'/>
        <x xmlns='jabber:x:data' type='result'>
          <field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/muc#roominfo</value></field>
          ${field}
        </x></query></iq>`);
    const xep = withField(
      `<field var='muc#roominfo_avatarhash' type='text-multi'><value>nonsense</value><value> ${HASH} </value></field>`,
    );
    expect(parseRoomInfo(xep).avatarHash).toBe(HASH.toLowerCase());
    const prosody = withField(
      `<field var='{http://modules.prosody.im/mod_vcard_muc}avatar#sha1' type='text-single'><value>${HASH}</value></field>`,
    );
    expect(parseRoomInfo(prosody).avatarHash).toBe(HASH.toLowerCase());
    // The field with no value: the room has no avatar. No field, or only junk: it says nothing.
    expect(parseRoomInfo(withField(`<field var='muc#roominfo_avatarhash'/>`)).avatarHash).toBe('');
    expect(parseRoomInfo(withField('')).avatarHash).toBeNull();
    expect(
      parseRoomInfo(withField(`<field var='muc#roominfo_avatarhash'><value>../etc</value></field>`))
        .avatarHash,
    ).toBeNull();
    // The hash in a form of another FORM_TYPE is not the room's.
    const other = info(`<iq type='result'><query xmlns='http://jabber.org/protocol/disco#info'>
      <x xmlns='jabber:x:data' type='result'>
        <field var='FORM_TYPE' type='hidden'><value>urn:evil</value></field>
        <field var='muc#roominfo_avatarhash'><value>${HASH}</value></field></x></query></iq>`);
    expect(parseRoomInfo(other).avatarHash).toBeNull();
  });

  it('falls back to the form name, then nothing; rejects bad occupant counts', () => {
    const r = info(`<iq type='result'><query xmlns='http://jabber.org/protocol/disco#info'>
      <identity category='conference' type='text'/>
      <feature var='http://jabber.org/protocol/muc'/><feature var='muc_membersonly'/><feature var='muc_nonanonymous'/>
      <x xmlns='jabber:x:data' type='result'>
        <field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/muc#roominfo</value></field>
        <field var='muc#roomconfig_roomname'><value>Form Name</value></field>
        <field var='muc#roominfo_occupants'><value>-1</value></field>
      </x></query></iq>`);
    const parsed = parseRoomInfo(r);
    expect(parsed).toMatchObject({
      name: 'Form Name',
      description: '',
      occupants: null,
      subject: null,
    });
    expect(parsed.features).toMatchObject({
      membersOnly: true,
      nonAnonymous: true,
      archived: false,
    });
    const bare = parseRoomInfo({ identities: [], features: [], forms: [] });
    expect(bare).toMatchObject({ name: '', occupants: null, isRoom: false });
    // A roominfo-looking field in a form of another FORM_TYPE is not read.
    const other = info(`<iq type='result'><query xmlns='http://jabber.org/protocol/disco#info'>
      <x xmlns='jabber:x:data' type='result'>
        <field var='FORM_TYPE' type='hidden'><value>urn:evil</value></field>
        <field var='muc#roominfo_occupants'><value>5</value></field></x></query></iq>`);
    expect(parseRoomInfo(other).occupants).toBeNull();
  });

  it('recognizes a MUC service', () => {
    const service = info(`<iq type='result'><query xmlns='http://jabber.org/protocol/disco#info'>
      <identity category='conference' type='text' name='Chatrooms'/>
      <feature var='http://jabber.org/protocol/muc'/></query></iq>`);
    expect(isMucService(service)).toBe(true);
    const irc = info(`<iq type='result'><query xmlns='http://jabber.org/protocol/disco#info'>
      <identity category='conference' type='irc'/><feature var='http://jabber.org/protocol/muc'/></query></iq>`);
    expect(isMucService(irc)).toBe(false);
    const noFeature = info(`<iq type='result'><query xmlns='http://jabber.org/protocol/disco#info'>
      <identity category='conference' type='text'/></query></iq>`);
    expect(isMucService(noFeature)).toBe(false);
  });

  it('makes a room browser row', () => {
    const item = { jid: 'coven@conference.localhost', name: 'coven', node: null };
    expect(toPublicRoom(item)).toEqual({
      jid: 'coven@conference.localhost',
      name: 'coven',
      description: '',
      occupants: null,
      membersOnly: false,
      passwordProtected: false,
    });
    expect(toPublicRoom(item, prosodyRoom)).toMatchObject({
      name: 'The Coven',
      occupants: 3,
      passwordProtected: true,
    });
  });
});
