import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../stanza.js';
import {
  buildDirectInvite,
  buildMediatedDecline,
  buildMediatedInvite,
  parseDecline,
  parseInvitation,
} from './muc-invite.js';

const USER = 'http://jabber.org/protocol/muc#user';
const p = (s: string) => parseXml(s)!;

describe('building invitations', () => {
  it('builds a XEP-0249 direct invitation', () => {
    expect(
      buildDirectInvite({
        to: 'hecate@shakespeare.lit',
        room: 'Darkcave@macbeth.shakespeare.lit/nick',
        reason: 'Hey Hecate, this is the place for all good witches!',
        password: 'cauldronburn',
        id: 'i1',
      }).toString(),
    ).toBe(
      `<message to="hecate@shakespeare.lit" id="i1"><x xmlns="jabber:x:conference" jid="darkcave@macbeth.shakespeare.lit" reason="Hey Hecate, this is the place for all good witches!" password="cauldronburn"/></message>`,
    );
    expect(buildDirectInvite({ to: 'a@b', room: 'r@c', password: null }).toString()).toBe(
      `<message to="a@b"><x xmlns="jabber:x:conference" jid="r@c"/></message>`,
    );
    expect(() => buildDirectInvite({ to: 'a@b', room: 'bad room' })).toThrow(TypeError);
  });

  it('builds mediated invitations and declines', () => {
    expect(
      buildMediatedInvite({
        room: 'coven@chat.shakespeare.lit',
        to: 'hecate@shakespeare.lit',
        reason: 'Hey',
      }).toString(),
    ).toBe(
      `<message to="coven@chat.shakespeare.lit"><x xmlns="${USER}"><invite to="hecate@shakespeare.lit"><reason>Hey</reason></invite></x></message>`,
    );
    expect(
      buildMediatedDecline({
        room: 'coven@chat.shakespeare.lit',
        to: 'crone1@shakespeare.lit',
      }).toString(),
    ).toBe(
      `<message to="coven@chat.shakespeare.lit"><x xmlns="${USER}"><decline to="crone1@shakespeare.lit"/></x></message>`,
    );
  });
});

describe('parseInvitation', () => {
  it('reads a mediated invitation (XEP-0045 example 58)', () => {
    const el =
      p(`<message from='coven@chat.shakespeare.lit' id='nzd143v8' to='hecate@shakespeare.lit'>
      <x xmlns='${USER}'>
        <invite from='crone1@shakespeare.lit/desktop'><reason>Hey Hecate, this is the place for all good witches!</reason></invite>
        <password>cauldronburn</password>
      </x></message>`);
    expect(parseInvitation(el)).toEqual({
      mode: 'mediated',
      room: 'coven@chat.shakespeare.lit',
      from: 'crone1@shakespeare.lit',
      reason: 'Hey Hecate, this is the place for all good witches!',
      password: 'cauldronburn',
    });
  });

  it('keeps the occupant JID of an inviter the room hides the real JID of', () => {
    const el = p(`<message from='coven@chat.shakespeare.lit' to='hecate@shakespeare.lit'>
      <x xmlns='${USER}'><invite from='coven@chat.shakespeare.lit/Crone'/></x></message>`);
    expect(parseInvitation(el)).toMatchObject({
      mode: 'mediated',
      from: 'coven@chat.shakespeare.lit/Crone',
    });
  });

  it('reads a direct invitation', () => {
    const el = p(`<message from='Crone1@shakespeare.lit/desktop' to='hecate@shakespeare.lit'>
      <x xmlns='jabber:x:conference' jid='Darkcave@macbeth.shakespeare.lit' password='cauldronburn' reason='Hey'/></message>`);
    expect(parseInvitation(el)).toEqual({
      mode: 'direct',
      room: 'darkcave@macbeth.shakespeare.lit',
      from: 'crone1@shakespeare.lit',
      reason: 'Hey',
      password: 'cauldronburn',
    });
    const minimal = p(
      `<message from='a@b/c'><x xmlns='jabber:x:conference' jid='r@muc.b'/></message>`,
    );
    expect(parseInvitation(minimal)).toMatchObject({ reason: '', password: null });
  });

  it('rejects malformed invitations and invalid JIDs', () => {
    for (const s of [
      // mediated: from is not a bare room JID, invite from invalid or missing
      `<message from='coven@chat.shakespeare.lit/nick'><x xmlns='${USER}'><invite from='a@b'/></x></message>`,
      `<message from='chat.shakespeare.lit'><x xmlns='${USER}'><invite from='a@b'/></x></message>`,
      `<message from='coven@chat.shakespeare.lit'><x xmlns='${USER}'><invite from='a@b@c'/></x></message>`,
      `<message from='coven@chat.shakespeare.lit'><x xmlns='${USER}'><invite/></x></message>`,
      // direct: room with a resource, without a localpart, invalid; no sender
      `<message from='a@b/c'><x xmlns='jabber:x:conference' jid='room@muc/res'/></message>`,
      `<message from='a@b/c'><x xmlns='jabber:x:conference' jid='muc.example'/></message>`,
      `<message from='a@b/c'><x xmlns='jabber:x:conference' jid='x y@z'/></message>`,
      `<message from='a@b/c'><x xmlns='jabber:x:conference'/></message>`,
      `<message><x xmlns='jabber:x:conference' jid='r@muc'/></message>`,
      `<message from='not valid@'><x xmlns='jabber:x:conference' jid='r@muc'/></message>`,
      // wrong types and plain messages
      `<message from='a@b/c' type='error'><x xmlns='jabber:x:conference' jid='r@muc'/></message>`,
      `<message from='r@muc/c' type='groupchat'><x xmlns='jabber:x:conference' jid='r@muc'/></message>`,
      `<message from='a@b/c'><body>hi</body></message>`,
      `<presence from='a@b/c'><x xmlns='jabber:x:conference' jid='r@muc'/></presence>`,
    ]) {
      expect(parseInvitation(p(s)), s).toBeNull();
    }
  });

  it('caps hostile reasons and passwords', () => {
    const el = xml(
      'message',
      { from: 'a@b/c' },
      xml('x', {
        xmlns: 'jabber:x:conference',
        jid: 'r@muc',
        reason: 'r'.repeat(100_000),
        password: 'p'.repeat(5000),
      }),
    );
    const inv = parseInvitation(el)!;
    expect(inv.reason).toHaveLength(4096);
    expect(inv.password).toHaveLength(1024);
  });

  it('prefers the mediated form when a message carries both', () => {
    const el = p(`<message from='coven@chat.shakespeare.lit'>
      <x xmlns='${USER}'><invite from='crone1@shakespeare.lit'/></x>
      <x xmlns='jabber:x:conference' jid='other@chat.shakespeare.lit'/></message>`);
    expect(parseInvitation(el)).toMatchObject({
      mode: 'mediated',
      room: 'coven@chat.shakespeare.lit',
    });
  });
});

describe('parseDecline', () => {
  it('reads a decline passed on by the room', () => {
    const el =
      p(`<message from='coven@chat.shakespeare.lit' id='jk2vs61v' to='crone1@shakespeare.lit/desktop'>
      <x xmlns='${USER}'><decline from='Hecate@shakespeare.lit'><reason>Sorry, I'm too busy right now.</reason></decline></x></message>`);
    expect(parseDecline(el)).toEqual({
      room: 'coven@chat.shakespeare.lit',
      from: 'hecate@shakespeare.lit',
      reason: "Sorry, I'm too busy right now.",
    });
    expect(parseInvitation(el)).toBeNull();
  });

  it('rejects declines from non-rooms or without a valid decliner', () => {
    for (const s of [
      `<message from='coven@chat.shakespeare.lit/x'><x xmlns='${USER}'><decline from='a@b'/></x></message>`,
      `<message from='coven@chat.shakespeare.lit'><x xmlns='${USER}'><decline from='@@'/></x></message>`,
      `<message from='coven@chat.shakespeare.lit'><x xmlns='${USER}'><decline/></x></message>`,
      `<message from='coven@chat.shakespeare.lit'><x xmlns='${USER}'/></message>`,
    ]) {
      expect(parseDecline(p(s)), s).toBeNull();
    }
  });
});
