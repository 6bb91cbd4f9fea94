// Seeded mutations of file-transfer stanzas (SFS + OOB messages, upload slots and refusals) run
// through every parser of upload.ts, oob.ts, file-sharing.ts and attachment.ts. Asserts that
// none throws and that what they accept keeps its invariants, not just that nothing crashes.
import { attachment as attachmentSchema } from '@parley/contract';
import { describe, expect, it } from 'vitest';
import { allElements, rng } from '../test-support/mutate-stanza.js';
import { parseXml, type Element } from '../stanza.js';
import { isFetchableUrl, parseAttachment } from './attachment.js';
import { isSha256Base64, parseFileSharing } from './file-sharing.js';
import { parseOob } from './oob.js';
import { parseSlot, parseSlotError } from './upload.js';

const SHA = 'LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=';
const seeds = [
  `<message xmlns='jabber:client' from='romeo@montague.lit/r' type='chat' id='m'><body>https://h.example/a/s.jpg</body><x xmlns='jabber:x:oob'><url>https://h.example/a/s.jpg</url></x><file-sharing xmlns='urn:xmpp:sfs:0' disposition='inline'><file xmlns='urn:xmpp:file:metadata:0'><media-type>image/jpeg</media-type><name>s.jpg</name><size>3032449</size><width>4</width><height>3</height><hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>${SHA}</hash></file><sources><url-data xmlns='http://jabber.org/protocol/url-data' target='https://h.example/a/s.jpg'/></sources></file-sharing></message>`,
  `<iq xmlns='jabber:client' type='result' id='s' from='upload.montague.tld'><slot xmlns='urn:xmpp:http:upload:0'><put url='https://up.example/x/a.jpg'><header name='Authorization'>Bearer t</header><header name='Cookie'>c=1</header></put><get url='https://dl.example/x/a.jpg'/></slot></iq>`,
  `<iq xmlns='jabber:client' type='error' id='s'><request xmlns='urn:xmpp:http:upload:0' filename='a' size='5'/><error type='modify'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>File too large</text><file-too-large xmlns='urn:xmpp:http:upload:0'><max-file-size>20000</max-file-size></file-too-large><retry xmlns='urn:xmpp:http:upload:0' stamp='2017-12-03T23:42:05Z'/></error></iq>`,
];

const hostileValues = [
  '',
  '-1',
  'NaN',
  '1e400',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'http://evil.example/x',
  'https://u:p@evil.example/',
  'https://ok.example/%E0%A4%A',
  '../../etc/passwd',
  'a\r\nInjected: 1',
  '\u202Eexe.jpg',
  'x'.repeat(10_000),
  SHA.slice(1),
];

function mutate(root: Element, random: () => number): void {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  for (let i = 0; i < 1 + Math.floor(random() * 4); i++) {
    const el = pick(allElements(root));
    const keys = Object.keys(el.attrs);
    switch (Math.floor(random() * 6)) {
      case 0:
        if (keys.length) delete el.attrs[pick(keys)];
        break;
      case 1:
        el.attrs[keys.length ? pick(keys) : 'url'] = pick(hostileValues);
        break;
      case 2:
        el.attrs.xmlns = pick([
          'urn:evil',
          'jabber:x:oob',
          'urn:xmpp:sfs:0',
          'urn:xmpp:http:upload:0',
        ]);
        break;
      case 3: {
        // Duplicate a child, or nest a copy of the element inside itself.
        const child = pick([...el.getChildElements(), el]);
        el.append(parseXml(child.toString())!);
        break;
      }
      case 4:
        el.children = [pick(hostileValues)];
        break;
      default:
        el.children = el.children.slice(1);
    }
  }
}

describe('file-transfer hostile corpus', () => {
  it('no parser throws, and accepted values keep their invariants', () => {
    const random = rng(20250719);
    let attachments = 0;
    let slots = 0;
    for (let round = 0; round < 3000; round++) {
      const stanza = parseXml(seeds[round % seeds.length]!)!;
      mutate(stanza, random);
      const run = () => {
        const a = parseAttachment(stanza);
        if (a) {
          attachments++;
          expect(attachmentSchema.safeParse(a).success).toBe(true);
          expect(isFetchableUrl(a.url)).toBe(true);
          // eslint-disable-next-line no-control-regex
          expect(a.name).not.toMatch(/[/\\\u0000-\u001f\u202e]/);
          expect(a.sha256 === null || isSha256Base64(a.sha256)).toBe(true);
        }
        const shared = parseFileSharing(stanza);
        if (shared) expect(shared.urls.length).toBeLessThanOrEqual(8);
        parseOob(stanza);
        const slot = parseSlot(stanza);
        if ('put' in slot) {
          slots++;
          expect(isFetchableUrl(slot.put) && isFetchableUrl(slot.get)).toBe(true);
          for (const [name, value] of Object.entries(slot.headers)) {
            expect(['Authorization', 'Cookie', 'Expires']).toContain(name);
            // eslint-disable-next-line no-control-regex
            expect(value).not.toMatch(/[\r\n\u0000]/);
          }
        } else {
          expect(slot.message.length).toBeGreaterThan(0);
        }
        const err = parseSlotError(stanza, 1234);
        expect(err.message).toMatch(/^[A-Z].*\.$/s);
        expect(err.message).not.toMatch(/[\r\n\u202e]/);
      };
      expect(run, stanza.toString().slice(0, 300)).not.toThrow();
    }
    // The corpus still exercises the accepting paths, not only rejections.
    expect(attachments).toBeGreaterThan(100);
    expect(slots).toBeGreaterThan(50);
  });
});
