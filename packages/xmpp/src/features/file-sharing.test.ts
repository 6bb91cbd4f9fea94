import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseXml, xml } from '../stanza.js';
import {
  buildFileSharing,
  isSha256Base64,
  MAX_SOURCES,
  normalizeMediaType,
  NS_FILE_METADATA,
  NS_HASHES,
  NS_SFS,
  NS_URL_DATA,
  parseFileSharing,
  parseSize,
  sanitizeFileName,
} from './file-sharing.js';

const SHA = createHash('sha256').update('hello').digest('base64');
const OTHER = createHash('sha256').update('other').digest('base64');

function sfs(file: string, sources = '', attrs = ''): ReturnType<typeof parseXml> {
  return parseXml(
    `<message xmlns='jabber:client' from='romeo@montague.lit/r' id='m'>` +
      `<file-sharing xmlns='urn:xmpp:sfs:0' ${attrs}><file xmlns='urn:xmpp:file:metadata:0'>${file}</file>` +
      `<sources>${sources}</sources></file-sharing></message>`,
  );
}
const url = (u: string) => `<url-data xmlns='http://jabber.org/protocol/url-data' target='${u}'/>`;

describe('sanitizeFileName', () => {
  it('keeps ordinary names', () => {
    expect(sanitizeFileName('summit.jpg')).toBe('summit.jpg');
    expect(sanitizeFileName('Élan vital — draft 2.pdf')).toBe('Élan vital — draft 2.pdf');
    expect(sanitizeFileName('.bashrc')).toBe('.bashrc');
  });

  it('keeps only the last path segment (Dino CVE-2021-33896)', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Windows\\system32\\evil.dll')).toBe('evil.dll');
    expect(sanitizeFileName('/abs/path/')).toBeNull();
    expect(sanitizeFileName('..')).toBeNull();
    expect(sanitizeFileName('a/..')).toBeNull();
  });

  it('removes control, bidi and zero-width characters', () => {
    expect(sanitizeFileName('evil\u202Egpj.exe')).toBe('evilgpj.exe');
    expect(sanitizeFileName('a\u0000b\u001fc\u007f\u0085d\u200b.txt')).toBe('abcd.txt');
    expect(sanitizeFileName('line\nbreak.txt')).toBe('linebreak.txt');
    expect(sanitizeFileName('\ud800lone.txt')).toBe('lone.txt');
    expect(sanitizeFileName('\u0000\u202e')).toBeNull();
  });

  it('normalizes to NFC and trims', () => {
    expect(sanitizeFileName('  cafe\u0301.txt  ')).toBe('café.txt');
  });

  it('caps at 255 UTF-8 bytes, keeping the extension and whole characters', () => {
    const name = sanitizeFileName(`${'é'.repeat(300)}.jpeg`)!;
    expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(255);
    expect(name.endsWith('.jpeg')).toBe(true);
    const emoji = sanitizeFileName('😀'.repeat(100))!;
    expect(emoji).toBe('😀'.repeat(63));
    expect(sanitizeFileName(`${'a'.repeat(300)}.${'b'.repeat(200)}`)).toHaveLength(255);
  });

  it('survives 10 KB names with separators and controls', () => {
    const hostile = `${'../'.repeat(2000)}\u0000${'x'.repeat(4000)}\r\n.sh`;
    const name = sanitizeFileName(hostile)!;
    expect(name).toMatch(/^x+\.sh$/);
    expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(255);
    expect(sanitizeFileName(42)).toBeNull();
  });
});

describe('small validators', () => {
  it('normalizeMediaType', () => {
    expect(normalizeMediaType('Image/PNG')).toBe('image/png');
    expect(normalizeMediaType('text/plain; charset=utf-8')).toBe('text/plain');
    expect(normalizeMediaType('application/vnd.oasis.opendocument.text')).toBe(
      'application/vnd.oasis.opendocument.text',
    );
    for (const bad of ['', 'image', 'image/', '/png', 'a/b/c', 'text/html\r\nX: y', 'ü/x', null]) {
      expect(normalizeMediaType(bad)).toBeNull();
    }
    expect(normalizeMediaType(`a/${'b'.repeat(300)}`)).toBeNull();
  });

  it('parseSize accepts only decimal non-negative safe integers', () => {
    expect(parseSize(' 3032449 ')).toBe(3032449);
    expect(parseSize('0')).toBe(0);
    expect(parseSize(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    for (const bad of ['-1', 'NaN', '1e3', '0x10', '1.5', '', '9007199254740993', '9'.repeat(30)]) {
      expect(parseSize(bad)).toBeNull();
    }
  });

  it('isSha256Base64 wants canonical base64 of exactly 32 bytes', () => {
    expect(isSha256Base64(SHA)).toBe(true);
    expect(isSha256Base64(SHA.slice(0, 43))).toBe(false);
    expect(isSha256Base64(`${SHA}=`)).toBe(false);
    expect(isSha256Base64(createHash('sha1').update('x').digest('base64'))).toBe(false);
    expect(isSha256Base64(createHash('sha512').update('x').digest('base64'))).toBe(false);
    expect(isSha256Base64(createHash('sha256').update('x').digest('hex'))).toBe(false);
    // Non-canonical: the last character before '=' has bits set that would be thrown away.
    expect(isSha256Base64(`${SHA.slice(0, 42)}B=`)).toBe(false);
  });
});

describe('parseFileSharing', () => {
  it('reads the XEP-0447 example (with a sha-256 hash)', () => {
    const stanza = sfs(
      `<media-type>image/jpeg</media-type><name>summit.jpg</name><size>3032449</size>` +
        `<dimensions>4096x2160</dimensions>` +
        `<hash xmlns='urn:xmpp:hashes:2' algo='sha3-256'>2XarmwTlNxDAMkvymloX3S5+VbylNrJt/l5QyPa+YoU=</hash>` +
        `<hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>${SHA}</hash><desc>Photo from the summit.</desc>`,
      url('https://download.montague.lit/4a771ac1/summit.jpg') +
        `<jinglepub xmlns='urn:xmpp:jinglepub:1' from='romeo@montague.lit/r' id='9559976B'/>`,
      `disposition='inline'`,
    )!;
    expect(parseFileSharing(stanza)).toEqual({
      name: 'summit.jpg',
      size: 3032449,
      mediaType: 'image/jpeg',
      sha256: SHA,
      urls: ['https://download.montague.lit/4a771ac1/summit.jpg'],
      width: 4096,
      height: 2160,
      disposition: 'inline',
    });
  });

  it('reads what Dino sends (<media_type/>, <width/>, <height/>)', () => {
    const parsed = parseFileSharing(
      sfs(
        `<name>a.png</name><media_type>image/png</media_type><size>91138</size>` +
          `<width>565</width><height>761</height><hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>${SHA}</hash>`,
        url('https://h.example/a.png'),
      )!,
    );
    expect(parsed).toMatchObject({ mediaType: 'image/png', width: 565, height: 761, sha256: SHA });
  });

  it('is null without file-sharing or its file, and tolerates missing fields', () => {
    expect(
      parseFileSharing(parseXml(`<message xmlns='jabber:client'><body>x</body></message>`)!),
    ).toBeNull();
    expect(
      parseFileSharing(
        parseXml(
          `<message xmlns='jabber:client'><file-sharing xmlns='urn:xmpp:sfs:0'/></message>`,
        )!,
      ),
    ).toBeNull();
    expect(parseFileSharing(sfs('')!)).toEqual({
      name: null,
      size: null,
      mediaType: null,
      sha256: null,
      urls: [],
      width: null,
      height: null,
      disposition: null,
    });
  });

  it('refuses negative, NaN, fractional and huge sizes', () => {
    for (const size of ['-5', 'NaN', '12.5', '1e9', '99999999999999999999', 'Infinity']) {
      expect(parseFileSharing(sfs(`<size>${size}</size>`)!)?.size).toBeNull();
    }
  });

  it('keeps only a well-formed, unambiguous sha-256', () => {
    const hash = (algo: string, v: string) =>
      `<hash xmlns='urn:xmpp:hashes:2' algo='${algo}'>${v}</hash>`;
    const get = (inner: string) => parseFileSharing(sfs(inner)!)?.sha256;
    expect(get(hash('sha-256', `  ${SHA}\n`))).toBe(SHA);
    expect(get(hash('sha-256', 'not base64!'))).toBeNull();
    expect(get(hash('sha-256', SHA.slice(1)))).toBeNull();
    expect(get(hash('sha-1', SHA))).toBeNull();
    expect(get(hash('SHA-256', SHA))).toBeNull();
    expect(get(`<hash xmlns='urn:xmpp:hashes:1' algo='sha-256'>${SHA}</hash>`)).toBeNull();
    expect(get(hash('sha-256', SHA) + hash('sha-256', SHA))).toBe(SHA);
    expect(get(hash('sha-256', SHA) + hash('sha-256', OTHER))).toBeNull();
    expect(get(hash('sha-256', 'x'.repeat(10_000)) + hash('sha-256', SHA))).toBe(SHA);
  });

  it('sanitizes hostile names', () => {
    const name = `${'../'.repeat(1500)}\u202Eevil\u0007${'n'.repeat(6000)}.txt`;
    const parsed = parseFileSharing(sfs(`<name>${name}</name>`)!);
    expect(parsed?.name).toMatch(/^eviln+\.txt$/);
    expect(new TextEncoder().encode(parsed!.name!).length).toBeLessThanOrEqual(255);
    expect(parseFileSharing(sfs('<name>../..</name>')!)?.name).toBeNull();
  });

  it('bounds sources: at most 8, deduplicated, no empty or huge targets', () => {
    const many = Array.from({ length: 100 }, (_, i) => url(`https://h.example/${i}`)).join('');
    expect(parseFileSharing(sfs('', many)!)?.urls).toHaveLength(MAX_SOURCES);
    const mixed =
      url('') +
      url(`https://h.example/${'a'.repeat(9000)}`) +
      url('https://h.example/1') +
      url(' https://h.example/1 ') +
      `<url-data target='https://no-ns.example/'/>` +
      url('ftp://x/');
    // The scheme is attachment.ts's business: here only shape and bounds.
    expect(parseFileSharing(sfs('', mixed)!)?.urls).toEqual(['https://h.example/1', 'ftp://x/']);
  });

  it('only looks at direct children in the right namespaces', () => {
    const nested = parseXml(
      `<message xmlns='jabber:client'><wrap xmlns='urn:w'><file-sharing xmlns='urn:xmpp:sfs:0'>` +
        `<file xmlns='urn:xmpp:file:metadata:0'><name>x</name></file></file-sharing></wrap></message>`,
    )!;
    expect(parseFileSharing(nested)).toBeNull();
    const wrongNs = sfs(`<name xmlns='urn:other'>x</name><size xmlns='urn:other'>5</size>`)!;
    expect(parseFileSharing(wrongNs)).toMatchObject({ name: null, size: null });
  });

  it('takes the first of duplicated elements', () => {
    const stanza = sfs(
      '<name>first.txt</name><name>second.txt</name><size>1</size><size>2</size>',
    )!;
    expect(parseFileSharing(stanza)).toMatchObject({ name: 'first.txt', size: 1 });
  });

  it('bounds dimensions and ignores unknown dispositions', () => {
    const parsed = parseFileSharing(
      sfs('<width>0</width><height>99999999</height>', '', `disposition='evil'`)!,
    );
    expect(parsed).toMatchObject({ width: null, height: null, disposition: null });
  });
});

describe('buildFileSharing', () => {
  const file = {
    name: 'summit.jpg',
    size: 3032449,
    mediaType: 'image/jpeg',
    sha256: SHA,
    url: 'https://h.example/x/summit.jpg',
  };

  it('builds the XEP-0447 element with XEP-0446 metadata and an url-data source', () => {
    const el = buildFileSharing({ ...file, width: 640, height: 480 });
    expect(el.toString()).toBe(
      `<file-sharing xmlns="${NS_SFS}"><file xmlns="${NS_FILE_METADATA}">` +
        `<media-type>image/jpeg</media-type><name>summit.jpg</name><size>3032449</size>` +
        `<width>640</width><height>480</height>` +
        `<hash xmlns="${NS_HASHES}" algo="sha-256">${SHA}</hash></file>` +
        `<sources><url-data xmlns="${NS_URL_DATA}" target="https://h.example/x/summit.jpg"/></sources>` +
        `</file-sharing>`,
    );
  });

  it('round-trips through parseFileSharing', () => {
    const stanza = parseXml(xml('message', {}, buildFileSharing(file)).toString())!;
    expect(parseFileSharing(stanza)).toMatchObject({
      name: 'summit.jpg',
      size: 3032449,
      mediaType: 'image/jpeg',
      sha256: SHA,
      urls: [file.url],
      width: null,
    });
  });

  it('sanitizes the name and media type; refuses bad sizes and hashes', () => {
    const el = buildFileSharing({ ...file, name: '../x/\u202Eevil.txt', mediaType: 'garbage' });
    expect(el.toString()).toContain('<name>evil.txt</name>');
    expect(el.toString()).toContain('<media-type>application/octet-stream</media-type>');
    expect(() => buildFileSharing({ ...file, size: -1 })).toThrow(TypeError);
    expect(() => buildFileSharing({ ...file, size: 1.5 })).toThrow(TypeError);
    expect(() => buildFileSharing({ ...file, size: Number.NaN })).toThrow(TypeError);
    expect(() => buildFileSharing({ ...file, sha256: 'abc' })).toThrow(TypeError);
  });
});
