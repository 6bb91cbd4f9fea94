// The parts message features read from the envelope: corrections, retractions, moderations,
// archive tombstones, reactions, replies, markers and <unstyled/>, each parsed once, and what a
// hostile or malformed stanza gives (nothing, never a throw).
import { describe, expect, it } from 'vitest';
import { jid, parseXml, type Element } from '../stanza.js';
import { openMessage, type OpenContext } from './open.js';

const ctx: OpenContext = { own: jid('juliet@capulet.lit/balcony') };

function parse(text: string): Element {
  const el = parseXml(text);
  if (!el) throw new Error(`bad XML: ${text}`);
  return el;
}

const chat = (inner: string, type = 'chat') =>
  parse(`<message xmlns='jabber:client' from='romeo@montague.lit/orchard' type='${type}' id='m2'>
    ${inner}</message>`);

function archived(inner: string, from = 'room@muc.capulet.lit/romeo', type = 'groupchat'): Element {
  return parse(`<message xmlns='jabber:client' from='room@muc.capulet.lit'>
    <result xmlns='urn:xmpp:mam:2' queryid='q1' id='arch-7'>
      <forwarded xmlns='urn:xmpp:forward:0'>
        <delay xmlns='urn:xmpp:delay' stamp='2024-05-06T07:08:09Z'/>
        <message xmlns='jabber:client' from='${from}' type='${type}' id='g1'>${inner}</message>
      </forwarded></result></message>`);
}
const roomArchive = { ...ctx, archiveOf: () => 'room@muc.capulet.lit' };
const partsOf = (stanza: Element, c: OpenContext = ctx) => openMessage(stanza, c).envelope!.parts;

describe('edit parts', () => {
  it('reads a correction, and no correction without an id or a body', () => {
    const parts = partsOf(
      chat(`<body>fixed</body><replace xmlns='urn:xmpp:message-correct:0' id='m1'/>`),
    );
    expect(parts.correction).toEqual({ replaces: 'm1', body: 'fixed', bodyTruncated: false });
    expect(
      partsOf(chat(`<body>x</body><replace xmlns='urn:xmpp:message-correct:0'/>`)).correction,
    ).toBeNull();
    expect(
      partsOf(chat(`<replace xmlns='urn:xmpp:message-correct:0' id='m1'/>`)).correction,
    ).toBeNull();
  });

  it('reads both retraction forms, and a moderation as no retraction', () => {
    const current = partsOf(chat(`<retract xmlns='urn:xmpp:message-retract:1' id='m1'/>`));
    expect(current.retraction).toEqual({ target: 'm1', version: 1 });
    const legacy = partsOf(
      chat(
        `<apply-to xmlns='urn:xmpp:fasten:0' id='m0'><retract xmlns='urn:xmpp:message-retract:0'/></apply-to>`,
      ),
    );
    expect(legacy.retraction).toEqual({ target: 'm0', version: 0 });
    const moderated = partsOf(
      parse(`<message xmlns='jabber:client' from='room@muc.capulet.lit' type='groupchat'>
        <retract xmlns='urn:xmpp:message-retract:1' id='s9'>
          <moderated xmlns='urn:xmpp:message-moderate:1' by='room@muc.capulet.lit/mod'/>
          <reason>spam</reason></retract></message>`),
    );
    expect(moderated.retraction).toBeNull();
    expect(moderated.moderation).toMatchObject({
      target: 's9',
      by: 'room@muc.capulet.lit/mod',
      reason: 'spam',
      version: 1,
    });
  });

  it('reads nothing of an error bounce: it is our own stanza coming back', () => {
    const bounce = partsOf(
      chat(
        `<body>x</body><replace xmlns='urn:xmpp:message-correct:0' id='m1'/>
         <retract xmlns='urn:xmpp:message-retract:1' id='m1'/>
         <reactions xmlns='urn:xmpp:reactions:0' id='m1'><reaction>👍</reaction></reactions>
         <reply xmlns='urn:xmpp:reply:0' id='m1'/><displayed xmlns='urn:xmpp:chat-markers:0' id='m1'/>
         <error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>`,
        'error',
      ),
    );
    expect(bounce).toMatchObject({
      correction: null,
      retraction: null,
      reactions: null,
      reply: null,
      markers: { marker: null, markable: false },
    });
  });
});

describe('archive tombstones (XEP-0424 §6, XEP-0425)', () => {
  it('reads a retracted archived message with its stamp', () => {
    const parts = partsOf(
      archived(`<retracted xmlns='urn:xmpp:message-retract:1' id='r1' stamp='2024-05-06T08:00:00Z'/>
        <occupant-id xmlns='urn:xmpp:occupant-id:0' id='occ-r'/>`),
      roomArchive,
    );
    expect(parts.body).toBeNull();
    expect(parts.tombstone).toEqual({
      stamp: Date.UTC(2024, 4, 6, 8),
      moderated: false,
      moderatedBy: null,
      reason: null,
    });
  });

  it('reads both moderation tombstone forms with the moderator and reason', () => {
    const current = partsOf(
      archived(`<retracted xmlns='urn:xmpp:message-retract:1' stamp='2024-05-06T08:00:00Z'>
        <moderated xmlns='urn:xmpp:message-moderate:1' by='room@muc.capulet.lit/mod'/>
        <reason>off topic</reason></retracted>`),
      roomArchive,
    );
    expect(current.tombstone).toMatchObject({
      moderated: true,
      moderatedBy: 'room@muc.capulet.lit/mod',
      reason: 'off topic',
    });
    const legacy = partsOf(
      archived(`<moderated xmlns='urn:xmpp:message-moderate:0' by='room@muc.capulet.lit/mod'>
        <retracted xmlns='urn:xmpp:message-retract:0' stamp='2024-05-06T08:00:00Z'/>
        <reason>spam</reason></moderated>`),
      roomArchive,
    );
    expect(legacy.tombstone).toMatchObject({
      moderated: true,
      reason: 'spam',
      stamp: Date.UTC(2024, 4, 6, 8),
    });
  });

  it('takes a tombstone only from an archive, and a bad stamp as no stamp', () => {
    const live = partsOf(
      chat(`<retracted xmlns='urn:xmpp:message-retract:1' id='r1' stamp='2024-05-06T08:00:00Z'/>`),
    );
    expect(live.tombstone).toBeNull();
    const badStamp = partsOf(
      archived(`<retracted xmlns='urn:xmpp:message-retract:1' stamp='yesterday'/>`),
      roomArchive,
    );
    expect(badStamp.tombstone?.stamp).toBeNull();
    // A legacy <moderated/> without its <retracted/> is no tombstone.
    const half = partsOf(
      archived(`<moderated xmlns='urn:xmpp:message-moderate:0' by='room@muc.capulet.lit/mod'/>`),
      roomArchive,
    );
    expect(half.tombstone).toBeNull();
  });
});

describe('extra parts', () => {
  it('reads a reaction set, without duplicates and without an id none', () => {
    const parts = partsOf(
      chat(
        `<reactions xmlns='urn:xmpp:reactions:0' id='m1'><reaction>👍</reaction><reaction>👍</reaction><reaction>not one</reaction></reactions>`,
      ),
    );
    expect(parts.reactions).toEqual({ id: 'm1', emojis: ['👍'] });
    expect(
      partsOf(chat(`<reactions xmlns='urn:xmpp:reactions:0'><reaction>👍</reaction></reactions>`))
        .reactions,
    ).toBeNull();
  });

  it('reads a reply and cuts its fallback quote; bad ranges cut nothing', () => {
    const parts = partsOf(
      chat(`<body>&gt; hi\nhello</body><reply xmlns='urn:xmpp:reply:0' id='m1' to='juliet@capulet.lit'/>
        <fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='0' end='5'/></fallback>`),
    );
    expect(parts.reply).toEqual({ id: 'm1', to: 'juliet@capulet.lit', body: 'hello', quote: 'hi' });
    const bad = partsOf(
      chat(`<body>&gt; hi\nhello</body><reply xmlns='urn:xmpp:reply:0' id='m1' to='a@b@c'/>
        <fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='0' end='500'/></fallback>`),
    );
    expect(bad.reply).toEqual({ id: 'm1', to: null, body: '> hi\nhello', quote: null });
    expect(partsOf(chat(`<body>x</body>`)).reply).toBeNull();
  });

  it('reads a displayed marker and a markable request', () => {
    expect(partsOf(chat(`<displayed xmlns='urn:xmpp:chat-markers:0' id='m1'/>`)).markers).toEqual({
      marker: { kind: 'displayed', id: 'm1' },
      markable: false,
    });
    expect(
      partsOf(chat(`<body>x</body><markable xmlns='urn:xmpp:chat-markers:0'/>`)).markers,
    ).toEqual({
      marker: null,
      markable: true,
    });
    expect(partsOf(chat(`<displayed xmlns='urn:xmpp:chat-markers:0'/>`)).markers.marker).toBeNull();
  });

  it('reads <unstyled/> only in the styling namespace', () => {
    expect(partsOf(chat(`<body>*a*</body><unstyled xmlns='urn:xmpp:styling:0'/>`)).unstyled).toBe(
      true,
    );
    expect(partsOf(chat(`<body>*a*</body><unstyled xmlns='urn:xmpp:styling:1'/>`)).unstyled).toBe(
      false,
    );
    expect(partsOf(chat(`<body>*a*</body>`)).unstyled).toBe(false);
  });
});
