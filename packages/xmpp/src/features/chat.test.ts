import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { jid, parseXml } from '../stanza.js';
import { buildChatMessage, MAX_BODY, parseChatMessage } from './chat.js';

const ctx = { ownJid: jid('juliet@capulet.lit/balcony') };

describe('parseChatMessage', () => {
  it('parses a live message as Prosody delivers it', () => {
    const stanza = parseXml(`<message xmlns='jabber:client' from='Romeo@Montague.lit/orchard'
        to='juliet@capulet.lit/balcony' type='chat' id='msg-1' xml:lang='en'>
      <body>Art thou not Romeo, and a Montague?</body>
      <thread>e0ffe42b28561960c6b12b944a092794b9683a38</thread>
      <active xmlns='http://jabber.org/protocol/chatstates'/>
      <request xmlns='urn:xmpp:receipts'/>
      <origin-id xmlns='urn:xmpp:sid:0' id='de305d54-75b4-431b-adb2-eb6b9e546013'/>
      <stanza-id xmlns='urn:xmpp:sid:0' id='5f3dbc5e-e1d3-4077-a492-693f3769c7ad' by='juliet@capulet.lit'/>
    </message>`)!;
    expect(parseChatMessage(stanza, ctx)).toEqual({
      from: 'romeo@montague.lit/orchard',
      to: 'juliet@capulet.lit/balcony',
      type: 'chat',
      id: 'msg-1',
      originId: 'de305d54-75b4-431b-adb2-eb6b9e546013',
      stanzaIds: [{ id: '5f3dbc5e-e1d3-4077-a492-693f3769c7ad', by: 'juliet@capulet.lit' }],
      body: 'Art thou not Romeo, and a Montague?',
      bodyTruncated: false,
      delay: null,
      chatState: 'active',
      receiptRequest: true,
      receiptFor: null,
      thread: 'e0ffe42b28561960c6b12b944a092794b9683a38',
      isError: false,
      errorCondition: null,
      errorText: null,
    });
  });

  it('reads an offline delay stamp and skips a garbage one', () => {
    const stanza =
      parseXml(`<message xmlns='jabber:client' from='romeo@montague.lit/orchard' type='chat'>
      <body>O blessed, blessed night!</body>
      <delay xmlns='urn:xmpp:delay' from='capulet.lit' stamp='not-a-date'/>
      <delay xmlns='urn:xmpp:delay' from='capulet.lit' stamp='2002-09-10T23:08:25Z'>Offline Storage</delay>
    </message>`)!;
    expect(parseChatMessage(stanza, ctx)?.delay).toBe(Date.UTC(2002, 8, 10, 23, 8, 25));
    const garbage = xml(
      'message',
      { from: 'a@b/c' },
      xml('delay', { xmlns: 'urn:xmpp:delay', stamp: '2002-99-99T99:99:99Z' }),
    );
    expect(parseChatMessage(garbage, ctx)?.delay).toBeNull();
  });

  it('parses a bodyless receipt and a standalone chat state', () => {
    const receipt = xml(
      'message',
      { from: 'romeo@montague.lit/orchard', id: 'r1' },
      xml('received', { xmlns: 'urn:xmpp:receipts', id: 'msg-9' }),
    );
    expect(parseChatMessage(receipt, ctx)).toMatchObject({
      type: 'normal',
      body: null,
      receiptFor: 'msg-9',
      receiptRequest: false,
    });
    const typing = xml(
      'message',
      { from: 'romeo@montague.lit/orchard', type: 'chat' },
      xml('composing', { xmlns: 'http://jabber.org/protocol/chatstates' }),
    );
    expect(parseChatMessage(typing, ctx)).toMatchObject({ body: null, chatState: 'composing' });
  });

  it('treats unknown types as normal and fills absent from/to with our own JIDs', () => {
    const m = parseChatMessage(xml('message', { type: 'weird' }, xml('body', {}, 'hi')), ctx);
    expect(m).toMatchObject({
      type: 'normal',
      from: 'juliet@capulet.lit',
      to: 'juliet@capulet.lit/balcony',
      body: 'hi',
    });
  });

  it('parses error bounces', () => {
    const stanza =
      parseXml(`<message xmlns='jabber:client' from='romeo@montague.lit' type='error' id='msg-2'>
      <body>hello</body><request xmlns='urn:xmpp:receipts'/>
      <error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
      <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>User blocked you</text></error>
    </message>`)!;
    expect(parseChatMessage(stanza, ctx)).toMatchObject({
      type: 'error',
      id: 'msg-2',
      isError: true,
      errorCondition: 'service-unavailable',
      errorText: 'User blocked you',
      receiptRequest: false,
    });
  });

  it('returns null for groupchat, headline, wrappers and bad addresses', () => {
    expect(
      parseChatMessage(
        xml('message', { from: 'room@muc.lit/nick', type: 'groupchat' }, xml('body', {}, 'x')),
        ctx,
      ),
    ).toBeNull();
    expect(
      parseChatMessage(xml('message', { from: 'pubsub.lit', type: 'headline' }), ctx),
    ).toBeNull();
    const carbon = xml(
      'message',
      { from: 'juliet@capulet.lit' },
      xml('received', { xmlns: 'urn:xmpp:carbons:2' }),
    );
    expect(parseChatMessage(carbon, ctx)).toBeNull();
    const mam = xml(
      'message',
      {},
      xml('result', { xmlns: 'urn:xmpp:mam:2', queryid: 'q', id: 'a' }),
    );
    expect(parseChatMessage(mam, ctx)).toBeNull();
    expect(
      parseChatMessage(xml('message', { from: 'a@b@c' }, xml('body', {}, 'x')), ctx),
    ).toBeNull();
    expect(
      parseChatMessage(xml('message', { from: 'a@b', to: '' }, xml('body', {}, 'x')), ctx),
    ).toBeNull();
    expect(parseChatMessage(xml('presence', { from: 'a@b' }), ctx)).toBeNull();
    expect(parseChatMessage(xml('message', {}), { ownJid: 'bad@@jid' })).toBeNull();
  });

  it('truncates huge bodies and flags it', () => {
    const huge = 'x'.repeat(MAX_BODY + 5000);
    const m = parseChatMessage(
      xml('message', { from: 'a@b/c', type: 'chat' }, xml('body', {}, huge)),
      ctx,
    );
    expect(m?.body).toHaveLength(MAX_BODY);
    expect(m?.bodyTruncated).toBe(true);
  });

  it('ignores bodies in foreign namespaces, oversized ids and stanza-ids without a valid by', () => {
    const stanza = parseXml(`<message xmlns='jabber:client' from='a@b/c' id='${'i'.repeat(300)}'>
      <body xmlns='urn:evil'>evil</body>
      <origin-id xmlns='urn:xmpp:sid:0'/>
      <stanza-id xmlns='urn:xmpp:sid:0' id='s1'/>
      <stanza-id xmlns='urn:xmpp:sid:0' id='s2' by='a@b@c'/>
      <stanza-id xmlns='urn:xmpp:sid:1' id='s3' by='juliet@capulet.lit'/>
      <request xmlns='urn:xmpp:receipts'/>
    </message>`)!;
    expect(parseChatMessage(stanza, ctx)).toMatchObject({
      body: null,
      id: null,
      originId: null,
      stanzaIds: [],
      // No id to acknowledge: a receipt cannot be sent.
      receiptRequest: false,
    });
  });

  it('keeps empty bodies as empty strings, distinct from no body', () => {
    expect(parseChatMessage(xml('message', { from: 'a@b/c' }, xml('body')), ctx)?.body).toBe('');
  });
});

describe('buildChatMessage', () => {
  it('builds body, origin-id, receipt request, active state and store hint', () => {
    const built = buildChatMessage({ to: 'Romeo@Montague.lit', body: 'Hi <3 & bye', id: 'm1' });
    expect(built.toString()).toBe(
      '<message to="romeo@montague.lit" type="chat" id="m1"><body>Hi &lt;3 &amp; bye</body>' +
        '<origin-id xmlns="urn:xmpp:sid:0" id="m1"/><request xmlns="urn:xmpp:receipts"/>' +
        '<active xmlns="http://jabber.org/protocol/chatstates"/><store xmlns="urn:xmpp:hints"/></message>',
    );
  });

  it('honours options', () => {
    const built = buildChatMessage({
      to: jid('romeo@montague.lit/orchard'),
      body: 'x',
      id: 'm2',
      originId: 'o2',
      requestReceipt: false,
      chatState: null,
      thread: 't1',
    });
    expect(built.getChild('request')).toBeUndefined();
    expect(built.getChild('active')).toBeUndefined();
    expect(built.getChild('origin-id')?.attrs.id).toBe('o2');
    expect(built.attrs.to).toBe('romeo@montague.lit/orchard');
    expect(() => buildChatMessage({ to: 'not a jid', body: 'x', id: 'm' })).toThrow(TypeError);
  });

  it('round-trips through the serializer and parser', () => {
    const built = buildChatMessage({
      to: 'romeo@montague.lit',
      body: 'Good night 🌙',
      id: 'm3',
      chatState: 'composing',
    });
    built.attrs.from = 'juliet@capulet.lit/balcony';
    const reparsed = parseXml(built.toString())!;
    expect(parseChatMessage(reparsed, ctx)).toMatchObject({
      from: 'juliet@capulet.lit/balcony',
      to: 'romeo@montague.lit',
      type: 'chat',
      id: 'm3',
      originId: 'm3',
      body: 'Good night 🌙',
      chatState: 'composing',
      receiptRequest: true,
    });
  });
});
