import { describe, expect, it } from 'vitest';
import { CIPHER_AES128_GCM, NS_JET, buildJetSecurity, parseJetSecurity } from './jingle-jet.js';
import { NS_OMEMO_LEGACY } from './omemo-ns.js';
import { parseXml, xml, type Element } from '../stanza.js';

const encrypted = () =>
  xml('encrypted', { xmlns: NS_OMEMO_LEGACY }, xml('header', { sid: '5' }, xml('iv', {}, 'AAAA')));

function content(...children: Element[]): Element {
  return xml('content', { creator: 'initiator', name: 'f1', senders: 'initiator' }, ...children);
}

describe('JET-OMEMO <security/>', () => {
  it('is built as Dino reads it and read back', () => {
    const el = parseXml(content(buildJetSecurity('f1', encrypted())).toString())!;
    const security = el.getChild('security', NS_JET)!;
    expect(security.attrs).toMatchObject({
      name: 'f1',
      cipher: CIPHER_AES128_GCM,
      type: NS_OMEMO_LEGACY,
    });
    const read = parseJetSecurity(el);
    expect(read).toMatchObject({ keyBytes: 16 });
    expect(read && 'encrypted' in read && read.encrypted.getChild('header')?.attrs.sid).toBe('5');
  });

  it('reads the XEP’s example cipher names, 128 and 256 bits', () => {
    for (const [cipher, keyBytes] of [
      ['urn:xmpp:ciphers:aes-256-gcm-nopadding', 32],
      ['urn:xmpp:ciphers:aes-256-gcm-nopadding:0', 32],
      ['urn:xmpp:ciphers:aes-128-gcm-nopadding:0', 16],
    ] as const) {
      const el = content(
        xml('security', { xmlns: NS_JET, name: 'f1', cipher, type: NS_OMEMO_LEGACY }, encrypted()),
      );
      expect(parseJetSecurity(el)).toMatchObject({ keyBytes });
    }
  });

  it('is absent from a clear offer', () => {
    expect(parseJetSecurity(content())).toBeNull();
  });

  it('refuses what it cannot honour instead of falling back to clear text', () => {
    const sec = (attrs: Record<string, string>, ...children: Element[]) =>
      xml(
        'security',
        { xmlns: NS_JET, name: 'f1', cipher: CIPHER_AES128_GCM, type: NS_OMEMO_LEGACY, ...attrs },
        ...children,
      );
    const cases: Element[] = [
      content(sec({ type: 'urn:xmpp:encryption:stub:0' }, encrypted())),
      content(sec({ cipher: 'urn:xmpp:ciphers:chacha' }, encrypted())),
      content(sec({ name: 'other' }, encrypted())),
      content(sec({})),
      content(sec({}, encrypted()), sec({}, encrypted())),
    ];
    for (const c of cases) expect(parseJetSecurity(c)).toHaveProperty('refused');
  });
});
