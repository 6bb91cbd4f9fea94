import { createHash } from 'node:crypto';
import { transferErrorCode } from '@parley/contract';
import { describe, expect, it } from 'vitest';
import { jid, parseXml } from '../stanza.js';
import {
  buildFileMessage,
  checkFetchableUrl,
  describeTransferError,
  fileNameFromUrl,
  formatBytes,
  isFetchableUrl,
  parseAttachment,
} from './attachment.js';
import { parseChatMessage } from './chat.js';
import { buildFileSharing } from './file-sharing.js';
import { isMucPrivateMessage, parseGroupchatMessage } from './muc-message.js';
import { parseOob } from './oob.js';

const SHA = createHash('sha256').update('hello').digest('base64');
const msg = (inner: string) =>
  parseXml(
    `<message xmlns='jabber:client' from='romeo@montague.lit/r' type='chat' id='m'>${inner}</message>`,
  )!;
const oob = (u: string) => `<x xmlns='jabber:x:oob'><url>${u}</url></x>`;
const sfs = (meta: string, ...urls: string[]) =>
  `<file-sharing xmlns='urn:xmpp:sfs:0'><file xmlns='urn:xmpp:file:metadata:0'>${meta}</file><sources>` +
  urls
    .map((u) => `<url-data xmlns='http://jabber.org/protocol/url-data' target='${u}'/>`)
    .join('') +
  `</sources></file-sharing>`;

describe('isFetchableUrl / checkFetchableUrl', () => {
  it('accepts https anywhere and http on loopback only', () => {
    expect(isFetchableUrl('https://h.example/a.jpg')).toBe(true);
    expect(isFetchableUrl('http://127.0.0.1:5280/a')).toBe(true);
    expect(isFetchableUrl('http://[::1]/a')).toBe(true);
    expect(isFetchableUrl('http://localhost/a')).toBe(true);
    expect(isFetchableUrl('http://h.example/a')).toBe(false);
    expect(isFetchableUrl('http://192.168.1.1/a')).toBe(false);
    expect(isFetchableUrl('http://localhost.evil.example/a')).toBe(false);
  });

  it('tells insecure from invalid', () => {
    for (const u of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'ftp://h/a',
      'aesgcm://h/a#k',
      'http://h/',
    ]) {
      expect(checkFetchableUrl(u)).toEqual({ ok: false, reason: 'insecure' });
    }
    for (const u of [
      '',
      'h.example/a',
      '/a',
      'https://u:p@h.example/',
      'https://h.example/a\nb',
      42,
      null,
    ]) {
      expect(checkFetchableUrl(u)).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(checkFetchableUrl(`https://h.example/${'a'.repeat(9000)}`)).toMatchObject({ ok: false });
    expect(checkFetchableUrl(' https://H.example/ä ')).toEqual({
      ok: true,
      url: 'https://h.example/%C3%A4',
    });
  });
});

describe('fileNameFromUrl', () => {
  it('takes the last path segment, percent-decoded and sanitized', () => {
    expect(fileNameFromUrl('https://h.example/x/My%20Photo.jpg?size=1#f')).toBe('My Photo.jpg');
    expect(fileNameFromUrl('https://h.example/x/doc.pdf/')).toBe('doc.pdf');
    expect(fileNameFromUrl('https://h.example/x/..%2F..%2Fetc%2Fpasswd')).toBe('passwd');
    expect(fileNameFromUrl('https://h.example/x/%E2%80%AEgpj.exe')).toBe('gpj.exe');
    expect(fileNameFromUrl('https://h.example/bad%E0%A4%A')).toBe('bad%E0%A4%A');
    expect(fileNameFromUrl('https://h.example/')).toBeNull();
    expect(fileNameFromUrl('not a url')).toBeNull();
  });
});

describe('parseAttachment', () => {
  it('reads a plain OOB message (Conversations): name from the URL', () => {
    const u = 'https://share.example/abc/IMG_2020.jpg';
    expect(parseAttachment(msg(`<body>${u}</body>${oob(u)}`))).toEqual({
      url: u,
      name: 'IMG_2020.jpg',
      size: null,
      mediaType: null,
      sha256: null,
    });
  });

  it('prefers SFS metadata (Dino sends both)', () => {
    const u = 'https://share.example/abc/x.png';
    const stanza = msg(
      `<body>${u}</body>${oob(u)}` +
        sfs(
          `<name>Screenshot.png</name><media_type>image/png</media_type><size>91138</size>` +
            `<hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>${SHA}</hash>`,
          u,
        ),
    );
    expect(parseAttachment(stanza)).toEqual({
      url: u,
      name: 'Screenshot.png',
      size: 91138,
      mediaType: 'image/png',
      sha256: SHA,
    });
  });

  it("carries XEP-0447 disposition='attachment' (fetch on a click only), not 'inline'", () => {
    const u = 'https://share.example/abc/x.png';
    const shared = (disposition: string) =>
      msg(
        sfs('<name>x.png</name>', u).replace(
          "<file-sharing xmlns='urn:xmpp:sfs:0'>",
          `<file-sharing xmlns='urn:xmpp:sfs:0' disposition='${disposition}'>`,
        ),
      );
    expect(parseAttachment(shared('attachment'))?.disposition).toBe('attachment');
    expect(parseAttachment(shared('inline'))).not.toHaveProperty('disposition');
    expect(parseAttachment(shared('evil'))).not.toHaveProperty('disposition');
  });

  it('uses the first acceptable source, then the OOB url', () => {
    const good = 'https://ok.example/f.txt';
    expect(
      parseAttachment(msg(sfs('<size>5</size>', 'http://evil.example/f', 'ftp://x/f', good)))?.url,
    ).toBe(good);
    const viaOob = parseAttachment(
      msg(sfs('<name>n.txt</name>', 'http://evil.example/f') + oob(good)),
    );
    expect(viaOob).toMatchObject({ url: good, name: 'n.txt' });
    expect(parseAttachment(msg(sfs('<name>n.txt</name>') + oob(good)))?.url).toBe(good);
  });

  it('is null without a fetchable url', () => {
    expect(parseAttachment(msg('<body>https://h.example/a.jpg</body>'))).toBeNull();
    expect(parseAttachment(msg(oob('http://h.example/a.jpg')))).toBeNull();
    expect(parseAttachment(msg(oob('javascript:alert(1)')))).toBeNull();
    expect(parseAttachment(msg(oob('file:///etc/passwd')))).toBeNull();
    expect(parseAttachment(msg(sfs('<name>a</name>', 'ftp://h/a')))).toBeNull();
    expect(parseAttachment(msg(`<x xmlns='jabber:x:oob'><desc>no url</desc></x>`))).toBeNull();
  });

  it('falls back to "file" when no name can be found', () => {
    expect(parseAttachment(msg(oob('https://h.example/')))?.name).toBe('file');
    expect(parseAttachment(msg(sfs('<name>../..</name>', 'https://h.example/a/b.txt')))?.name).toBe(
      'b.txt',
    );
  });

  it('never throws and always yields contract-valid values on hostile input', () => {
    const hostile = [
      sfs(
        `<name>${'../'.repeat(3000)}\u0000\u202E${'n'.repeat(10_000)}</name><size>-1</size><size>NaN</size>` +
          `<hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>AAAA</hash><media-type>x</media-type>`,
        ...Array.from({ length: 100 }, (_, i) => `https://h.example/${i}`),
      ),
      sfs('<size>1e400</size>', `https://h.example/${'%'.repeat(3000)}`),
      oob(`https://h.example/${'%FF'.repeat(2000)}`),
      `<file-sharing xmlns='urn:xmpp:sfs:0'>${sfs('', 'https://nested.example/x')}</file-sharing>` +
        oob('https://a.example/x'),
    ];
    for (const inner of hostile) {
      const a = parseAttachment(msg(inner));
      if (a === null) continue;
      expect(isFetchableUrl(a.url)).toBe(true);
      expect(a.url.length).toBeLessThanOrEqual(8192);
      expect(a.name.length).toBeGreaterThan(0);
      expect(new TextEncoder().encode(a.name).length).toBeLessThanOrEqual(255);
      // eslint-disable-next-line no-control-regex
      expect(a.name).not.toMatch(/[/\\\u0000-\u001f\u202e]/);
      expect(a.size === null || (Number.isSafeInteger(a.size) && a.size >= 0)).toBe(true);
      expect(a.sha256 === null || a.sha256.length === 44).toBe(true);
    }
  });
});

describe('buildFileMessage', () => {
  const file = {
    id: 'f1',
    url: 'https://upload.montague.lit/x/summit.jpg',
    name: 'summit.jpg',
    size: 3032449,
    mediaType: 'image/jpeg',
    sha256: SHA,
  };

  it('chat: body = URL, OOB, SFS, origin-id, store, receipt request, active', () => {
    const el = buildFileMessage({ ...file, to: 'juliet@capulet.lit', type: 'chat' });
    const stanza = parseXml(el.toString())!;
    expect(stanza.attrs).toMatchObject({ to: 'juliet@capulet.lit', type: 'chat', id: 'f1' });
    const parsed = parseChatMessage(stanza, { ownJid: jid('juliet@capulet.lit/b') })!;
    expect(parsed).toMatchObject({
      body: file.url,
      originId: 'f1',
      receiptRequest: true,
      chatState: 'active',
    });
    expect(parseOob(stanza)).toEqual({ url: file.url, desc: null });
    expect(stanza.getChild('store', 'urn:xmpp:hints')).toBeTruthy();
    expect(stanza.getChild('x', 'http://jabber.org/protocol/muc#user')).toBeUndefined();
    expect(parseAttachment(stanza)).toEqual({
      url: file.url,
      name: 'summit.jpg',
      size: 3032449,
      mediaType: 'image/jpeg',
      sha256: SHA,
    });
    expect(el.getChild('file-sharing', 'urn:xmpp:sfs:0')!.toString()).toBe(
      buildFileSharing(file).toString(),
    );
  });

  it('groupchat: to the bare room, no receipt request or chat state', () => {
    const el = buildFileMessage({ ...file, to: 'room@conference.lit/ignored', type: 'groupchat' });
    const stanza = parseXml(el.toString())!;
    expect(stanza.attrs).toMatchObject({ to: 'room@conference.lit', type: 'groupchat' });
    expect(stanza.getChild('request', 'urn:xmpp:receipts')).toBeUndefined();
    expect(stanza.getChild('active', 'http://jabber.org/protocol/chatstates')).toBeUndefined();
    expect(stanza.getChild('store', 'urn:xmpp:hints')).toBeTruthy();
    stanza.attrs.from = 'room@conference.lit/romeo';
    expect(parseGroupchatMessage(stanza)).toMatchObject({ body: file.url, originId: 'f1' });
    expect(parseAttachment(stanza)?.sha256).toBe(SHA);
  });

  it('private: type chat to room/nick with the muc#user marker', () => {
    const el = buildFileMessage({
      ...file,
      to: 'room@conference.lit/juliet',
      type: 'chat',
      private: true,
    });
    const stanza = parseXml(el.toString())!;
    expect(stanza.attrs).toMatchObject({ to: 'room@conference.lit/juliet', type: 'chat' });
    expect(isMucPrivateMessage(stanza)).toBe(true);
    expect(() =>
      buildFileMessage({ ...file, to: 'room@conference.lit', type: 'chat', private: true }),
    ).toThrow(TypeError);
    expect(() =>
      buildFileMessage({ ...file, to: 'room@conference.lit/j', type: 'groupchat', private: true }),
    ).toThrow(TypeError);
  });

  it('throws TypeError for bad addresses, sizes and hashes', () => {
    expect(() => buildFileMessage({ ...file, to: 'a@b@c', type: 'chat' })).toThrow(TypeError);
    expect(() => buildFileMessage({ ...file, to: 'j@c.lit', type: 'chat', size: -1 })).toThrow(
      TypeError,
    );
    expect(() => buildFileMessage({ ...file, to: 'j@c.lit', type: 'chat', sha256: 'x' })).toThrow(
      TypeError,
    );
  });
});

describe('formatBytes', () => {
  it.each([
    // The renderer's wording (contract format-bytes.ts): "bytes", up to TB.
    [0, '0 bytes'],
    [512, '512 bytes'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [1024 * 1024 - 1, '1 MB'],
    [10 * 1024 * 1024, '10 MB'],
    [12_900_000, '12.3 MB'],
    [5 * 1024 ** 3, '5 GB'],
    [3 * 1024 ** 4, '3 TB'],
    [Number.NaN, '0 bytes'],
  ])('%d → %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});

describe('describeTransferError', () => {
  it('has a sentence for every contract code', () => {
    for (const code of transferErrorCode.options) {
      const text = describeTransferError(code);
      expect(text).toMatch(/^[A-Z].*[.]$/);
    }
  });

  it('states the limit in words for too-large', () => {
    expect(
      describeTransferError('too-large', { size: 12_900_000, maxSize: 10 * 1024 * 1024 }),
    ).toBe('The file is 12.3 MB; this server accepts at most 10 MB.');
    expect(
      describeTransferError('too-large', { size: 10 * 1024 * 1024 + 1, maxSize: 10 * 1024 * 1024 }),
    ).toBe('The file is 10,485,761 bytes; this server accepts at most 10,485,760 bytes.');
    expect(describeTransferError('too-large', { maxSize: 5242880 })).toBe(
      'The file is too large: this server accepts at most 5 MB.',
    );
  });

  it('adds HTTP status, server text and retry time where given', () => {
    expect(describeTransferError('upload-failed', { status: 413 })).toBe(
      'The upload failed (HTTP 413). Try sending the file again.',
    );
    expect(describeTransferError('download-failed', { status: 99999 })).toBe(
      'The download failed.',
    );
    expect(
      describeTransferError('slot-refused', {
        text: 'No\r\n\u202Eway',
        retryAt: Date.UTC(2030, 0, 2, 3, 4),
      }),
    ).toBe('The server refused the upload: “No way”. Try again after 2030-01-02 03:04 UTC.');
  });
});
