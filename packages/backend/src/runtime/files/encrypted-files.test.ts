import type { Message } from '@parley/contract';
import type { Store } from '@parley/store';
import { OutgoingRefused, type OutgoingMessage } from '@parley/xmpp';
import { describe, expect, it } from 'vitest';
import {
  encryptedFetchUrl,
  fileKeyOf,
  sealFileBody,
  secretOf,
  withEncryptedFile,
} from './encrypted-files.js';

const IV = 'a1'.repeat(12);
const KEY = 'b2'.repeat(32);
const URL_12 = `aesgcm://upload.example/slot/x/cat%20photo.jpg#${IV}${KEY}`;

describe('an aesgcm:// body as an encrypted file (XEP-0454)', () => {
  it('becomes an encrypted attachment with its key; the text keeps no key', () => {
    const { text, attachment } = withEncryptedFile(URL_12, null);
    expect(text).toBe('https://upload.example/slot/x/cat%20photo.jpg');
    expect(attachment).toEqual({
      url: 'https://upload.example/slot/x/cat%20photo.jpg',
      name: 'cat photo.jpg',
      size: null,
      mediaType: 'image/jpeg',
      sha256: null,
      encrypted: true,
      aesgcmSecret: IV + KEY,
    });
    expect(text).not.toContain(KEY);
  });

  it('accepts a 16-byte IV and a thumbnail line after the URL (Conversations)', () => {
    const iv16 = 'c3'.repeat(16);
    const body = `aesgcm://h.example/f.png#${iv16}${KEY}\ndata:image/jpeg;base64,/9j/4AAQ`;
    const { attachment } = withEncryptedFile(body, null);
    expect(attachment?.aesgcmSecret).toBe(iv16 + KEY);
    expect(fileKeyOf(attachment!.aesgcmSecret!).iv).toHaveLength(16);
  });

  it.each([
    ['words around it', `look: ${URL_12}`],
    ['a second line of text', `${URL_12}\nnice, isn't it`],
    ['a malformed fragment', `aesgcm://h.example/f#${IV}`],
    ['plain text', 'hello'],
  ])('leaves %s as text', (_what, body) => {
    expect(withEncryptedFile(body, null)).toEqual({ text: body, attachment: null });
  });

  it('keeps a file already announced by OOB or XEP-0447', () => {
    const oob = { url: 'https://h.example/a', name: 'a', size: 1, mediaType: null, sha256: null };
    expect(withEncryptedFile(URL_12, oob)).toEqual({ text: URL_12, attachment: oob });
    expect(withEncryptedFile(null, oob)).toEqual({ text: oob.url, attachment: oob });
  });

  it('round-trips the secret', () => {
    const key = fileKeyOf(IV + KEY);
    expect(secretOf(key)).toBe(IV + KEY);
  });

  it('reads a loopback https address as http only where loopback http is allowed (tests)', () => {
    expect(encryptedFetchUrl('https://127.0.0.1:5280/f', true)).toBe('http://127.0.0.1:5280/f');
    expect(encryptedFetchUrl('https://127.0.0.1:5280/f', false)).toBe('https://127.0.0.1:5280/f');
    expect(encryptedFetchUrl('https://h.example/f', true)).toBe('https://h.example/f');
  });
});

describe('an encrypted file on the wire', () => {
  const message = {
    id: 'm1',
    attachment: {
      url: 'https://upload.example/s/f.jpg',
      name: 'f.jpg',
      size: 3,
      mediaType: 'image/jpeg',
      sha256: null,
      encrypted: true,
    },
  } as Message;
  const outgoing: OutgoingMessage = {
    to: 'bob@example.org',
    kind: 'chat',
    id: 'm1',
    originId: 'm1',
    body: 'https://upload.example/s/f.jpg',
    attachment: {
      url: 'https://upload.example/s/f.jpg',
      name: 'f.jpg',
      size: 3,
      mediaType: 'image/jpeg',
      sha256: 'x',
    },
  };
  const storeWith = (
    secret: string | null,
    omemo: { setting: boolean; lock: 'omemo' | 'off' | null } = { setting: false, lock: null },
  ) =>
    ({
      messages: { attachmentSecret: () => secret },
      settings: { get: (key: string) => key === 'omemo' && omemo.setting },
      omemoConversations: { get: () => omemo.lock },
    }) as unknown as Store;

  it('goes as its aesgcm:// URL with no file metadata (no OOB, no XEP-0447)', () => {
    const sealed = sealFileBody(storeWith(IV + KEY), 'a', message, outgoing);
    expect(sealed).toEqual({
      to: 'bob@example.org',
      kind: 'chat',
      id: 'm1',
      originId: 'm1',
      body: `aesgcm://upload.example/s/f.jpg#${IV}${KEY}`,
    });
  });

  it('is held back, never sent bare, when its key is missing', () => {
    expect(sealFileBody(storeWith(null), 'a', message, outgoing)).toBeNull();
  });

  it('is refused, never sent with its key in the clear, once the OMEMO lock was turned off', () => {
    const off = storeWith(IV + KEY, { setting: true, lock: 'off' });
    expect(() => sealFileBody(off, 'a', message, outgoing)).toThrow(OutgoingRefused);
    expect(() => sealFileBody(off, 'a', message, outgoing)).toThrow(/lock has been turned off/);
    // Under the lock it goes (to be encrypted); with OMEMO off entirely, as before.
    const on = storeWith(IV + KEY, { setting: true, lock: 'omemo' });
    expect(sealFileBody(on, 'a', message, outgoing)?.body).toMatch(/^aesgcm:/);
    const none = storeWith(IV + KEY, { setting: false, lock: 'off' });
    expect(sealFileBody(none, 'a', message, outgoing)?.body).toMatch(/^aesgcm:/);
    // A plaintext file in that conversation is not this guard's business.
    const plain = { ...message, attachment: { ...message.attachment!, encrypted: false } };
    expect(sealFileBody(off, 'a', plain as Message, outgoing)).toBe(outgoing);
  });

  it('leaves every other message alone', () => {
    const plain = { ...message, attachment: null } as Message;
    expect(sealFileBody(storeWith(null), 'a', plain, outgoing)).toBe(outgoing);
  });
});
