import { describe, expect, it } from 'vitest';
import { parseXml, xml, type Element } from '../stanza.js';
import { encodeBase64 } from './omemo-base64.js';
import {
  buildEncrypted,
  buildEncryptedMessageChildren,
  hasStoreHint,
  keysFor,
  MAX_KEYS,
  OMEMO_FALLBACK_BODY,
  parseEncrypted,
  parseEncryptedMessage,
  parseEncryptionMarker,
  type LegacyEncrypted,
  type Omemo2Encrypted,
} from './omemo.js';

const el = (text: string): Element => {
  const parsed = parseXml(text);
  if (!parsed) throw new Error(`bad XML in test: ${text.slice(0, 200)}`);
  return parsed;
};
const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

const legacy: LegacyEncrypted = {
  version: 'legacy',
  sid: 27183,
  keys: [
    { rid: 31415, prekey: false, data: bytes(40, 2) },
    { rid: 12321, prekey: true, data: bytes(120, 3) },
  ],
  iv: bytes(12, 4),
  payload: bytes(20, 5),
};
const v2: Omemo2Encrypted = {
  version: 'v2',
  sid: 27183,
  keys: [
    { jid: 'juliet@capulet.lit', keys: [{ rid: 31415, kex: false, data: bytes(40, 2) }] },
    { jid: 'romeo@montague.lit', keys: [{ rid: 1337, kex: true, data: bytes(150, 3) }] },
  ],
  payload: bytes(48, 5),
};

/** A message holding `encrypted` as text, as it comes off the wire. */
function message(encrypted: string): Element {
  return el(
    `<message xmlns='jabber:client' from='romeo@montague.lit/x' type='chat'>${encrypted}</message>`,
  );
}

describe('<encrypted/> of legacy OMEMO', () => {
  it('builds the XEP 0.3 form and reads it back', () => {
    const built = buildEncrypted(legacy).toString();
    expect(built).toMatch(
      /^<encrypted xmlns="eu.siacs.conversations.axolotl"><header sid="27183"><key rid="31415">AgIC.*<\/key><key rid="12321" prekey="true">.*<iv>BAQE.*<\/iv><\/header><payload>BQUF.*<\/payload><\/encrypted>$/,
    );
    expect(parseEncryptedMessage(message(built))).toEqual(legacy);
  });

  it('reads prekey as an XML boolean and a key transport without payload', () => {
    const parsed = parseEncrypted(
      el(
        `<encrypted xmlns='eu.siacs.conversations.axolotl'><header sid='1'>` +
          `<key rid='2' prekey='1'>AQID</key><key rid='3' prekey='false'>AQID</key>` +
          `<iv>${encodeBase64(bytes(12))}</iv></header></encrypted>`,
      ),
    );
    expect(parsed).toEqual({
      version: 'legacy',
      sid: 1,
      keys: [
        { rid: 2, prekey: true, data: new Uint8Array([1, 2, 3]) },
        { rid: 3, prekey: false, data: new Uint8Array([1, 2, 3]) },
      ],
      iv: bytes(12),
    });
    expect(parsed && 'payload' in parsed).toBe(false);
  });

  it('a key transport gets no fallback body; a real message gets one, and both the hints', () => {
    const { payload: _, ...keyTransport } = legacy;
    const empty = buildEncryptedMessageChildren(keyTransport).map((c) => c.getName());
    expect(empty).toEqual(['encrypted', 'store', 'encryption']);
    const full = buildEncryptedMessageChildren(legacy);
    expect(full.map((c) => c.getName())).toEqual(['encrypted', 'store', 'encryption', 'body']);
    expect(full[3]!.getText()).toBe(OMEMO_FALLBACK_BODY);
    const stanza = xml('message', { xmlns: 'jabber:client' }, ...full);
    expect(hasStoreHint(stanza)).toBe(true);
    expect(parseEncryptionMarker(stanza)).toEqual({
      namespace: 'eu.siacs.conversations.axolotl',
      name: 'OMEMO',
    });
  });
});

describe('<encrypted/> of OMEMO 2', () => {
  it('builds the XEP 0.8 form and reads it back', () => {
    const built = buildEncrypted(v2).toString();
    expect(built).toMatch(
      /^<encrypted xmlns="urn:xmpp:omemo:2"><header sid="27183"><keys jid="juliet@capulet.lit"><key rid="31415">.*<keys jid="romeo@montague.lit"><key rid="1337" kex="true">.*<\/header><payload>.*<\/payload><\/encrypted>$/,
    );
    expect(built).not.toContain('<iv>');
    expect(parseEncryptedMessage(message(built))).toEqual(v2);
  });

  it('never carries a fallback body (XEP-0420)', () => {
    const names = buildEncryptedMessageChildren(v2).map((c) => c.getName());
    expect(names).toEqual(['encrypted', 'store', 'encryption']);
  });

  it('finds the keys of one device of one account', () => {
    expect(keysFor(v2, 'romeo@montague.lit/orchard', 1337)).toEqual([
      { rid: 1337, kex: true, data: bytes(150, 3) },
    ]);
    expect(keysFor(v2, 'juliet@capulet.lit', 1337)).toEqual([]);
    expect(keysFor(legacy, 'anyone@x', 12321)).toHaveLength(1);
  });

  it('prefers OMEMO 2 when a message carries both', () => {
    const both = message(buildEncrypted(legacy).toString() + buildEncrypted(v2).toString());
    expect(parseEncryptedMessage(both)).toMatchObject({ version: 'v2' });
  });
});

describe('hostile <encrypted/>', () => {
  const iv = `<iv>${encodeBase64(bytes(12))}</iv>`;
  const L = (header: string, rest = '') =>
    message(`<encrypted xmlns='eu.siacs.conversations.axolotl'>${header}${rest}</encrypted>`);
  const V = (header: string, rest = '') =>
    message(`<encrypted xmlns='urn:xmpp:omemo:2'>${header}${rest}</encrypted>`);

  const cases: [string, Element, RegExp][] = [
    ['no header', L(''), /header missing/],
    ['no sid', L(`<header><key rid='2'>AQID</key>${iv}</header>`), /sender device id/],
    ['sid 0', L(`<header sid='0'><key rid='2'>AQID</key>${iv}</header>`), /sender device id/],
    ['sid too big', V(`<header sid='4294967296'/>`), /sender device id/],
    ['bad rid', L(`<header sid='1'><key rid='-2'>AQID</key>${iv}</header>`), /recipient device id/],
    ['bad base64 key', L(`<header sid='1'><key rid='2'>AQ=D</key>${iv}</header>`), /not base64/],
    ['empty key', L(`<header sid='1'><key rid='2'></key>${iv}</header>`), /not base64/],
    [
      'huge key',
      L(`<header sid='1'><key rid='2'>${encodeBase64(bytes(5000))}</key>${iv}</header>`),
      /too large/,
    ],
    ['no iv', L(`<header sid='1'><key rid='2'>AQID</key></header>`), /iv/],
    ['short iv', L(`<header sid='1'><key rid='2'>AQID</key><iv>AQID</iv></header>`), /iv/],
    [
      'bad payload',
      L(`<header sid='1'><key rid='2'>AQID</key>${iv}</header>`, '<payload>%%%%</payload>'),
      /payload/,
    ],
    [
      'huge payload',
      L(
        `<header sid='1'><key rid='2'>AQID</key>${iv}</header>`,
        `<payload>${'A'.repeat(1_000_000)}</payload>`,
      ),
      /payload/,
    ],
    [
      'v2 keys without jid',
      V(`<header sid='1'><keys><key rid='2'>AQID</key></keys></header>`),
      /bare JID/,
    ],
    [
      'v2 keys with a full jid',
      V(`<header sid='1'><keys jid='a@b/c'><key rid='2'>AQID</key></keys></header>`),
      /bare JID/,
    ],
    [
      'two encrypted elements',
      message(buildEncrypted(legacy).toString() + buildEncrypted(legacy).toString()),
      /more than one/,
    ],
  ];
  for (const [what, stanza, reason] of cases) {
    it(`rejects ${what} with a reason`, () => {
      const parsed = parseEncryptedMessage(stanza);
      expect(parsed).toMatchObject({ rejected: expect.stringMatching(reason) });
    });
  }

  it('rejects 10,000 keys without reading them, in either version', () => {
    const keyList = (n: number) =>
      Array.from({ length: n }, (_, i) => `<key rid='${i + 1}'>AQID</key>`).join('');
    expect(parseEncryptedMessage(L(`<header sid='1'>${keyList(10_000)}${iv}</header>`))).toEqual({
      rejected: `more than ${MAX_KEYS} keys`,
    });
    // Spread over accounts, each group small: the total still counts.
    const groups = Array.from(
      { length: 20 },
      (_, g) => `<keys jid='u${g}@x'>${keyList(60)}</keys>`,
    );
    expect(parseEncryptedMessage(V(`<header sid='1'>${groups.join('')}</header>`))).toEqual({
      rejected: `more than ${MAX_KEYS} keys`,
    });
  });

  it('is not confused by other namespaces', () => {
    expect(
      parseEncryptedMessage(message(`<encrypted xmlns='urn:xmpp:openpgp:0'>x</encrypted>`)),
    ).toBeNull();
    expect(parseEncryptedMessage(message('<body>hi</body>'))).toBeNull();
  });
});
