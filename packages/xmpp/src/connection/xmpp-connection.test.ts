import { EventEmitter } from 'node:events';
import { Parser } from '@xmpp/xml';
import type { Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import type { SessionError } from './errors.js';
import type { XmppSocket } from './socket.js';
import { XmppConnection } from './xmpp-connection.js';

const HEADER =
  "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

/** What the connection wrote to its socket, and whether it closed it. */
class FakeSocket extends EventEmitter {
  written = '';
  ended = false;
  secure = false;
  write(data: string, cb: (err?: Error | null) => void): void {
    this.written += data;
    cb();
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {}
}

function connection(maxStanzaBytes?: number) {
  const conn = new XmppConnection(
    { domain: 'evil.example', timeout: 1000, ...(maxStanzaBytes ? { maxStanzaBytes } : {}) },
    () => Promise.reject(new Error('unused')),
    () => {},
  );
  const socket = new FakeSocket();
  conn._attachSocket(socket as unknown as XmppSocket);
  const elements: Element[] = [];
  const errors: SessionError[] = [];
  conn.on('element', (el: Element) => elements.push(el));
  conn.on('error', (err: SessionError) => errors.push(err));
  const parser = new Parser();
  let parsed = 0;
  const write = parser.write.bind(parser);
  parser.write = (text: string) => {
    parsed += text.length;
    write(text);
  };
  conn._attachParser(parser);
  return { conn, socket, elements, errors, parsedChars: () => parsed };
}

describe('XmppConnection incoming bytes', () => {
  it('delivers a message whose emoji is split across two TLS records intact', () => {
    const { conn, elements } = connection();
    const bytes = Buffer.from(`${HEADER}<message><body>a😀b</body></message>`);
    const cut = bytes.indexOf(Buffer.from('😀')) + 2;
    conn._onData(bytes.subarray(0, cut));
    conn._onData(bytes.subarray(cut));
    expect(elements).toHaveLength(1);
    expect(elements[0]?.getChildText('body')).toBe('a😀b');
  });

  it.each([
    ['an unknown entity', '<message><body>&bogus;</body></message>'],
    ['a forbidden character reference', '<message><body>&#1;</body></message>'],
    ['two mismatched end tags in one chunk', '<message><body></x></y></message>'],
    ['an end tag before any start tag', '</message></message>'],
  ])('closes the stream as not-well-formed on %s, without throwing', (_what, xml) => {
    const { conn, socket, elements, errors } = connection();
    conn._onData(Buffer.from(HEADER));
    expect(() => conn._onData(Buffer.from(xml))).not.toThrow();
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe('stream-error');
    expect(errors[0]?.condition).toBe('not-well-formed');
    expect(errors[0]?.message).toMatch(/evil\.example sent malformed XML/);
    expect(socket.written).toContain('<not-well-formed');
    expect(socket.written).toMatch(/<\/stream:stream>$/);
    expect(socket.ended).toBe(true);
    // Nothing more from this socket is parsed or acted on.
    conn._onData(Buffer.from('<message from="x@y"><body>after</body></message>'));
    expect(elements).toHaveLength(0);
    expect(errors).toHaveLength(1);
  });

  it('closes a stream with policy-violation once an unterminated 10 MB token passes 1 MiB', () => {
    const { conn, socket, errors, parsedChars } = connection();
    conn._onData(Buffer.from(`${HEADER}<message><body>`));
    const chunk = Buffer.alloc(16 * 1024, 'A');
    let fed = 0;
    for (let i = 0; i < 640 && errors.length === 0; i++) {
      conn._onData(chunk);
      fed += chunk.length;
    }
    expect(errors[0]?.condition).toBe('policy-violation');
    expect(socket.written).toContain('<policy-violation');
    expect(socket.ended).toBe(true);
    // Stopped within one read of the cap, long before the 10 MB were sent.
    expect(fed).toBeGreaterThan(1024 * 1024 - 64 * 1024);
    expect(fed).toBeLessThanOrEqual(1024 * 1024 + chunk.length);
    const before = parsedChars();
    conn._onData(chunk);
    expect(parsedChars()).toBe(before);
  });

  it('counts an unterminated opening tag (a huge attribute) against the cap too', () => {
    const { conn, errors } = connection(64 * 1024);
    conn._onData(Buffer.from(`${HEADER}<message to='`));
    for (let i = 0; i < 100 && errors.length === 0; i++) conn._onData(Buffer.alloc(4 * 1024, 'b'));
    expect(errors[0]?.condition).toBe('policy-violation');
  });

  it('accepts many stanzas adding up to far more than the cap, and one a read under it', () => {
    const { conn, elements, errors } = connection(64 * 1024);
    conn._onData(Buffer.from(HEADER));
    const small = `<message><body>${'x'.repeat(1000)}</body></message>`;
    for (let i = 0; i < 300; i++) conn._onData(Buffer.from(small.repeat(4)));
    // The meter may count the read in which the previous stanza ended (here 16 KiB) as well.
    const big = `<message><body>${'y'.repeat(46 * 1024)}</body></message>`;
    for (let at = 0; at < big.length; at += 4096)
      conn._onData(Buffer.from(big.slice(at, at + 4096)));
    expect(errors).toEqual([]);
    expect(elements).toHaveLength(1201);
  });
});
