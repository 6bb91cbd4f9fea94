import { describe, expect, it } from 'vitest';
import { parseXml, type Element } from '../stanza.js';
import { collectBob, MAX_MEDIA_BYTES, parseFormMedia } from './data-form-media.js';

const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function stanza(media: string, data: string): { iq: Element; x: Element } {
  const iq = parseXml(
    `<iq type='result'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='form'>` +
      `<field var='ocr'><media xmlns='urn:xmpp:media-element' width='120' height='40'>${media}</media></field>` +
      `</x></query>${data}</iq>`,
  );
  const x = iq?.getChild('query')?.getChild('x');
  if (!iq || !x) throw new Error('bad test XML');
  return { iq, x };
}

const bob = (type: string, base64: string, cid = 'c1@bob.xmpp.org') =>
  `<data xmlns='urn:xmpp:bob' cid='${cid}' type='${type}'>${base64}</data>`;
const cid = (type: string, id = 'c1@bob.xmpp.org') => `<uri type='${type}'>cid:${id}</uri>`;

describe('XEP-0221 media with XEP-0231 data', () => {
  it('gives the inline image and the web links of a field', () => {
    const { iq, x } = stanza(
      cid('image/png') + `<uri type='audio/x-wav'>https://example.org/captcha.wav</uri>`,
      bob('image/png', PNG),
    );
    expect(parseFormMedia(x, iq)).toEqual([
      {
        var: 'ocr',
        image: { type: 'image/png', base64: PNG },
        links: ['https://example.org/captcha.wav'],
        width: 120,
        height: 40,
      },
    ]);
  });

  it('finds BoB data inside the payload too', () => {
    const iq = parseXml(
      `<iq><query xmlns='jabber:iq:register'>${bob('image/png', PNG)}</query></iq>`,
    );
    expect(collectBob(iq!).size).toBe(1);
  });

  it('refuses SVG, bytes that are not the type claimed, oversized and broken data', () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64');
    const htmlAsPng = Buffer.from('<html><script>x</script></html>').toString('base64');
    const big = Buffer.alloc(MAX_MEDIA_BYTES + 100, 0x89).toString('base64');
    for (const [type, data] of [
      ['image/svg+xml', svg],
      ['image/png', htmlAsPng],
      ['image/png', big],
      ['image/png', '!!!not base64!!!'],
    ] as const) {
      const { iq, x } = stanza(cid(type), bob(type, data));
      expect(parseFormMedia(x, iq)).toEqual([]);
    }
  });

  it('drops links that are not http(s) and a cid with no data', () => {
    const { iq, x } = stanza(
      cid('image/png', 'missing@bob') +
        `<uri type='text/html'>javascript:alert(1)</uri>` +
        `<uri type='text/html'>data:text/html,hi</uri>` +
        `<uri type='text/html'>https://user:pw@example.org/</uri>`,
      '',
    );
    expect(parseFormMedia(x, iq)).toEqual([]);
  });

  it('bounds the BoB items read from one stanza', () => {
    const many = Array.from({ length: 50 }, (_, i) => bob('image/png', PNG, `c${i}@b`)).join('');
    const iq = parseXml(`<iq>${many}</iq>`);
    expect(collectBob(iq!).size).toBe(8);
  });
});
