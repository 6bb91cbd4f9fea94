import { describe, expect, it } from 'vitest';
import {
  VerificationUriError,
  buildVerificationUri,
  checkAgainst,
  parseVerificationUri,
} from './verification-uri.js';

const FP1 = 'c4f5bef1e05d3f8e0d91667b0034e87336a27390a3e6b752a0191a4412f84c12';
const FP2 = 'abb94daf3c443ad505bf9c368494bf853cbac9e888bb66cc322c7cbe4afc2559';

describe('the OMEMO verification URI', () => {
  it('is built as Conversations and Dino write it, and read back', () => {
    const uri = buildVerificationUri('Alice@Example.org/phone', [
      {
        deviceId: 1057050797,
        fingerprint: 'c4f5bef1 e05d3f8e 0d91667b 0034e873 36a27390 a3e6b752 a0191a44 12f84c12',
      },
      { deviceId: 868104676, fingerprint: FP2.toUpperCase() },
    ]);
    expect(uri).toBe(
      `xmpp:alice@example.org?omemo-sid-1057050797=${FP1};omemo-sid-868104676=${FP2}`,
    );
    expect(parseVerificationUri(uri)).toEqual({
      jid: 'alice@example.org',
      devices: [
        { deviceId: 1057050797, fingerprint: FP1 },
        { deviceId: 868104676, fingerprint: FP2 },
      ],
    });
  });

  it('reads a link with a query type and other parameters, percent-encoded addresses, and spaces', () => {
    const parsed = parseVerificationUri(
      `  xmpp:ren%C3%A9@example.org?message;otr-fingerprint=811b;omemo-sid-7=${FP1.toUpperCase()}  `,
    );
    expect(parsed).toEqual({
      jid: 'rené@example.org',
      devices: [{ deviceId: 7, fingerprint: FP1 }],
    });
  });

  it.each([
    ['https://example.org', 'not an xmpp: link'],
    ['xmpp:alice@example.org', 'carries no OMEMO fingerprint'],
    [`xmpp:alice@example.org?omemo-sid-0=${FP1}`, 'bad device id'],
    [`xmpp:alice@example.org?omemo-sid-2147483648=${FP1}`, 'out of range'],
    [`xmpp:alice@example.org?omemo-sid-12=${FP1.slice(2)}`, 'not 64 hex digits'],
    [`xmpp:alice@example.org?omemo-sid-12=${FP1};omemo-sid-12=${FP2}`, 'listed twice'],
    ['xmpp:alice@example.org?omemo-sid-12', 'without a fingerprint'],
    [`xmpp:@?omemo-sid-12=${FP1}`, 'valid address'],
    [`xmpp:a@b?${'x'.repeat(5000)}`, 'too long'],
  ])('refuses %s with a reason', (uri, reason) => {
    expect(() => parseVerificationUri(uri)).toThrow(VerificationUriError);
    expect(() => parseVerificationUri(uri)).toThrow(reason);
  });

  it('reads OMEMO 2 devices named omemo2-sid-, beside legacy ones', () => {
    const uri = `xmpp:bob@example.org?omemo-sid-7=${FP1};omemo2-sid-9=${FP2}`;
    expect(parseVerificationUri(uri).devices).toEqual([
      { deviceId: 7, fingerprint: FP1 },
      { deviceId: 9, fingerprint: FP2 },
    ]);
  });

  it('refuses to build from a malformed fingerprint', () => {
    expect(() => buildVerificationUri('a@b', [{ deviceId: 1, fingerprint: 'abc' }])).toThrow(
      VerificationUriError,
    );
  });

  it('tells matching, changed and unknown devices apart', () => {
    const uri = parseVerificationUri(
      `xmpp:a@b?omemo-sid-1=${FP1};omemo-sid-2=${FP1};omemo-sid-3=${FP2}`,
    );
    const known = new Map([
      [1, FP1.match(/.{8}/g)!.join(' ')],
      [2, FP2],
    ]);
    expect(checkAgainst(uri, known)).toEqual([
      { deviceId: 1, result: 'match' },
      { deviceId: 2, result: 'mismatch' },
      { deviceId: 3, result: 'unknown-device' },
    ]);
  });
});
