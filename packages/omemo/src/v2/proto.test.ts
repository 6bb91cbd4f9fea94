import { describe, expect, it } from 'vitest';
import { OmemoV2Error } from './errors.js';
import {
  decodeAuthenticatedMessage,
  decodeKeyExchange,
  decodeOmemoMessage,
  encodeOmemoMessage,
} from './proto.js';

const key = new Uint8Array(32).fill(7);
const good = encodeOmemoMessage({ n: 1, pn: 2, dhPub: key, ciphertext: new Uint8Array(48) });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'accepted';
  } catch (e) {
    return e instanceof OmemoV2Error ? e.code : String(e);
  }
};

describe('strict protobuf decoding', () => {
  it('accepts a well-formed OMEMOMessage', () => {
    expect(decodeOmemoMessage(good).n).toBe(1);
  });
  it.each([
    ['an unknown field', Uint8Array.from([...good, 0x28, 0x01])],
    ['a repeated field', Uint8Array.from([...good, 0x08, 0x01])],
    ['a wrong wire type', Uint8Array.from([0x0a, 0x00, ...good.slice(2)])],
    ['a missing required field', encodeOmemoMessage({ n: 1, pn: 2, dhPub: key }).slice(2)],
    ['a short dh_pub', encodeOmemoMessage({ n: 1, pn: 2, dhPub: key.slice(1) })],
    ['a truncated message', good.slice(0, good.length - 3)],
    [
      'a varint beyond uint32',
      Uint8Array.from([0x08, 0xff, 0xff, 0xff, 0xff, 0x7f, ...good.slice(2)]),
    ],
    ['a 6-byte varint', Uint8Array.from([0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00])],
    ['an oversized message', new Uint8Array(5000)],
    [
      'a ciphertext not a multiple of 16',
      encodeOmemoMessage({ n: 1, pn: 2, dhPub: key, ciphertext: new Uint8Array(15) }),
    ],
  ])('refuses %s', (_name, bytes) => {
    expect(codeOf(() => decodeOmemoMessage(bytes))).toBe('malformed');
  });
  it('refuses a MAC of the wrong length and a key exchange without its message', () => {
    expect(
      codeOf(() => decodeAuthenticatedMessage(Uint8Array.from([0x0a, 0x01, 0x00, 0x12, 0x00]))),
    ).toBe('malformed');
    const noMessage = Uint8Array.from([
      0x08,
      0x01,
      0x10,
      0x01,
      0x1a,
      0x20,
      ...key,
      0x22,
      0x20,
      ...key,
    ]);
    expect(codeOf(() => decodeKeyExchange(noMessage))).toBe('malformed');
  });
  it('refuses to encode values outside uint32', () => {
    expect(codeOf(() => encodeOmemoMessage({ n: 2 ** 32, pn: 0, dhPub: key }))).toBe('malformed');
    expect(codeOf(() => encodeOmemoMessage({ n: -1, pn: 0, dhPub: key }))).toBe('malformed');
  });
});
