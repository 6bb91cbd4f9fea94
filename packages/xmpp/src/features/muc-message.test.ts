import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../stanza.js';
import { MAX_BODY } from './chat.js';
import { stanzaIdBy } from './stanza-ids.js';
import {
  buildGroupchatMessage,
  buildMucPrivateMessage,
  buildSubjectMessage,
  isMucPrivateMessage,
  parseGroupchatMessage,
} from './muc-message.js';

const p = (s: string) => parseXml(s)!;

describe('parseGroupchatMessage', () => {
  it('reads an occupant typing (XEP-0085 §5.5), without a body', () => {
    const el = p(`<message xmlns='jabber:client' from='coven@chat.shakespeare.lit/firstwitch'
        type='groupchat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>`);
    expect(parseGroupchatMessage(el)).toMatchObject({
      nick: 'firstwitch',
      body: null,
      chatState: 'composing',
    });
  });

  it('parses an occupant message with the room-assigned stanza-id', () => {
    const el = p(`<message xmlns='jabber:client' from='coven@chat.shakespeare.lit/secondwitch'
        to='hag66@shakespeare.lit/pda' type='groupchat' id='m1'>
      <body>Fillet of a fenny snake</body>
      <origin-id xmlns='urn:xmpp:sid:0' id='o1'/>
      <stanza-id xmlns='urn:xmpp:sid:0' id='forged' by='hag66@shakespeare.lit'/>
      <stanza-id xmlns='urn:xmpp:sid:0' id='s1' by='coven@chat.shakespeare.lit'/>
    </message>`);
    const m = parseGroupchatMessage(el)!;
    expect(m).toEqual({
      room: 'coven@chat.shakespeare.lit',
      nick: 'secondwitch',
      id: 'm1',
      originId: 'o1',
      stanzaIds: [
        { id: 'forged', by: 'hag66@shakespeare.lit' },
        { id: 's1', by: 'coven@chat.shakespeare.lit' },
      ],
      body: 'Fillet of a fenny snake',
      bodyTruncated: false,
      subject: null,
      delay: null,
      statusCodes: [],
      chatState: null,
      isError: false,
      errorCondition: null,
      errorText: null,
    });
    expect(stanzaIdBy(m, m.room)).toBe('s1');
  });

  it('gives null nick to messages from the room itself (never an occupant)', () => {
    const el = p(`<message from='coven@chat.shakespeare.lit' type='groupchat'>
      <body>This room is now non-anonymous</body>
      <x xmlns='http://jabber.org/protocol/muc#user'><status code='172'/><status code='104'/></x></message>`);
    expect(parseGroupchatMessage(el)).toMatchObject({ nick: null, statusCodes: [172, 104] });
  });

  it("tells an empty subject ('' clears it) from no subject, and reads history delays", () => {
    const subject = p(`<message from='coven@chat.shakespeare.lit/secondwitch' type='groupchat'>
      <subject>Fire Burn and Cauldron Bubble!</subject>
      <delay xmlns='urn:xmpp:delay' from='coven@chat.shakespeare.lit' stamp='2002-10-13T23:58:37Z'/></message>`);
    expect(parseGroupchatMessage(subject)).toMatchObject({
      subject: 'Fire Burn and Cauldron Bubble!',
      body: null,
      delay: Date.UTC(2002, 9, 13, 23, 58, 37),
    });
    const cleared = p(
      `<message from='coven@chat.shakespeare.lit' type='groupchat'><subject/></message>`,
    );
    expect(parseGroupchatMessage(cleared)!.subject).toBe('');
  });

  it('truncates huge bodies', () => {
    const el = xml(
      'message',
      { from: 'a@b/c', type: 'groupchat' },
      xml('body', {}, 'x'.repeat(MAX_BODY + 5)),
    );
    expect(parseGroupchatMessage(el)).toMatchObject({ bodyTruncated: true });
    expect(parseGroupchatMessage(el)!.body).toHaveLength(MAX_BODY);
  });

  it('reads bounces of our room messages from the bare room JID', () => {
    const el = p(`<message from='coven@chat.shakespeare.lit' type='error' id='m9'>
      <body>hi</body><error type='modify'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
      <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>You are not in the room</text></error></message>`);
    expect(parseGroupchatMessage(el)).toMatchObject({
      id: 'm9',
      nick: null,
      isError: true,
      errorCondition: 'not-acceptable',
      errorText: 'You are not in the room',
    });
  });

  it('returns null for other messages, wrappers and invalid senders', () => {
    for (const s of [
      `<message from='a@b/c' type='chat'><body>x</body></message>`,
      `<message from='a@b/c'><body>x</body></message>`,
      `<message from='a@b/c' type='error'><body>x</body></message>`, // PM bounce, not ours
      `<message from='muc.example/c' type='groupchat'><body>x</body></message>`,
      `<message type='groupchat'><body>x</body></message>`,
      `<message from='a@b/c' type='groupchat'><result xmlns='urn:xmpp:mam:2'/></message>`,
      `<presence from='a@b/c' type='groupchat'/>`,
    ]) {
      expect(parseGroupchatMessage(p(s)), s).toBeNull();
    }
  });
});

describe('private messages', () => {
  it('recognizes a MUC PM but not invitations or declines', () => {
    const pm = (x: string, type = 'chat') =>
      p(`<message from='a@b/c' type='${type}'><body>x</body>${x}</message>`);
    expect(isMucPrivateMessage(pm(`<x xmlns='http://jabber.org/protocol/muc#user'/>`))).toBe(true);
    expect(
      isMucPrivateMessage(pm(`<x xmlns='http://jabber.org/protocol/muc#user'/>`, 'normal')),
    ).toBe(true);
    expect(
      isMucPrivateMessage(pm(`<x xmlns='http://jabber.org/protocol/muc#user'/>`, 'groupchat')),
    ).toBe(false);
    expect(isMucPrivateMessage(pm(''))).toBe(false);
    expect(
      isMucPrivateMessage(
        pm(`<x xmlns='http://jabber.org/protocol/muc#user'><invite from='x@y'/></x>`, 'normal'),
      ),
    ).toBe(false);
    expect(
      isMucPrivateMessage(
        pm(`<x xmlns='http://jabber.org/protocol/muc#user'><decline from='x@y'/></x>`, 'normal'),
      ),
    ).toBe(false);
  });
});

describe('message builders', () => {
  it('builds a groupchat message with an origin-id and no receipt request', () => {
    expect(
      buildGroupchatMessage({
        room: 'Coven@chat.shakespeare.lit/x',
        body: 'Hi',
        id: 'i1',
      }).toString(),
    ).toBe(
      `<message to="coven@chat.shakespeare.lit" type="groupchat" id="i1"><body>Hi</body><origin-id xmlns="urn:xmpp:sid:0" id="i1"/></message>`,
    );
    expect(
      buildGroupchatMessage({ room: 'a@b', body: 'x', id: 'i', originId: 'o' }).getChild(
        'origin-id',
      )!.attrs.id,
    ).toBe('o');
  });

  it('builds subject changes', () => {
    expect(buildSubjectMessage('coven@chat.shakespeare.lit', '').toString()).toBe(
      `<message to="coven@chat.shakespeare.lit" type="groupchat"><subject/></message>`,
    );
    expect(buildSubjectMessage('a@b', 'Topic', 's1').attrs.id).toBe('s1');
  });

  it('builds private messages to an occupant only', () => {
    expect(buildMucPrivateMessage({ to: 'a@b/Nick', body: 'psst', id: 'p1' }).toString()).toBe(
      `<message to="a@b/Nick" type="chat" id="p1"><body>psst</body><x xmlns="http://jabber.org/protocol/muc#user"/><origin-id xmlns="urn:xmpp:sid:0" id="p1"/></message>`,
    );
    expect(() => buildMucPrivateMessage({ to: 'a@b', body: 'x', id: 'p' })).toThrow(TypeError);
  });
});
