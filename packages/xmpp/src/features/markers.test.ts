import { describe, expect, it } from 'vitest';
import { parseXml, xml } from '../stanza.js';
import { buildDisplayedMarker, isMarkable, parseChatMarker } from './markers.js';

describe('XEP-0333 displayed markers', () => {
  it('reads markable and displayed from the examples of §4', () => {
    const markable =
      parseXml(`<message from='northumberland@shakespeare.lit/westminster' to='kingrichard@royalty.england.lit/throne' id='message-1' xmlns='jabber:client'>
      <body>My lord, dispatch; read o'er these articles.</body>
      <markable xmlns='urn:xmpp:chat-markers:0'/>
    </message>`)!;
    expect(isMarkable(markable)).toBe(true);
    expect(parseChatMarker(markable)).toBeNull();
    const displayed =
      parseXml(`<message from='kingrichard@royalty.england.lit/throne' to='northumberland@shakespeare.lit/westminster' id='message-2' xmlns='jabber:client'>
      <displayed xmlns='urn:xmpp:chat-markers:0' id='message-1'/>
    </message>`)!;
    expect(parseChatMarker(displayed)).toEqual({ kind: 'displayed', id: 'message-1' });
    expect(isMarkable(displayed)).toBe(false);
  });

  it('parses received and acknowledged; ignores markers without id', () => {
    const m = (name: string, attrs: Record<string, string>) =>
      xml('message', {}, xml(name, { xmlns: 'urn:xmpp:chat-markers:0', ...attrs }));
    expect(parseChatMarker(m('received', { id: 'a' }))).toEqual({ kind: 'received', id: 'a' });
    expect(parseChatMarker(m('acknowledged', { id: 'b' }))?.kind).toBe('acknowledged');
    expect(parseChatMarker(m('displayed', {}))).toBeNull();
  });

  it('builds a body-less displayed marker with a store hint (groupchat to the bare room)', () => {
    const marker = buildDisplayedMarker({ to: 'bob@x/phone', type: 'chat', id: 'k', target: 'm1' });
    expect(parseChatMarker(marker)).toEqual({ kind: 'displayed', id: 'm1' });
    expect(marker.getChild('body')).toBeUndefined();
    expect(marker.getChild('store', 'urn:xmpp:hints')).toBeDefined();
    const room = buildDisplayedMarker({ to: 'r@c.x/me', type: 'groupchat', id: 'k', target: 's' });
    expect(room.attrs.to).toBe('r@c.x');
  });
});
