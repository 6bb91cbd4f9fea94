import { describe, expect, it } from 'vitest';
import { parseXml, type Element } from '../stanza.js';
import {
  buildVcard4,
  buildVcard4Publish,
  emptyProfile,
  MAX_PROFILE_FIELD,
  MAX_PROFILE_NOTE,
  parseVcard4,
  vcard4OfResult,
  type ProfileFields,
} from './vcard4.js';
import { buildVcardTemp, parseVcardTemp, vcardTempOfResult } from './vcard-temp.js';

function el(text: string): Element {
  const parsed = parseXml(text);
  if (!parsed) throw new Error(`bad xml: ${text}`);
  return parsed;
}

const PROFILE: ProfileFields = {
  fullName: 'Juliet Capulet',
  nickname: 'Jule',
  email: 'juliet@example.org',
  organisation: 'House Capulet',
  note: 'Wherefore art thou',
  url: 'https://capulet.example',
  birthday: '1996-07-15',
  phone: '+1 555 0100',
};

describe('XEP-0292 vCard4', () => {
  it('round-trips every profile field', () => {
    const built = buildVcard4(PROFILE);
    expect(parseVcard4(el(built.toString()))).toEqual({ ...PROFILE, phone: '+15550100' });
  });

  it('keeps unknown properties, parameters and a second email on edit', () => {
    const server = el(
      `<vcard xmlns="urn:ietf:params:xml:ns:vcard-4.0">` +
        `<fn><text>Old Name</text></fn>` +
        `<email><parameters><type><text>work</text></type></parameters><text>old@example.org</text></email>` +
        `<email><text>second@example.org</text></email>` +
        `<impp><uri>xmpp:juliet@example.org</uri></impp>` +
        `<x-custom xmlns="urn:example:other">kept</x-custom>` +
        `<note><text>gone</text></note>` +
        `</vcard>`,
    );
    const built = el(
      buildVcard4(
        { ...emptyProfile(), fullName: 'New Name', email: 'new@example.org' },
        server,
      ).toString(),
    );
    const text = built.toString();
    expect(parseVcard4(built)).toMatchObject({
      fullName: 'New Name',
      email: 'new@example.org',
      note: '',
    });
    expect(text).toContain('<impp><uri>xmpp:juliet@example.org</uri></impp>');
    expect(text).toContain('<x-custom xmlns="urn:example:other">kept</x-custom>');
    expect(text).toContain('second@example.org');
    expect(text).toContain('<type><text>work</text></type>');
    expect(text).not.toContain('gone');
    expect(built.getChild('x-custom')?.getNS()).toBe('urn:example:other');
  });

  it('bounds hostile values and ignores what is no vCard4', () => {
    const huge = 'x'.repeat(100_000);
    const parsed = parseVcard4(
      el(
        `<vcard xmlns="urn:ietf:params:xml:ns:vcard-4.0"><fn><text>${huge}</text></fn>` +
          `<note><text>${huge}</text></note><nickname><text>a\u0001b</text></nickname></vcard>`,
      ),
    );
    expect(parsed?.fullName).toHaveLength(MAX_PROFILE_FIELD);
    expect(parsed?.note).toHaveLength(MAX_PROFILE_NOTE);
    expect(parsed?.nickname).toBe('ab');
    expect(
      parseVcard4(el('<vcard xmlns="urn:example:fake"><fn><text>x</text></fn></vcard>')),
    ).toBeNull();
    // A property in another namespace is not ours to read.
    expect(
      parseVcard4(
        el(
          '<vcard xmlns="urn:ietf:params:xml:ns:vcard-4.0"><fn xmlns="urn:x"><text>x</text></fn></vcard>',
        ),
      )?.fullName,
    ).toBe('');
  });

  it('keeps at most 200 children of a flooded vCard', () => {
    const flood = '<x-junk><text>j</text></x-junk>'.repeat(10_000);
    const built = buildVcard4(
      PROFILE,
      el(`<vcard xmlns="urn:ietf:params:xml:ns:vcard-4.0">${flood}</vcard>`),
    );
    expect(built.getChildElements().length).toBeLessThanOrEqual(200 + 8);
  });

  it('publishes with the access model asked for and reads a fetch result', () => {
    const publish = buildVcard4Publish(buildVcard4(PROFILE), 'open').toString();
    expect(publish).toContain('<publish node="urn:xmpp:vcard4"><item id="current">');
    expect(publish).toContain('<field var="pubsub#access_model"><value>open</value></field>');
    const result = el(
      `<iq type="result"><pubsub xmlns="http://jabber.org/protocol/pubsub">` +
        `<items node="urn:xmpp:vcard4"><item id="current">${buildVcard4(PROFILE).toString()}` +
        `</item></items></pubsub></iq>`,
    );
    expect(parseVcard4(vcard4OfResult(result))?.fullName).toBe('Juliet Capulet');
    expect(vcard4OfResult(el('<iq type="result"/>'))).toBeNull();
  });
});

describe('XEP-0054 vcard-temp', () => {
  it('round-trips every profile field', () => {
    expect(parseVcardTemp(el(buildVcardTemp(PROFILE).toString()))).toEqual(PROFILE);
  });

  it('keeps PHOTO, unknown fields and type flags when our profile is written', () => {
    const server = el(
      `<vCard xmlns="vcard-temp"><FN>Old</FN><PHOTO><TYPE>image/png</TYPE><BINVAL>iVBORw0KGgo=</BINVAL></PHOTO>` +
        `<EMAIL><WORK/><INTERNET/><USERID>old@example.org</USERID></EMAIL><ADR><LOCALITY>Verona</LOCALITY></ADR>` +
        `<DESC>old note</DESC></vCard>`,
    );
    const built = el(buildVcardTemp({ ...PROFILE, note: '' }, server).toString());
    const text = built.toString();
    expect(text).toContain('<PHOTO><TYPE>image/png</TYPE><BINVAL>iVBORw0KGgo=</BINVAL></PHOTO>');
    expect(text).toContain('<ADR><LOCALITY>Verona</LOCALITY></ADR>');
    expect(text).toContain('<EMAIL><WORK/><INTERNET/><USERID>juliet@example.org</USERID></EMAIL>');
    expect(text).not.toContain('old note');
    expect(parseVcardTemp(built)).toMatchObject({ fullName: 'Juliet Capulet', note: '' });
  });

  it('bounds hostile values and rejects other elements', () => {
    const parsed = parseVcardTemp(
      el(
        `<vCard xmlns="vcard-temp"><FN>${'y'.repeat(50_000)}</FN><ORG><ORGNAME>o</ORGNAME></ORG></vCard>`,
      ),
    );
    expect(parsed?.fullName).toHaveLength(MAX_PROFILE_FIELD);
    expect(parsed?.organisation).toBe('o');
    expect(parseVcardTemp(el('<vcard xmlns="vcard-temp"/>'))).toBeNull();
    expect(
      vcardTempOfResult(el('<iq type="result"><vCard xmlns="vcard-temp"><FN>a</FN></vCard></iq>')),
    ).not.toBeNull();
    expect(vcardTempOfResult(el('<iq type="result"/>'))).toBeNull();
  });
});
