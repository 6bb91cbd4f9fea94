import { jid } from '@xmpp/jid';
import { describe, expect, it } from 'vitest';
import { answersFor } from './iq-addressee.js';

const own = { jid: jid('me@example.org/pc'), domain: 'example.org' };

describe('answersFor: who may answer an iq', () => {
  it('another entity answers from exactly the address it was asked at', () => {
    expect(answersFor('upload.example.org', 'upload.example.org', own)).toBe(true);
    expect(answersFor('Bob@Example.org/Phone', 'bob@example.org/Phone', own)).toBe(true);
    expect(answersFor('upload.example.org', 'evil.example', own)).toBe(false);
    expect(answersFor('upload.example.org', 'x@upload.example.org', own)).toBe(false);
    expect(answersFor('upload.example.org', undefined, own)).toBe(false);
    expect(answersFor('bob@example.org/phone', 'bob@example.org', own)).toBe(false);
    expect(answersFor('bob@example.org', 'bob@example.org/phone', own)).toBe(false);
    expect(answersFor('upload.example.org', 'example.org', own)).toBe(false);
  });

  it('our server answers for our account with no from, our bare or full JID, or itself', () => {
    for (const to of [undefined, 'me@example.org', 'example.org']) {
      expect(answersFor(to, undefined, own)).toBe(true);
      expect(answersFor(to, 'me@example.org', own)).toBe(true);
      expect(answersFor(to, 'me@example.org/pc', own)).toBe(true);
      expect(answersFor(to, 'example.org', own)).toBe(true);
      expect(answersFor(to, 'me@example.org/other', own)).toBe(false);
      expect(answersFor(to, 'boss@example.org', own)).toBe(false);
      expect(answersFor(to, 'evil.example', own)).toBe(false);
      expect(answersFor(to, '@@bad', own)).toBe(false);
    }
  });
});
