import { describe, expect, it } from 'vitest';
import { parseXml, type Element } from '../stanza.js';
import { parseFileSharing } from '../features/file-sharing.js';
import { parseOob } from '../features/oob.js';
import { createOutgoingPipeline } from '../modules/index.js';
import type { OutgoingContext, OutgoingMessage } from './message.js';

const pipeline = createOutgoingPipeline();
const on: OutgoingContext = { sendChatStates: true };
const off: OutgoingContext = { sendChatStates: false };
const SHA = 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=';

const text = (kind: OutgoingMessage['kind'], to: string): OutgoingMessage => ({
  to,
  kind,
  id: 'm1',
  originId: 'm1',
  body: 'hi',
});
const file = (kind: OutgoingMessage['kind'], to: string): OutgoingMessage => ({
  ...text(kind, to),
  body: 'https://up.example/f/cat.png',
  attachment: {
    url: 'https://up.example/f/cat.png',
    name: 'cat.png',
    size: 1234,
    mediaType: 'image/png',
    sha256: SHA,
  },
});

/** Child elements as "name xmlns", in stanza order. */
const children = (stanza: Element): string[] =>
  stanza
    .getChildElements()
    .map(
      (c) => `${c.getName()}${c.getNS() && c.getNS() !== 'jabber:client' ? ' ' + c.getNS() : ''}`,
    );
const has = (stanza: Element, name: string, ns: string) =>
  stanza.getChildElements().some((c) => c.getName() === name && c.getNS() === ns);

describe('the outgoing builder, per kind', () => {
  it('a one-to-one text: body, origin-id, receipt request, <active/>, <store/>', () => {
    const stanza = pipeline.build(text('chat', 'Juliet@Capulet.lit'), on);
    expect(stanza.attrs).toEqual({ to: 'juliet@capulet.lit', type: 'chat', id: 'm1' });
    expect(children(stanza)).toEqual([
      'body',
      'origin-id urn:xmpp:sid:0',
      'request urn:xmpp:receipts',
      'markable urn:xmpp:chat-markers:0',
      'active http://jabber.org/protocol/chatstates',
      'store urn:xmpp:hints',
    ]);
    expect(stanza.getChildText('body')).toBe('hi');
  });

  it('a reply carries its reference and the fallback range of the quote in front of the body', () => {
    const quote = '> Juliet:\n> 🌹 hi\n';
    const reply = {
      id: 'orig-1',
      to: 'juliet@capulet.lit/balcony',
      quoteLength: [...quote].length,
    };
    const stanza = pipeline.build(
      { ...text('chat', 'juliet@capulet.lit'), body: quote + 'hi', reply },
      on,
    );
    const ref = stanza.getChild('reply', 'urn:xmpp:reply:0');
    expect(ref?.attrs).toMatchObject({ id: 'orig-1', to: 'juliet@capulet.lit/balcony' });
    const range = stanza.getChild('fallback', 'urn:xmpp:fallback:0')?.getChild('body');
    // Code points, not UTF-16 units: the rose counts once.
    expect(range?.attrs).toMatchObject({ start: '0', end: String(quote.length - 1) });
    expect(stanza.getChildText('body')).toBe(quote + 'hi');
  });

  it('a room message goes to the bare room, without receipt request or chat state', () => {
    const stanza = pipeline.build(text('groupchat', 'lounge@muc.example/ignored'), on);
    expect(stanza.attrs).toEqual({ to: 'lounge@muc.example', type: 'groupchat', id: 'm1' });
    expect(children(stanza)).toEqual(['body', 'origin-id urn:xmpp:sid:0', 'store urn:xmpp:hints']);
  });

  it('a private message through a room is type chat to room/nick with muc#user <x/>', () => {
    const stanza = pipeline.build(text('private', 'lounge@muc.example/Bob'), on);
    expect(stanza.attrs).toEqual({ to: 'lounge@muc.example/Bob', type: 'chat', id: 'm1' });
    expect(children(stanza)).toEqual([
      'body',
      'x http://jabber.org/protocol/muc#user',
      'origin-id urn:xmpp:sid:0',
      'markable urn:xmpp:chat-markers:0',
      'store urn:xmpp:hints',
    ]);
    expect(() => pipeline.build(text('private', 'lounge@muc.example'), on)).toThrow(TypeError);
  });

  it('refuses an invalid address with a TypeError', () => {
    expect(() => pipeline.build(text('chat', 'a@b@c'), on)).toThrow(TypeError);
  });

  it('a file carries OOB and XEP-0447 with the URL as body, in every kind', () => {
    for (const [kind, to] of [
      ['chat', 'juliet@capulet.lit'],
      ['groupchat', 'lounge@muc.example'],
      ['private', 'lounge@muc.example/Bob'],
    ] as const) {
      const stanza = parseXml(pipeline.build(file(kind, to), on).toString())!;
      expect(stanza.getChildText('body')).toBe('https://up.example/f/cat.png');
      expect(parseOob(stanza)?.url).toBe('https://up.example/f/cat.png');
      expect(parseFileSharing(stanza)).toMatchObject({ name: 'cat.png', size: 1234, sha256: SHA });
      expect(has(stanza, 'store', 'urn:xmpp:hints')).toBe(true);
    }
  });
});

describe('the outgoing builder, per section', () => {
  it('chat state: <active/> only while the account sends chat states, file or not', () => {
    for (const message of [text('chat', 'j@c.lit'), file('chat', 'j@c.lit')]) {
      expect(
        has(pipeline.build(message, on), 'active', 'http://jabber.org/protocol/chatstates'),
      ).toBe(true);
      expect(
        pipeline
          .build(message, off)
          .getChildElements()
          .some((c) => c.getNS() === 'http://jabber.org/protocol/chatstates'),
      ).toBe(false);
    }
    // Explicitly none.
    expect(
      children(pipeline.build({ ...text('chat', 'j@c.lit'), chatState: null }, on)),
    ).not.toContain('active http://jabber.org/protocol/chatstates');
  });

  it('a standalone chat state: no id, no receipt request, <no-store/>; none when turned off', () => {
    const typing: OutgoingMessage = {
      to: 'j@c.lit/pc',
      kind: 'chat',
      body: null,
      chatState: 'composing',
    };
    const stanza = pipeline.build(typing, on);
    expect(stanza.attrs).toEqual({ to: 'j@c.lit/pc', type: 'chat' });
    expect(children(stanza)).toEqual([
      'composing http://jabber.org/protocol/chatstates',
      'no-store urn:xmpp:hints',
    ]);
    expect(children(pipeline.build(typing, off))).toEqual(['no-store urn:xmpp:hints']);
    const room = pipeline.build({ ...typing, to: 'lounge@muc.example', kind: 'groupchat' }, on);
    expect(room.attrs).toEqual({ to: 'lounge@muc.example', type: 'groupchat' });
    expect(children(room)).toContain('composing http://jabber.org/protocol/chatstates');
    // XEP-0085 §5.5: never <gone/> in a room.
    const gone = pipeline.build(
      { ...typing, to: 'lounge@muc.example', kind: 'groupchat', chatState: 'gone' },
      on,
    );
    expect(children(gone)).toEqual(['no-store urn:xmpp:hints']);
  });

  it('receipt request: only one-to-one, only with an id and a body', () => {
    expect(has(pipeline.build(text('chat', 'j@c.lit'), off), 'request', 'urn:xmpp:receipts')).toBe(
      true,
    );
    expect(has(pipeline.build(file('chat', 'j@c.lit'), off), 'request', 'urn:xmpp:receipts')).toBe(
      true,
    );
    for (const message of [
      text('groupchat', 'lounge@muc.example'),
      file('groupchat', 'lounge@muc.example'),
      text('private', 'lounge@muc.example/Bob'),
      { ...text('chat', 'j@c.lit'), id: undefined },
    ]) {
      expect(has(pipeline.build(message, on), 'request', 'urn:xmpp:receipts')).toBe(false);
    }
  });

  it('origin-id only when given, thread when given', () => {
    const stanza = pipeline.build(
      { ...text('chat', 'j@c.lit'), originId: undefined, thread: 't1' },
      on,
    );
    expect(has(stanza, 'origin-id', 'urn:xmpp:sid:0')).toBe(false);
    expect(stanza.getChildText('thread')).toBe('t1');
    const other = pipeline.build({ ...text('chat', 'j@c.lit'), originId: 'o9' }, on);
    expect(other.getChild('origin-id', 'urn:xmpp:sid:0')?.attrs.id).toBe('o9');
  });

  it('a bad attachment is a caller bug: TypeError', () => {
    const bad = file('chat', 'j@c.lit');
    expect(() =>
      pipeline.build({ ...bad, attachment: { ...bad.attachment!, sha256: 'x' } }, on),
    ).toThrow(TypeError);
  });
});
