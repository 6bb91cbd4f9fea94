import { describe, expect, it } from 'vitest';
import { parseXml, type Element } from '../stanza.js';
import { MAX_AVATAR_BYTES } from './avatar-pep.js';
import {
  buildPhotoUpdate,
  parsePhotoUpdate,
  parseVcardPhoto,
  vcardOf,
  vcardWithPhoto,
} from './avatar-vcard.js';

const HASH = '111f4b3c50d7b0df729d299bc6f8e9ef9066971f';

function el(text: string): Element {
  const parsed = parseXml(text);
  if (!parsed) throw new Error(`bad xml: ${text}`);
  return parsed;
}

const presence = (x: string) => el(`<presence from='juliet@capulet.lit/balcony'>${x}</presence>`);

describe('XEP-0153 presence hash', () => {
  it('reads the photo hash', () => {
    expect(
      parsePhotoUpdate(
        presence(`<x xmlns='vcard-temp:x:update'><photo>${HASH.toUpperCase()}</photo></x>`),
      ),
    ).toBe(HASH);
  });

  it('an empty photo means none; no photo element says nothing', () => {
    expect(parsePhotoUpdate(presence(`<x xmlns='vcard-temp:x:update'><photo/></x>`))).toBe('');
    expect(parsePhotoUpdate(presence(`<x xmlns='vcard-temp:x:update'/>`))).toBeNull();
    expect(parsePhotoUpdate(presence(''))).toBeNull();
  });

  it('a malformed hash says nothing', () => {
    expect(
      parsePhotoUpdate(presence(`<x xmlns='vcard-temp:x:update'><photo>../../etc</photo></x>`)),
    ).toBeNull();
  });

  it('builds our update, empty for no photo', () => {
    expect(buildPhotoUpdate(HASH).toString()).toBe(
      `<x xmlns="vcard-temp:x:update"><photo>${HASH}</photo></x>`,
    );
    expect(buildPhotoUpdate('').toString()).toBe('<x xmlns="vcard-temp:x:update"><photo/></x>');
    expect(parsePhotoUpdate(presence(buildPhotoUpdate(null).toString()))).toBeNull();
  });
});

describe('XEP-0054 PHOTO', () => {
  const vcard = (photo: string) =>
    vcardOf(
      el(`<iq type='result'><vCard xmlns='vcard-temp'><FN>Juliet</FN>${photo}</vCard></iq>`),
    )!;

  it('reads an inline photo', () => {
    expect(
      parseVcardPhoto(vcard(`<PHOTO><TYPE>image/png</TYPE><BINVAL>aGVsbG8=</BINVAL></PHOTO>`)),
    ).toEqual({
      type: 'image/png',
      base64: 'aGVsbG8=',
    });
    expect(parseVcardPhoto(vcard(''))).toBeNull();
  });

  it.each([
    ['an external photo', `<PHOTO><EXTVAL>http://evil.example/a.png</EXTVAL></PHOTO>`],
    ['an SVG photo', `<PHOTO><TYPE>image/svg+xml</TYPE><BINVAL>aGVsbG8=</BINVAL></PHOTO>`],
    ['an untyped photo', `<PHOTO><BINVAL>aGVsbG8=</BINVAL></PHOTO>`],
    [
      'an oversized photo',
      `<PHOTO><TYPE>image/png</TYPE><BINVAL>${'A'.repeat(MAX_AVATAR_BYTES * 2)}</BINVAL></PHOTO>`,
    ],
  ])('refuses %s', (_what, photo) => {
    expect(parseVcardPhoto(vcard(photo))).toHaveProperty('rejected');
  });

  it('replaces only the PHOTO of our vCard', () => {
    const current = vcard(
      `<PHOTO><TYPE>image/jpeg</TYPE><BINVAL>b2xk</BINVAL></PHOTO><NICKNAME>J</NICKNAME>`,
    );
    const next = vcardWithPhoto(current, { type: 'image/png', base64: 'bmV3' });
    const text = next.toString();
    expect(text).toContain('<FN>Juliet</FN>');
    expect(text).toContain('<NICKNAME>J</NICKNAME>');
    expect(text).not.toContain('b2xk');
    expect(parseVcardPhoto(next)).toEqual({ type: 'image/png', base64: 'bmV3' });
    expect(parseVcardPhoto(vcardWithPhoto(next, null))).toBeNull();
  });
});
