import { Parser } from '@xmpp/xml';
import type { Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { XmppConnection } from './xmpp-connection.js';

describe('XmppConnection incoming bytes', () => {
  it('delivers a message whose emoji is split across two TLS records intact', () => {
    const conn = new XmppConnection(
      { domain: 'localhost', timeout: 1000 },
      () => Promise.reject(new Error('unused')),
      () => {},
    );
    const elements: Element[] = [];
    conn.on('element', (el: Element) => elements.push(el));
    conn._attachParser(new Parser());
    const bytes = Buffer.from(
      "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><message><body>a😀b</body></message>",
    );
    const cut = bytes.indexOf(Buffer.from('😀')) + 2;
    conn._onData(bytes.subarray(0, cut));
    conn._onData(bytes.subarray(cut));
    expect(elements).toHaveLength(1);
    expect(elements[0]?.getChildText('body')).toBe('a😀b');
  });
});
