import { describe, expect, it } from 'vitest';
import { jid, parseXml, xml, type Element } from '../stanza.js';
import { openMessage, type OpenContext } from './open.js';
import type { IncomingTransform } from './transforms.js';

const OWN = jid('juliet@capulet.lit/balcony');
const ctx: OpenContext = { own: OWN };

function parse(text: string): Element {
  const el = parseXml(text);
  if (!el) throw new Error(`bad XML: ${text}`);
  return el;
}

const chat = `<message xmlns='jabber:client' from='romeo@montague.lit/orchard'
  to='juliet@capulet.lit/balcony' type='chat' id='m1'>
  <body>Hi</body><thread>t1</thread>
  <origin-id xmlns='urn:xmpp:sid:0' id='o1'/>
  <stanza-id xmlns='urn:xmpp:sid:0' id='s1' by='juliet@capulet.lit'/>
  <delay xmlns='urn:xmpp:delay' stamp='2020-01-01T00:00:00Z' from='capulet.lit'/>
  <composing xmlns='http://jabber.org/protocol/chatstates'/>
  <request xmlns='urn:xmpp:receipts'/>
  <x xmlns='jabber:x:oob'><url>https://files.example/a.png</url></x>
</message>`;

function carbon(direction: 'sent' | 'received', from = 'juliet@capulet.lit'): Element {
  return parse(`<message xmlns='jabber:client' from='${from}' to='juliet@capulet.lit/balcony'>
    <${direction} xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
      <message xmlns='jabber:client' from='${direction === 'sent' ? 'juliet@capulet.lit/pc' : 'romeo@montague.lit/orchard'}'
        to='${direction === 'sent' ? 'romeo@montague.lit' : 'juliet@capulet.lit/pc'}' type='chat' id='c1'>
        <body>copied</body></message>
    </forwarded></${direction}></message>`);
}

function mamResult(from: string | null, queryId = 'q1'): Element {
  return parse(`<message xmlns='jabber:client' ${from ? `from='${from}'` : ''} to='juliet@capulet.lit/balcony'>
    <result xmlns='urn:xmpp:mam:2' queryid='${queryId}' id='arch-1'>
      <forwarded xmlns='urn:xmpp:forward:0'>
        <delay xmlns='urn:xmpp:delay' stamp='2021-02-03T04:05:06Z'/>
        <message xmlns='jabber:client' from='room@muc.capulet.lit/romeo' type='groupchat' id='g9'>
          <body>archived</body>
          <occupant-id xmlns='urn:xmpp:occupant-id:0' id='occ-r'/>
        </message>
      </forwarded></result></message>`);
}

describe('openMessage: unwrapping', () => {
  it('parses a live chat message once into its parts', () => {
    const { envelope, rejected } = openMessage(parse(chat), ctx);
    expect(rejected).toBeNull();
    expect(envelope).toMatchObject({
      origin: { kind: 'live' },
      type: 'chat',
      id: 'm1',
      parts: {
        ids: { originId: 'o1', stanzaIds: [{ id: 's1', by: 'juliet@capulet.lit' }] },
        body: { text: 'Hi', truncated: false },
        thread: 't1',
        delay: { stamp: Date.UTC(2020, 0, 1), from: 'capulet.lit' },
        chatState: 'composing',
        receipt: { requested: true, receivedId: null },
        attachment: { url: 'https://files.example/a.png', name: 'a.png' },
        occupantId: null,
        subject: null,
        mucStatusCodes: [],
        error: null,
      },
    });
    expect(envelope?.from?.toString()).toBe('romeo@montague.lit/orchard');
    expect(envelope?.to?.toString()).toBe('juliet@capulet.lit/balcony');
  });

  it('fills an absent from with our bare JID and an absent to with ours; an invalid one is null', () => {
    const own = openMessage(xml('message', { type: 'chat' }, xml('body', {}, 'x')), ctx).envelope;
    expect(own?.from?.toString()).toBe('juliet@capulet.lit');
    expect(own?.to?.toString()).toBe('juliet@capulet.lit/balcony');
    const bad = openMessage(xml('message', { from: 'a@b@c', type: 'chat' }), ctx).envelope;
    expect(bad?.from).toBeNull();
    expect(openMessage(xml('message', { type: 'weird' }), ctx).envelope?.type).toBe('normal');
  });

  it.each(['sent', 'received'] as const)('opens a %s carbon from our bare JID', (direction) => {
    const { envelope } = openMessage(carbon(direction), ctx);
    expect(envelope?.origin).toEqual({ kind: 'carbon', direction });
    expect(envelope?.parts.body?.text).toBe('copied');
    expect(envelope?.id).toBe('c1');
    expect(envelope?.content.getName()).toBe('message');
  });

  it('rejects a forged carbon (CVE-2017-5589) without opening it', () => {
    const forged = openMessage(carbon('sent', 'mallory@evil.example'), ctx);
    expect(forged).toMatchObject({
      envelope: null,
      rejected: { wrapper: 'carbon', reason: 'forged' },
    });
    const fromResource = openMessage(carbon('received', 'juliet@capulet.lit/other'), ctx);
    expect(fromResource.rejected).toEqual({ wrapper: 'carbon', reason: 'forged' });
  });

  it('opens an archive result from the queried archive, with its archive id and stamp', () => {
    const archiveOf = (q: string) => (q === 'q1' ? 'room@muc.capulet.lit' : undefined);
    const { envelope } = openMessage(mamResult('room@muc.capulet.lit'), { ...ctx, archiveOf });
    expect(envelope?.origin).toEqual({
      kind: 'archive',
      queryId: 'q1',
      archiveId: 'arch-1',
      delay: Date.UTC(2021, 1, 3, 4, 5, 6),
    });
    expect(envelope?.type).toBe('groupchat');
    expect(envelope?.parts.occupantId).toBe('occ-r');
    expect(envelope?.parts.body?.text).toBe('archived');
  });

  it('rejects an archive result that is not from the queried archive', () => {
    // No running query: held to our own archive, which a room is not.
    expect(openMessage(mamResult('room@muc.capulet.lit'), ctx).rejected).toEqual({
      wrapper: 'archive',
      reason: 'foreign',
    });
    const archiveOf = () => 'room@muc.capulet.lit';
    expect(openMessage(mamResult('other@muc.capulet.lit'), { ...ctx, archiveOf }).rejected).toEqual(
      {
        wrapper: 'archive',
        reason: 'foreign',
      },
    );
    // Our own archive: from absent (or our bare JID).
    expect(openMessage(mamResult(null), ctx).envelope?.origin.kind).toBe('archive');
  });

  it('reads a groupchat message: subject, status codes, occupant id', () => {
    const { envelope } = openMessage(
      parse(`<message xmlns='jabber:client' from='room@muc.capulet.lit' type='groupchat'>
        <subject>Plans</subject>
        <x xmlns='http://jabber.org/protocol/muc#user'><status code='104'/></x></message>`),
      ctx,
    );
    expect(envelope).toMatchObject({
      origin: { kind: 'live' },
      type: 'groupchat',
      parts: { subject: 'Plans', mucStatusCodes: [104], body: null, receipt: { requested: false } },
    });
  });

  it('reads a private message through a room as a live chat from room/nick', () => {
    const { envelope } = openMessage(
      parse(`<message xmlns='jabber:client' from='room@muc.capulet.lit/romeo' type='chat' id='p1'>
        <body>psst</body><x xmlns='http://jabber.org/protocol/muc#user'/></message>`),
      ctx,
    );
    expect(envelope?.from?.toString()).toBe('room@muc.capulet.lit/romeo');
    expect(envelope?.parts.body?.text).toBe('psst');
  });

  it('reads an error bounce: its condition, and no chat state or receipt from what we sent', () => {
    const { envelope } = openMessage(
      parse(`<message xmlns='jabber:client' from='romeo@montague.lit' type='error' id='m7'>
        <body>mine</body><active xmlns='http://jabber.org/protocol/chatstates'/>
        <received xmlns='urn:xmpp:receipts' id='x'/>
        <error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
        <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>gone</text></error></message>`),
      ctx,
    );
    expect(envelope).toMatchObject({
      type: 'error',
      id: 'm7',
      parts: {
        error: { type: 'cancel', condition: 'service-unavailable', text: 'gone' },
        chatState: null,
        receipt: { requested: false, receivedId: null },
      },
    });
  });

  it('gives no envelope for a stanza that is not a message', () => {
    expect(openMessage(xml('presence'), ctx)).toMatchObject({ envelope: null, rejected: null });
  });
});

describe('openMessage: the decrypt seam', () => {
  const encrypted = () =>
    xml(
      'message',
      { from: 'romeo@montague.lit/orchard', type: 'chat', id: 'e1' },
      xml('encrypted', { xmlns: 'test:crypto' }, xml('payload', {}, 'c2VjcmV0')),
      xml('body', {}, 'I sent you an encrypted message'),
    );
  const decrypt: IncomingTransform = {
    name: 'test-decrypt',
    apply: (head) => {
      const payload = head.content.getChild('encrypted', 'test:crypto')?.getChildText('payload');
      if (!payload) return null;
      return xml(
        'message',
        { ...head.content.attrs },
        xml('body', {}, Buffer.from(payload, 'base64').toString()),
        xml('x', { xmlns: 'jabber:x:oob' }, xml('url', {}, 'https://files.example/secret.bin')),
      );
    },
  };

  it('runs transforms after unwrapping and before the parts are parsed', () => {
    const seen: string[] = [];
    const spy: IncomingTransform = {
      name: 'spy',
      apply: (head) => {
        seen.push(`${head.origin.kind}:${head.content.getChildText('body') ?? ''}`);
        return null;
      },
    };
    const { envelope } = openMessage(encrypted(), { ...ctx, transforms: [decrypt, spy] });
    // The parts come from the transformed content, not the fallback body of the stanza.
    expect(envelope?.parts.body?.text).toBe('secret');
    expect(envelope?.parts.attachment?.url).toBe('https://files.example/secret.bin');
    // The next transform sees the previous one's output; the addressing is kept.
    expect(seen).toEqual(['live:secret']);
    expect(envelope?.id).toBe('e1');
    expect(envelope?.received.getChildText('body')).toBe('I sent you an encrypted message');
  });

  it('sees the unwrapped message of a carbon, and leaves other messages alone', () => {
    const inner: string[] = [];
    const spy: IncomingTransform = {
      name: 'spy',
      apply: (head) => {
        inner.push(head.content.attrs.id as string);
        return null;
      },
    };
    const { envelope } = openMessage(carbon('received'), { ...ctx, transforms: [decrypt, spy] });
    expect(inner).toEqual(['c1']);
    expect(envelope?.parts.body?.text).toBe('copied');
  });
});
