import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../stanza.js';
import {
  buildJoinPresence,
  buildLeavePresence,
  buildNickChange,
  MAX_STATUS_CODES,
  occupantJid,
  parseMucPresence,
  removalReason,
  type MucPresence,
} from './muc.js';

const p = (s: string) => parseXml(s)!;

describe('join, leave and nick change', () => {
  it('joins with no history by default (MAM fills it)', () => {
    expect(
      buildJoinPresence({ room: 'Coven@Chat.Shakespeare.lit', nick: 'thirdwitch' }).toString(),
    ).toBe(
      `<presence to="coven@chat.shakespeare.lit/thirdwitch"><x xmlns="http://jabber.org/protocol/muc"><history maxstanzas="0"/></x></presence>`,
    );
  });

  it('joins with a password, history since, show, status and caps', () => {
    const caps = xml('c', { xmlns: 'http://jabber.org/protocol/caps', ver: 'v' });
    const el = buildJoinPresence({
      room: 'coven@chat.shakespeare.lit/ignored',
      nick: 'Third Witch',
      password: 'cauldronburn',
      since: Date.UTC(1970, 0, 1, 0, 0, 0),
      show: 'away',
      status: 'brewing',
      caps,
    });
    expect(el.attrs.to).toBe('coven@chat.shakespeare.lit/Third Witch');
    expect(el.getChildText('show')).toBe('away');
    expect(el.getChildText('status')).toBe('brewing');
    const x = el.getChild('x', 'http://jabber.org/protocol/muc')!;
    expect(x.getChild('history')!.attrs).toEqual({ since: '1970-01-01T00:00:00.000Z' });
    expect(x.getChildText('password')).toBe('cauldronburn');
    expect(el.getChild('c')).toBe(caps);
    expect(
      buildJoinPresence({ room: 'a@b', nick: 'n', maxStanzas: 20.7 })
        .getChild('x')!
        .getChild('history')!.attrs.maxstanzas,
    ).toBe('20');
    expect(
      buildJoinPresence({ room: 'a@b', nick: 'n', maxStanzas: -5, password: null })
        .getChild('x')!
        .toString(),
    ).toBe('<x xmlns="http://jabber.org/protocol/muc"><history maxstanzas="0"/></x>');
  });

  it('refuses nicks that make no valid occupant JID', () => {
    expect(() => buildJoinPresence({ room: 'a@b', nick: '' })).toThrow(TypeError);
    expect(() => buildJoinPresence({ room: 'a@b', nick: 'x'.repeat(10_000) })).toThrow(TypeError);
    expect(() => buildJoinPresence({ room: 'a@b', nick: 'bell\u0007' })).toThrow(TypeError);
    expect(() => buildJoinPresence({ room: 'not a jid', nick: 'n' })).toThrow(TypeError);
    expect(occupantJid('a@b', 'x/y').toString()).toBe('a@b/x/y');
  });

  it('leaves and changes nick', () => {
    expect(buildLeavePresence('coven@chat.shakespeare.lit', 'thirdwitch', 'bye').toString()).toBe(
      `<presence to="coven@chat.shakespeare.lit/thirdwitch" type="unavailable"><status>bye</status></presence>`,
    );
    expect(buildLeavePresence('coven@chat.shakespeare.lit', 'w').children).toHaveLength(0);
    expect(buildNickChange('coven@chat.shakespeare.lit', 'oldhag').toString()).toBe(
      `<presence to="coven@chat.shakespeare.lit/oldhag"/>`,
    );
  });
});

const selfPresence = `<presence xmlns='jabber:client' from='coven@chat.shakespeare.lit/thirdwitch'
    to='hag66@shakespeare.lit/pda' id='n13mt3l'>
  <show>dnd</show><status>Stirring</status>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='owner' role='moderator' jid='Hag66@Shakespeare.lit/pda'/>
    <status code='100'/><status code='110'/><status code='201'/>
  </x>
</presence>`;

describe('parseMucPresence', () => {
  it('parses our own presence on creating a room', () => {
    expect(parseMucPresence(p(selfPresence))).toEqual({
      room: 'coven@chat.shakespeare.lit',
      nick: 'thirdwitch',
      type: 'available',
      show: 'dnd',
      status: 'Stirring',
      role: 'moderator',
      affiliation: 'owner',
      jid: 'hag66@shakespeare.lit/pda',
      statusCodes: [100, 110, 201],
      self: true,
      newNick: null,
      actor: null,
      reason: null,
      destroyed: null,
      error: null,
      hasMucUser: true,
    } satisfies MucPresence);
  });

  it('treats unknown roles, affiliations and shows as none/available; missing x is flagged', () => {
    const el = p(`<presence from='room@muc.example/nick'><show>sleepy</show>
      <x xmlns='http://jabber.org/protocol/muc#user'><item role='god' affiliation='emperor' jid='not a jid'/></x></presence>`);
    expect(parseMucPresence(el)).toMatchObject({
      show: 'available',
      role: 'none',
      affiliation: 'none',
      jid: null,
      hasMucUser: true,
    });
    const plain = parseMucPresence(p(`<presence from='room@muc.example/nick'/>`))!;
    expect(plain).toMatchObject({ role: 'none', affiliation: 'none', hasMucUser: false });
  });

  it('reports a nick change (303) with the new nick', () => {
    const el = p(`<presence from='coven@chat.shakespeare.lit/thirdwitch' type='unavailable'>
      <x xmlns='http://jabber.org/protocol/muc#user'>
        <item affiliation='member' nick='oldhag' role='participant'/>
        <status code='303'/><status code='110'/></x></presence>`);
    expect(parseMucPresence(el)).toMatchObject({
      type: 'unavailable',
      show: 'offline',
      newNick: 'oldhag',
      self: true,
    });
    expect(removalReason(parseMucPresence(el)!)).toBeNull();
    // Without 303, or with a nick that is no valid resource, there is no new nick.
    const bad = xml(
      'presence',
      { from: 'a@b/c', type: 'unavailable' },
      xml(
        'x',
        { xmlns: 'http://jabber.org/protocol/muc#user' },
        xml('item', { nick: 'bell\u0007' }),
        xml('status', { code: '303' }),
      ),
    );
    expect(parseMucPresence(bad)!.newNick).toBeNull();
  });

  it('reads kicks, bans and their actors and reasons', () => {
    const kick = parseMucPresence(
      p(`<presence from='harfleur@chat.shakespeare.lit/pistol' type='unavailable'>
        <x xmlns='http://jabber.org/protocol/muc#user'>
          <item affiliation='none' role='none'><actor nick='Fluellen'/><reason>Avaunt, you cullion!</reason></item>
          <status code='110'/><status code='307'/></x></presence>`),
    )!;
    expect(kick).toMatchObject({ actor: 'Fluellen', reason: 'Avaunt, you cullion!', role: 'none' });
    expect(removalReason(kick)).toBe('kicked');
    const ban = parseMucPresence(
      p(`<presence from='harfleur@chat.shakespeare.lit/pistol' type='unavailable'>
        <x xmlns='http://jabber.org/protocol/muc#user'>
          <item affiliation='outcast' role='none'><actor jid='Fluellen@Chat.Shakespeare.lit'/></item>
          <status code='301'/><status code='110'/></x></presence>`),
    )!;
    expect(ban.actor).toBe('fluellen@chat.shakespeare.lit');
    expect(removalReason(ban)).toBe('banned');
  });

  it('reads a destroyed room with its alternate', () => {
    const el = p(`<presence from='heath@chat.shakespeare.lit/firstwitch' type='unavailable'>
      <x xmlns='http://jabber.org/protocol/muc#user'>
        <item affiliation='none' role='none'/>
        <destroy jid='Coven@Chat.Shakespeare.lit'><reason>Macbeth doth come.</reason></destroy>
        <status code='110'/></x></presence>`);
    const parsed = parseMucPresence(el)!;
    expect(parsed.destroyed).toEqual({
      reason: 'Macbeth doth come.',
      alternate: 'coven@chat.shakespeare.lit',
    });
    expect(removalReason(parsed)).toBe('destroyed');
    const bad =
      p(`<presence from='a@b/c' type='unavailable'><x xmlns='http://jabber.org/protocol/muc#user'>
      <destroy jid='room@b/withresource'/></x></presence>`);
    expect(parseMucPresence(bad)!.destroyed).toEqual({ reason: null, alternate: null });
  });

  it('names removals: affiliation change, members-only, shutdown, technical', () => {
    const base = parseMucPresence(p(selfPresence))!;
    const as = (codes: number[], type: MucPresence['type'] = 'unavailable') =>
      removalReason({ ...base, type, statusCodes: [110, ...codes] });
    expect(as([321])).toBe('removed');
    expect(as([322])).toBe('removed');
    expect(as([332])).toBe('removed');
    expect(as([333])).toBe('removed');
    expect(as([])).toBeNull();
    expect(as([307], 'available')).toBeNull();
    expect(
      removalReason({ ...base, type: 'unavailable', self: false, statusCodes: [307] }),
    ).toBeNull();
  });

  it('maps join errors, also from the bare room JID', () => {
    const el = p(`<presence from='coven@chat.shakespeare.lit/thirdwitch' type='error'>
      <x xmlns='http://jabber.org/protocol/muc'/>
      <error by='coven@chat.shakespeare.lit' type='cancel'>
        <conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
        <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Nick taken</text></error></presence>`);
    expect(parseMucPresence(el)).toMatchObject({
      type: 'error',
      show: 'offline',
      nick: 'thirdwitch',
      error: { code: 'nickname-in-use', condition: 'conflict', text: 'Nick taken' },
    });
    const bare = p(`<presence from='coven@chat.shakespeare.lit' type='error'><error type='auth'>
      <registration-required xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>`);
    expect(parseMucPresence(bare)).toMatchObject({
      nick: '',
      error: { code: 'members-only', condition: 'registration-required' },
    });
  });

  it('returns null for what is no occupant presence', () => {
    for (const s of [
      `<message from='a@b/c'/>`,
      `<presence from='coven@chat.shakespeare.lit'/>`, // bare room, not an error
      `<presence from='chat.shakespeare.lit/nick'/>`, // no room localpart
      `<presence from='a@b/c' type='subscribe'/>`,
      `<presence from='a@b/c' type='probe'/>`,
      `<presence/>`,
      `<presence from='a@b@c/d'/>`,
    ]) {
      expect(parseMucPresence(p(s)), s).toBeNull();
    }
  });
});

describe('hostile presences', () => {
  it('returns null (does not throw) for 10 KB nicks and control characters', () => {
    const long = xml('presence', { from: `room@muc.example/${'n'.repeat(10_000)}` });
    expect(parseMucPresence(long)).toBeNull();
    const multibyte = xml('presence', { from: `room@muc.example/${'é'.repeat(600)}` });
    expect(parseMucPresence(multibyte)).toBeNull(); // 1200 bytes > 1023
    expect(parseMucPresence(xml('presence', { from: 'room@muc.example/a\u0000b' }))).toBeNull();
  });

  it('keeps bidi nicks raw (they are addresses); displayNick cleans them for the UI', () => {
    const nick = 'evil\u202Egnp.exe';
    expect(parseMucPresence(xml('presence', { from: `room@muc.example/${nick}` }))!.nick).toBe(
      nick,
    );
  });

  it('returns forged status codes as sent: the caller checks 110 against its own nick', () => {
    const forged = parseMucPresence(
      p(`<presence from='room@muc.example/mallory'><x xmlns='http://jabber.org/protocol/muc#user'>
        <item role='moderator'/><status code='110'/></x></presence>`),
    )!;
    expect(forged).toMatchObject({ nick: 'mallory', self: true });
  });

  it('filters, dedupes and caps status codes, and caps texts', () => {
    const codes = [
      '110',
      '110',
      'abc',
      '99',
      '1000',
      '0110',
      '-110',
      ' 110',
      '1e2',
      '',
      '307',
      ...Array.from({ length: 200 }, (_, i) => String(400 + i)),
    ];
    const el = xml(
      'presence',
      { from: 'room@muc.example/n', type: 'unavailable' },
      xml('status', {}, 's'.repeat(50_000)),
      xml(
        'x',
        { xmlns: 'http://jabber.org/protocol/muc#user' },
        xml(
          'item',
          {},
          xml('reason', {}, 'r'.repeat(50_000)),
          xml('actor', { nick: 'a'.repeat(5000) }),
        ),
        codes.map((code) => xml('status', { code })),
      ),
    );
    const parsed = parseMucPresence(el)!;
    expect(parsed.statusCodes.slice(0, 3)).toEqual([110, 307, 400]);
    expect(parsed.statusCodes).toHaveLength(MAX_STATUS_CODES);
    expect(parsed.status).toHaveLength(1024);
    expect(parsed.reason).toHaveLength(4096);
    expect(parsed.actor).toHaveLength(1024);
  });

  it('stays fast on a presence with 100,000 children', () => {
    const el = xml(
      'presence',
      { from: 'room@muc.example/n' },
      xml(
        'x',
        { xmlns: 'http://jabber.org/protocol/muc#user' },
        Array.from({ length: 100_000 }, () => xml('status', { code: '110' })),
      ),
    );
    expect(parseMucPresence(el)!.statusCodes).toEqual([110]);
  });
});
