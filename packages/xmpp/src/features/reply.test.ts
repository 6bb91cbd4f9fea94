import { describe, expect, it } from 'vitest';
import { parseXml, xml } from '../stanza.js';
import { buildReplyElements, parseReply, quoteForFallback } from './reply.js';

describe('XEP-0461 replies with the XEP-0428 fallback', () => {
  it('reads the example of XEP-0461 §3 and strips the quote', () => {
    const msg =
      parseXml(`<message to='anna@example.com' id='message-id2' type='chat' xmlns='jabber:client'>
      <body>&gt; Anna wrote:
&gt; We should bake a cake
Great idea!</body>
      <reply to='anna@example.com/laptop' id='message-id1' xmlns='urn:xmpp:reply:0' />
      <fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'>
        <body start="0" end="38" />
      </fallback>
    </message>`)!;
    const body = msg.getChildText('body');
    expect(parseReply(msg, body)).toEqual({
      id: 'message-id1',
      to: 'anna@example.com/laptop',
      body: 'Great idea!',
      quote: 'Anna wrote:\nWe should bake a cake',
    });
  });

  it('counts offsets in code points (emoji and other non-BMP text count once)', () => {
    // "> 😀𝄞\n" is 5 code points but 7 UTF-16 units.
    const body = '> 😀𝄞\n🎉 yes';
    const msg = xml(
      'message',
      {},
      xml('body', {}, body),
      xml('reply', { xmlns: 'urn:xmpp:reply:0', id: 'x' }),
      xml(
        'fallback',
        { xmlns: 'urn:xmpp:fallback:0', for: 'urn:xmpp:reply:0' },
        xml('body', { start: '0', end: '5' }),
      ),
    );
    expect(parseReply(msg, body)).toMatchObject({ body: '🎉 yes', quote: '😀𝄞' });
  });

  it('reads the older feature-fallback namespace slixmpp 1.8.3 sends', () => {
    const body = '> hi\nhello';
    const msg = xml(
      'message',
      {},
      xml('body', {}, body),
      xml('reply', { xmlns: 'urn:xmpp:reply:0', id: 'x', to: 'a@b' }),
      xml(
        'fallback',
        { xmlns: 'urn:xmpp:feature-fallback:0', for: 'urn:xmpp:reply:0' },
        xml('body', { start: '0', end: '5' }),
      ),
    );
    expect(parseReply(msg, body)).toMatchObject({ body: 'hello', quote: 'hi', to: 'a@b' });
  });

  it('keeps the whole body when the ranges are unusable or for another feature', () => {
    const reply = xml('reply', { xmlns: 'urn:xmpp:reply:0', id: 'x' });
    const fb = (attrs: Record<string, string>, forNs = 'urn:xmpp:reply:0') =>
      xml('fallback', { xmlns: 'urn:xmpp:fallback:0', for: forNs }, xml('body', attrs));
    const body = 'short';
    for (const bad of [
      fb({ start: '0', end: '99' }),
      fb({ start: '3', end: '1' }),
      fb({ start: '-1', end: '2' }),
      fb({ start: 'a', end: '2' }),
      fb({ start: '0', end: '2' }, 'urn:xmpp:something-else'),
    ]) {
      const msg = xml('message', {}, xml('body', {}, body), reply, bad);
      expect(parseReply(msg, body)?.body).toBe(body);
    }
    // No reply element: not a reply, whatever the fallback says.
    expect(parseReply(xml('message', {}, fb({ start: '0', end: '2' })), body)).toBeNull();
  });

  it('builds the reply and a fallback whose end is the quote length in code points', () => {
    const quote = quoteForFallback('😀 tea?');
    const els = buildReplyElements({
      id: 'orig',
      to: 'bob@x/phone',
      quoteLength: Array.from(quote).length,
    });
    const body = `${quote}yes 🍵`;
    const msg = xml('message', {}, xml('body', {}, body), ...els);
    expect(parseReply(msg, body)).toEqual({
      id: 'orig',
      to: 'bob@x/phone',
      body: 'yes 🍵',
      quote: '😀 tea?',
    });
    expect(buildReplyElements({ id: 'orig' })).toHaveLength(1);
  });
});
