import { describe, expect, it } from 'vitest';
import { parseXml, type Element } from '../stanza.js';
import { parseDiscoInfo, type DiscoInfo } from './disco.js';
import {
  buildSlotRequest,
  findAccountUploadService,
  findUploadService,
  NS_UPLOAD,
  parseSlot,
  type UploadSlot,
} from './upload.js';

// XEP-0363 §3: the upload service's disco#info, as Prosody's mod_http_file_share answers it.
const uploadInfo = parseDiscoInfo(
  parseXml(`<iq xmlns='jabber:client' type='result' from='upload.montague.tld' id='d'>
    <query xmlns='http://jabber.org/protocol/disco#info'>
      <identity category='store' type='file' name='HTTP File Upload'/>
      <feature var='urn:xmpp:http:upload:0'/>
      <x type='result' xmlns='jabber:x:data'>
        <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:http:upload:0</value></field>
        <field var='max-file-size'><value>5242880</value></field>
      </x>
    </query></iq>`)!,
)!;
const plain = (features: string[]): DiscoInfo => ({ identities: [], features, forms: [] });

describe('findUploadService', () => {
  it('finds the first item with the feature and reads max-file-size', () => {
    const items = [
      { jid: 'conference.montague.tld', info: plain(['http://jabber.org/protocol/muc']) },
      { jid: 'upload.montague.tld', info: uploadInfo },
      { jid: 'other.montague.tld', info: plain([NS_UPLOAD]) },
    ];
    expect(findUploadService(items)).toEqual({ service: 'upload.montague.tld', maxSize: 5242880 });
    expect(findUploadService(items.slice(2))).toEqual({
      service: 'other.montague.tld',
      maxSize: null,
    });
    expect(findUploadService(items.slice(0, 1))).toBeNull();
    expect(findUploadService([])).toBeNull();
  });

  it('ignores the legacy namespace, other forms and malformed limits', () => {
    expect(findUploadService([{ jid: 'u.tld', info: plain(['urn:xmpp:http:upload']) }])).toBeNull();
    const form = (formType: string | null, value: string) => ({
      ...plain([NS_UPLOAD]),
      forms: [{ formType, illFormed: false, fields: [{ var: 'max-file-size', values: [value] }] }],
    });
    expect(
      findUploadService([{ jid: 'u.tld', info: form('urn:other', '100') }])?.maxSize,
    ).toBeNull();
    for (const bad of ['-1', 'lots', '1e9', '99999999999999999999']) {
      expect(findUploadService([{ jid: 'u.tld', info: form(NS_UPLOAD, bad) }])?.maxSize).toBeNull();
    }
    expect(findUploadService([{ jid: 'u.tld', info: form(NS_UPLOAD, ' 100 ') }])?.maxSize).toBe(
      100,
    );
  });

  it('skips items whose JID is invalid and normalizes the rest', () => {
    const items = [
      { jid: 'a@b@c', info: uploadInfo },
      { jid: 'Upload.Montague.TLD', info: uploadInfo },
    ];
    expect(findUploadService(items)?.service).toBe('upload.montague.tld');
  });

  it('findAccountUploadService looks at the server domain first', () => {
    const server = { jid: 'montague.tld', info: { ...uploadInfo, forms: [] } };
    const items = [{ jid: 'upload.montague.tld', info: uploadInfo }];
    expect(findAccountUploadService(server, items)).toEqual({
      service: 'montague.tld',
      maxSize: null,
    });
    const bareServer = { jid: 'montague.tld', info: plain(['urn:xmpp:ping']) };
    expect(findAccountUploadService(bareServer, items)?.service).toBe('upload.montague.tld');
    expect(findAccountUploadService(null, items)?.service).toBe('upload.montague.tld');
  });
});

describe('buildSlotRequest', () => {
  it('builds the XEP-0363 §4 request', () => {
    const iq = buildSlotRequest({
      service: 'upload.montague.tld',
      filename: 'my-juliet.jpg',
      size: 23456,
      contentType: 'image/jpeg',
    });
    expect(iq.toString()).toBe(
      `<iq type="get" to="upload.montague.tld"><request xmlns="${NS_UPLOAD}" ` +
        `filename="my-juliet.jpg" size="23456" content-type="image/jpeg"/></iq>`,
    );
  });

  it('sanitizes the filename and drops an unusable content type', () => {
    const req = (filename: string, contentType?: string) =>
      buildSlotRequest({ service: 'u.tld', filename, size: 1, contentType }).getChild('request')!;
    expect(req('/home/me/../secret/pic.png').attrs.filename).toBe('pic.png');
    expect(req('C:\\Users\\me\\pic.png').attrs.filename).toBe('pic.png');
    expect(req('a\u0000b\r\nc\u202E.txt').attrs.filename).toBe('abc.txt');
    expect(req('../..').attrs.filename).toBe('file');
    const long = req(`${'ж'.repeat(400)}.tar.gz`).attrs.filename as string;
    expect(new TextEncoder().encode(long).length).toBeLessThanOrEqual(255);
    expect(long.endsWith('.gz')).toBe(true);
    expect(req('a.txt', 'text/plain\r\nX-Evil: 1').attrs['content-type']).toBeUndefined();
    expect(req('a.txt', 'Text/Plain; charset=utf-8').attrs['content-type']).toBe('text/plain');
    expect(req('a.txt').attrs['content-type']).toBeUndefined();
  });

  it('throws TypeError for invalid sizes or service addresses', () => {
    for (const size of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
      expect(() => buildSlotRequest({ service: 'u.tld', filename: 'a', size })).toThrow(TypeError);
    }
    expect(() => buildSlotRequest({ service: 'a@b@c', filename: 'a', size: 1 })).toThrow(TypeError);
    expect(buildSlotRequest({ service: 'u.tld', filename: 'empty', size: 0 }).toString()).toContain(
      'size="0"',
    );
  });
});

function slotIq(put: string, get: string, headers = ''): Element {
  return parseXml(`<iq xmlns='jabber:client' type='result' id='s' from='upload.montague.tld'>
    <slot xmlns='urn:xmpp:http:upload:0'>
      <put url='${put}'>${headers}</put>
      <get url='${get}'/>
    </slot></iq>`)!;
}
const PUT = 'https://upload.montague.tld/4a771ac1/my-juliet.jpg';
const GET = 'https://download.montague.tld/4a771ac1/my-juliet.jpg';

describe('parseSlot', () => {
  it('reads the XEP-0363 example, keeping Authorization and dropping Host', () => {
    const slot = parseSlot(
      slotIq(
        PUT,
        GET,
        `<header name='Authorization'>Basic Base64String==</header><header name='Host'>montague.tld</header>`,
      ),
    );
    expect(slot).toEqual({
      put: PUT,
      get: GET,
      headers: { Authorization: 'Basic Base64String==' },
    });
  });

  it('accepts http only on loopback (tests against a local Prosody)', () => {
    for (const host of ['127.0.0.1:5280', '[::1]:5280', 'localhost:5280', 'LOCALHOST']) {
      const u = `http://${host}/upload/x/a.txt`;
      expect('put' in parseSlot(slotIq(u, u))).toBe(true);
    }
  });

  it.each([
    ['http to the network', 'http://upload.montague.tld/x'],
    ['http to a loopback look-alike', 'http://127.0.0.1.evil.example/x'],
    ['javascript:', 'javascript:alert(1)'],
    ['file:', 'file:///etc/passwd'],
    ['ftp:', 'ftp://upload.montague.tld/x'],
    ['data:', 'data:text/plain,hi'],
  ])('refuses %s as insecure-url', (_name, bad) => {
    const put = parseSlot(slotIq(bad, GET));
    expect(put).toMatchObject({ error: 'insecure-url' });
    expect((put as { message: string }).message).toMatch(/upload address is not a secure/);
    expect(parseSlot(slotIq(PUT, bad))).toMatchObject({ error: 'insecure-url' });
  });

  it.each([
    ['a relative url', '/upload/x'],
    ['an empty url', ''],
    ['a 10 KB url', `https://upload.montague.tld/${'a'.repeat(10_000)}`],
    ['credentials', 'https://user:pw@upload.montague.tld/x'],
    ['a url with a newline', 'https://upload.montague&#10;.tld/x'],
    ['a url with spaces', 'https://upload.montague.tld/a b'],
  ])('refuses %s as slot-refused', (_name, bad) => {
    expect(parseSlot(slotIq(bad, GET))).toMatchObject({ error: 'slot-refused' });
  });

  it('refuses missing or duplicated put/get and non-slot answers', () => {
    const iq = (inner: string) =>
      parseXml(`<iq xmlns='jabber:client' type='result' id='s'>${inner}</iq>`)!;
    const slot = (inner: string) => iq(`<slot xmlns='urn:xmpp:http:upload:0'>${inner}</slot>`);
    expect(parseSlot(slot(`<put url='${PUT}'/>`))).toMatchObject({ error: 'slot-refused' });
    expect(parseSlot(slot(`<get url='${GET}'/>`))).toMatchObject({ error: 'slot-refused' });
    expect(parseSlot(slot(`<put/><get url='${GET}'/>`))).toMatchObject({ error: 'slot-refused' });
    expect(
      parseSlot(slot(`<put url='${PUT}'/><put url='https://evil.example/'/><get url='${GET}'/>`)),
    ).toMatchObject({ error: 'slot-refused' });
    expect(parseSlot(iq(''))).toMatchObject({ error: 'slot-refused' });
    expect(parseSlot(iq(`<slot xmlns='urn:xmpp:http:upload:0.2'/>`))).toMatchObject({
      error: 'slot-refused',
    });
    const get = slotIq(PUT, GET);
    get.attrs.type = 'get';
    expect(parseSlot(get)).toMatchObject({ error: 'slot-refused' });
  });

  it('normalizes URLs (what is checked is what is used)', () => {
    const slot = parseSlot(slotIq('HTTPS://Upload.Montague.TLD/a/ä.jpg', GET)) as UploadSlot;
    expect(slot.put).toBe('https://upload.montague.tld/a/%C3%A4.jpg');
  });

  it('keeps only allowed headers with safe values (no CRLF injection)', () => {
    const h = (name: string, value: string) => `<header name='${name}'>${value}</header>`;
    const slot = parseSlot(
      slotIq(
        PUT,
        GET,
        h('cookie', 'a=b&#13;&#10;X-Injected: 1') +
          h('Authorization', 'Bearer tok&#10;Host: evil') +
          h('Expires', ' Wed, 21 Oct 2015 07:28:00 GMT ') +
          h('X-Custom', 'v') +
          h('Content-Length', '1') +
          h('Authorization&#13;&#10;Host', 'x') +
          h('Cookie', `${'c'.repeat(9000)}`) +
          h('Authorization', 'Bearer second') +
          h('Cookie', 'ok=1'),
      ),
    ) as UploadSlot;
    expect(slot.headers).toEqual({
      Expires: 'Wed, 21 Oct 2015 07:28:00 GMT',
      Authorization: 'Bearer second',
      Cookie: 'ok=1',
    });
  });

  it('drops values fetch() would refuse and bounds the number of headers', () => {
    const many = Array.from({ length: 30 }, () => `<header name='X'>x</header>`).join('');
    const slot = parseSlot(
      slotIq(PUT, GET, `${many}<header name='Authorization'>ok</header>`),
    ) as UploadSlot;
    expect(slot.headers).toEqual({});
    const unicode = parseSlot(
      slotIq(PUT, GET, `<header name='Authorization'>Bearer ☃</header>`),
    ) as UploadSlot;
    expect(unicode.headers).toEqual({});
  });
});
