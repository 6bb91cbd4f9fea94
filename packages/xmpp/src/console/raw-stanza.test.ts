import { describe, expect, it } from 'vitest';
import { parseRawStanza, RawXmlError } from './raw-stanza.js';

describe('parseRawStanza', () => {
  it('takes one message, presence or iq, with whitespace around', () => {
    expect(parseRawStanza('  <message to="a@b"><body>hi</body></message>\n').toString()).toBe(
      '<message to="a@b"><body>hi</body></message>',
    );
    expect(parseRawStanza('<presence/>').name).toBe('presence');
    expect(parseRawStanza('<iq type="get" id="1"><ping xmlns="urn:xmpp:ping"/></iq>').name).toBe(
      'iq',
    );
    expect(parseRawStanza('<message xmlns="jabber:client"/>').name).toBe('message');
  });

  const refused: Array<[string, RegExp]> = [
    [
      '<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">AA==</auth>',
      /not <auth\/>/u,
    ],
    ['<stream:stream xmlns:stream="http://etherx.jabber.org/streams"/>', /not <stream:stream\/>/u],
    ['</stream:stream>', /not well-formed/u],
    ['<starttls xmlns="urn:ietf:params:xml:ns:xmpp-tls"/>', /not <starttls\/>/u],
    ['<r xmlns="urn:xmpp:sm:3"/>', /not <r\/>/u],
    ['<enable xmlns="urn:xmpp:sm:3"/>', /not <enable\/>/u],
    ['<message/><message/>', /one stanza at a time/u],
    ['<message/>junk', /no text around it/u],
    ['<message>', /not well-formed/u],
    ['<message></presence>', /not well-formed/u],
    ['hello', /no element to send|no text around it/u],
    ['', /no element/u],
    ['<!DOCTYPE x [<!ENTITY e "boom">]><message>&e;</message>', /DOCTYPE/u],
    ['<?xml version="1.0"?><message/>', /processing instructions/u],
    ['<message xmlns="jabber:server"/>', /namespace jabber:server/u],
    ['<c:message xmlns:c="jabber:client"/>', /not <c:message\/>/u],
    ['<iq id="1"><ping xmlns="urn:xmpp:ping"/></iq>', /needs type/u],
    ['<iq type="get" id="1"/>', /exactly one child/u],
    ['<iq type="result"/>', /needs the id/u],
  ];
  it.each(refused)('refuses %s', (text, reason) => {
    expect(() => parseRawStanza(text)).toThrow(RawXmlError);
    expect(() => parseRawStanza(text)).toThrow(reason);
  });

  it('refuses overlong input', () => {
    expect(() => parseRawStanza(`<message>${'x'.repeat(70_000)}</message>`)).toThrow(/too long/u);
  });
});
