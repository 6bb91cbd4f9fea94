import { describe, expect, it } from 'vitest';
import { parseXml, type Element } from '../stanza.js';
import { buildLastActivityQuery, parseLastActivityResult } from './last-activity.js';
import { buildNickPublish, parseNickEvent } from './nick.js';
import { buildTimeQuery, parseTimeResult } from './time.js';
import { buildVersionQuery, parseVersionResult } from './version.js';

function el(text: string): Element {
  const parsed = parseXml(text);
  if (!parsed) throw new Error(`bad xml: ${text}`);
  return parsed;
}

const nickEvent = (from: string, inner: string) =>
  el(
    `<message from="${from}" to="me@example.org"><event xmlns="http://jabber.org/protocol/pubsub#event">` +
      `<items node="http://jabber.org/protocol/nick">${inner}</items></event></message>`,
  );

describe('XEP-0172 nick', () => {
  it('reads a contact nick from its bare JID', () => {
    const item =
      '<item id="current"><nick xmlns="http://jabber.org/protocol/nick"> Jule </nick></item>';
    expect(parseNickEvent(nickEvent('juliet@example.org', item))).toEqual({
      from: 'juliet@example.org',
      nick: 'Jule',
    });
  });

  it('refuses a nick from a full JID, and reads a retraction as no nick', () => {
    const item = '<item><nick xmlns="http://jabber.org/protocol/nick">Evil</nick></item>';
    expect(parseNickEvent(nickEvent('juliet@example.org/phone', item))).toBeNull();
    expect(parseNickEvent(nickEvent('juliet@example.org', '<retract id="current"/>'))).toEqual({
      from: 'juliet@example.org',
      nick: null,
    });
  });

  it('bounds a hostile nick and strips control characters', () => {
    const item = `<item><nick xmlns="http://jabber.org/protocol/nick">a\u0007${'n'.repeat(5000)}</nick></item>`;
    const nick = parseNickEvent(nickEvent('juliet@example.org', item))?.nick ?? '';
    expect(nick.length).toBe(256);
    expect(nick.startsWith('a n')).toBe(true);
  });

  it('publishes the nick to its node', () => {
    expect(buildNickPublish('Jule').toString()).toContain(
      '<publish node="http://jabber.org/protocol/nick"><item id="current"><nick xmlns="http://jabber.org/protocol/nick">Jule</nick>',
    );
  });
});

describe('XEP-0092, XEP-0202 and XEP-0012 queries', () => {
  it('asks and reads a client version', () => {
    expect(buildVersionQuery('a@b.c/r').toString()).toBe(
      '<iq type="get" to="a@b.c/r"><query xmlns="jabber:iq:version"/></iq>',
    );
    expect(
      parseVersionResult(
        el(
          '<iq type="result"><query xmlns="jabber:iq:version"><name>slixmpp</name><version>1.8.3</version></query></iq>',
        ),
      ),
    ).toEqual({ name: 'slixmpp', version: '1.8.3', os: '' });
    expect(
      parseVersionResult(el('<iq type="result"><query xmlns="jabber:iq:version"/></iq>')),
    ).toBeNull();
  });

  it('reads an entity time and refuses an impossible offset', () => {
    expect(buildTimeQuery('a@b.c/r').toString()).toContain('<time xmlns="urn:xmpp:time"/>');
    const answer = (tzo: string) =>
      el(
        `<iq type="result"><time xmlns="urn:xmpp:time"><tzo>${tzo}</tzo><utc>2026-01-02T03:04:05Z</utc></time></iq>`,
      );
    expect(parseTimeResult(answer('-05:30'))).toEqual({
      utcMs: Date.UTC(2026, 0, 2, 3, 4, 5),
      tzoMinutes: -330,
    });
    expect(parseTimeResult(answer('+99:00'))).toBeNull();
    expect(parseTimeResult(answer('Z'))?.tzoMinutes).toBe(0);
    expect(parseTimeResult(answer('5'))).toBeNull();
  });

  it('reads last activity and refuses nonsense', () => {
    expect(buildLastActivityQuery('a@b.c').toString()).toBe(
      '<iq type="get" to="a@b.c"><query xmlns="jabber:iq:last"/></iq>',
    );
    const answer = (seconds: string) =>
      el(
        `<iq type="result"><query xmlns="jabber:iq:last" seconds="${seconds}">Gone fishing</query></iq>`,
      );
    expect(parseLastActivityResult(answer('903'))).toEqual({
      seconds: 903,
      status: 'Gone fishing',
    });
    expect(parseLastActivityResult(answer('-1'))).toBeNull();
    expect(parseLastActivityResult(answer('99999999999'))).toBeNull();
  });
});
