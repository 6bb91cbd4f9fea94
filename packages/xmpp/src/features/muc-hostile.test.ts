// A hostile-stanza corpus for the group chat modules, in the style of hostile.test.ts: seeded
// mutations of valid stanzas through every parser. Asserts that nothing throws and that the
// invariants the session relies on hold for whatever a parser accepts.
import { describe, expect, it } from 'vitest';
import { mutate, rng, type Mutations } from '../test-support/mutate-stanza.js';
import { jid, parseJid, parseXml } from '../stanza.js';
import { parseBookmarkItems, parseBookmarkNotification } from './bookmarks.js';
import { parseDataForm } from './data-forms.js';
import { parseDiscoInfo } from './disco.js';
import { parseDiscoItems } from './disco-items.js';
import { parseMucPresence, removalReason } from './muc.js';
import { isMucPrivateMessage, parseGroupchatMessage } from './muc-message.js';
import { parseAffiliationList } from './muc-admin.js';
import { parseConfigForm } from './muc-config.js';
import { parseDecline, parseInvitation } from './muc-invite.js';
import { parsePrivateBookmarks } from './private-bookmarks.js';
import { parseRoomInfo } from './room-info.js';

const own = jid('juliet@capulet.lit');
const U = 'http://jabber.org/protocol/muc#user';

const seeds = [
  `<presence from='coven@chat.shakespeare.lit/thirdwitch'><x xmlns='${U}'><item affiliation='owner' role='moderator' jid='hag66@shakespeare.lit/pda'><actor nick='a'/><reason>r</reason></item><status code='110'/><status code='303'/></x></presence>`,
  `<presence from='heath@chat.shakespeare.lit/w' type='unavailable'><x xmlns='${U}'><item nick='new'/><destroy jid='coven@chat.shakespeare.lit'><reason>x</reason></destroy><status code='110'/><status code='307'/></x></presence>`,
  `<presence from='coven@chat.shakespeare.lit/n' type='error'><error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>`,
  `<message from='coven@chat.shakespeare.lit/second' type='groupchat' id='m'><body>b</body><subject>s</subject><stanza-id xmlns='urn:xmpp:sid:0' id='s' by='coven@chat.shakespeare.lit'/><x xmlns='${U}'><status code='104'/></x></message>`,
  `<message from='coven@chat.shakespeare.lit'><x xmlns='${U}'><invite from='crone1@shakespeare.lit'><reason>r</reason></invite><password>p</password></x></message>`,
  `<message from='crone1@shakespeare.lit/desktop'><x xmlns='jabber:x:conference' jid='darkcave@macbeth.shakespeare.lit' reason='r' password='p'/></message>`,
  `<message from='coven@chat.shakespeare.lit'><x xmlns='${U}'><decline from='hecate@shakespeare.lit'><reason>no</reason></decline></x></message>`,
  `<message from='juliet@capulet.lit' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:bookmarks:1'><item id='r@muc.lit'><conference xmlns='urn:xmpp:bookmarks:1' autojoin='true'><nick>n</nick></conference></item><retract id='x@muc.lit'/></items></event></message>`,
  `<iq type='result'><pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:xmpp:bookmarks:1'><item id='r@muc.lit'><conference xmlns='urn:xmpp:bookmarks:1' name='n'/></item></items></pubsub></iq>`,
  `<iq type='result'><query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'><conference jid='r@muc.lit' autojoin='1'><nick>n</nick></conference></storage></query></iq>`,
  `<iq type='result'><query xmlns='http://jabber.org/protocol/disco#items'><item jid='r@muc.lit' name='n'/></query></iq>`,
  `<iq type='result'><query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='outcast' jid='a@b'><reason>r</reason></item></query></iq>`,
  `<iq type='result'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='form'><field var='a' type='boolean'><value>1</value><option label='l'><value>v</value></option></field></x></query></iq>`,
  `<iq type='result'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='conference' type='text' name='n'/><feature var='http://jabber.org/protocol/muc'/><x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roominfo</value></field><field var='muc#roominfo_occupants'><value>3</value></field></x></query></iq>`,
];

const hostileValues = [
  '',
  'juliet@capulet.lit',
  'mallory@evil.example',
  'juliet@capulet.lit/evil',
  'coven@chat.shakespeare.lit',
  'a@b@c',
  '\u0000',
  'x'.repeat(5000),
  `room@muc.lit/${'n'.repeat(3000)}`,
  'room@muc.lit/\u202Egnp.exe',
  '110',
  'JULIET@CAPULET.LIT',
];

const MUTATIONS: Mutations = {
  values: hostileValues,
  namespaces: ['urn:evil', 'jabber:client', U, 'jabber:x:conference', 'urn:xmpp:bookmarks:1'],
};

const isBareRoom = (text: string) => {
  const j = parseJid(text);
  return j !== null && !!j.local && !j.resource;
};

describe('group chat hostile corpus', () => {
  it('no parser throws, and accepted results keep their invariants', () => {
    const random = rng(20240717);
    let accepted = 0;
    for (let round = 0; round < 4000; round++) {
      const stanza = parseXml(seeds[round % seeds.length]!)!;
      mutate(stanza, random, MUTATIONS);
      const from = stanza.attrs.from;
      const fromOwn = from === undefined || from.toLowerCase() === 'juliet@capulet.lit';
      const run = () => {
        const presence = parseMucPresence(stanza);
        if (presence) {
          accepted++;
          expect(isBareRoom(presence.room)).toBe(true);
          expect(new TextEncoder().encode(presence.nick).length).toBeLessThanOrEqual(1023);
          expect(presence.statusCodes.every((c) => c >= 100 && c <= 999)).toBe(true);
          removalReason(presence);
        }
        const message = parseGroupchatMessage(stanza);
        if (message) expect(isBareRoom(message.room)).toBe(true);
        isMucPrivateMessage(stanza);
        const invitation = parseInvitation(stanza);
        if (invitation) {
          accepted++;
          expect(isBareRoom(invitation.room)).toBe(true);
          expect(parseJid(invitation.from)?.resource ?? null).toBeFalsy();
        }
        const decline = parseDecline(stanza);
        if (decline) expect(isBareRoom(decline.room)).toBe(true);
        const notification = parseBookmarkNotification(stanza, own);
        if (notification) {
          accepted++;
          expect(fromOwn).toBe(true);
          for (const b of notification.published) expect(isBareRoom(b.jid)).toBe(true);
        }
        for (const b of [...parseBookmarkItems(stanza), ...parsePrivateBookmarks(stanza)]) {
          expect(isBareRoom(b.jid)).toBe(true);
        }
        for (const item of parseDiscoItems(stanza)) expect(parseJid(item.jid)).not.toBeNull();
        for (const item of parseAffiliationList(stanza)) expect(parseJid(item.jid)).not.toBeNull();
        parseConfigForm(stanza);
        parseDataForm(stanza);
        for (const child of stanza.getChildElements()) parseDataForm(child);
        const info = parseDiscoInfo(stanza);
        if (info) parseRoomInfo(info);
      };
      expect(run, stanza.toString().slice(0, 300)).not.toThrow();
    }
    expect(accepted).toBeGreaterThan(100);
  });
});
