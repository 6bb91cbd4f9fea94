import { describe, expect, it } from 'vitest';
import { parseRoomAddress, parseXmppUri } from './xmpp-uri';

describe('parseXmppUri', () => {
  it('parses a join URI', () => {
    expect(parseXmppUri('xmpp:room@conference.example.org?join')).toEqual({
      jid: 'room@conference.example.org',
      action: 'join',
      params: {},
    });
  });

  it('parses parameters, percent-encoding and a fragment', () => {
    expect(
      parseXmppUri('  XMPP:caf%C3%A9@muc.example?join;password=s%3Bcret;nick=Zo%C3%AB#frag '),
    ).toEqual({
      jid: 'café@muc.example',
      action: 'join',
      params: { password: 's;cret', nick: 'Zoë' },
    });
  });

  it('skips an authority and keeps a URI without a query', () => {
    expect(parseXmppUri('xmpp://me@example.org/room@muc.example?join')?.jid).toBe(
      'room@muc.example',
    );
    expect(parseXmppUri('xmpp:alice@example.org')).toEqual({
      jid: 'alice@example.org',
      action: null,
      params: {},
    });
  });

  it('rejects what is not an xmpp URI or not a JID', () => {
    expect(parseXmppUri('room@muc.example')).toBeNull();
    expect(parseXmppUri('https://example.org')).toBeNull();
    expect(parseXmppUri('xmpp:')).toBeNull();
    expect(parseXmppUri('xmpp:%E0%A4%A')).toBeNull();
    expect(parseXmppUri('xmpp:a b@example.org?join')).toBeNull();
    expect(parseXmppUri('xmpp:<script>@x?join')).toBeNull();
    expect(parseXmppUri('xmpp:@example.org')).toBeNull();
    expect(parseXmppUri('xmpp://authority-only')).toBeNull();
  });
});

describe('parseRoomAddress', () => {
  it('takes a plain address, a URI, or a full JID', () => {
    expect(parseRoomAddress(' room@muc.example ')).toEqual({
      room: 'room@muc.example',
      password: null,
    });
    expect(parseRoomAddress('xmpp:room@muc.example?join;password=pw')).toEqual({
      room: 'room@muc.example',
      password: 'pw',
    });
    expect(parseRoomAddress('room@muc.example/somenick')?.room).toBe('room@muc.example');
  });

  it('refuses addresses without a room name or with junk', () => {
    for (const text of ['muc.example', '@muc.example', 'room@', 'a@b@c', 'xmpp:bad uri', '']) {
      expect(parseRoomAddress(text)).toBeNull();
    }
  });
});
