import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../stanza.js';
import { buildChatState, buildChatStateMessage, parseChatState } from './chat-states.js';

describe('XEP-0085 chat states', () => {
  it('parses each state', () => {
    for (const state of ['active', 'composing', 'paused', 'inactive', 'gone'] as const) {
      const msg = parseXml(
        `<message xmlns='jabber:client' type='chat'><${state} xmlns='http://jabber.org/protocol/chatstates'/></message>`,
      )!;
      expect(parseChatState(msg)).toBe(state);
    }
  });

  it('ignores unknown states and foreign namespaces; first known wins', () => {
    expect(
      parseChatState(
        xml('message', {}, xml('shouting', { xmlns: 'http://jabber.org/protocol/chatstates' })),
      ),
    ).toBeNull();
    expect(parseChatState(xml('message', {}, xml('composing', { xmlns: 'urn:evil' })))).toBeNull();
    expect(parseChatState(xml('message', {}, xml('body', {}, 'x')))).toBeNull();
    const two = xml(
      'message',
      {},
      xml('paused', { xmlns: 'http://jabber.org/protocol/chatstates' }),
      xml('composing', { xmlns: 'http://jabber.org/protocol/chatstates' }),
    );
    expect(parseChatState(two)).toBe('paused');
  });

  it('builds a standalone notification with no-store', () => {
    const msg = buildChatStateMessage('Romeo@montague.lit', 'composing');
    expect(msg.toString()).toBe(
      '<message to="romeo@montague.lit" type="chat"><composing xmlns="http://jabber.org/protocol/chatstates"/>' +
        '<no-store xmlns="urn:xmpp:hints"/></message>',
    );
    expect(parseChatState(msg)).toBe('composing');
    expect(buildChatState('gone').toString()).toBe(
      '<gone xmlns="http://jabber.org/protocol/chatstates"/>',
    );
  });

  it('keeps the nick for a private chat through a room, and the bare room for groupchat', () => {
    expect(buildChatStateMessage('lounge@muc.example/Bob', 'paused').attrs).toMatchObject({
      to: 'lounge@muc.example/Bob',
      type: 'chat',
    });
    const room = buildChatStateMessage('lounge@muc.example/Bob', 'composing', 'groupchat');
    expect(room.attrs).toMatchObject({ to: 'lounge@muc.example', type: 'groupchat' });
    expect(parseChatState(room)).toBe('composing');
  });
});
