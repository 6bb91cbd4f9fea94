import { describe, expect, it } from 'vitest';
import { LegacyOmemoError, type LegacyErrorCode } from '@parley/omemo';
import { OmemoV2Error, type OmemoV2ErrorCode } from '@parley/omemo/v2';
import { parseBody, parseXml, stanzaChild, xml } from '@parley/xmpp';
import {
  failureOutcome,
  legacyBody,
  meaningOf,
  openedContent,
  type ErrorMeaning,
} from './omemo-decrypt-outcome.js';

const legacy: [LegacyErrorCode, ErrorMeaning][] = [
  ['duplicate', { kind: 'drop' }],
  ['own-device', { kind: 'drop' }],
  ['not-for-this-device', { kind: 'failed', error: 'not-for-this-device' }],
  ['no-identity', { kind: 'failed', error: 'not-for-this-device' }],
  ['untrusted-identity', { kind: 'failed', error: 'untrusted-key' }],
  ['session-broken', { kind: 'failed', error: 'session-broken' }],
  ['bad-payload', { kind: 'failed', error: 'bad-payload' }],
  ['malformed', { kind: 'failed', error: 'bad-payload' }],
];

const v2: [OmemoV2ErrorCode, ErrorMeaning][] = [
  ['duplicate', { kind: 'drop' }],
  ['not-for-us', { kind: 'failed', error: 'not-for-this-device' }],
  ['no-session', { kind: 'failed', error: 'no-session' }],
  ['identity-mismatch', { kind: 'failed', error: 'untrusted-key' }],
  ['auth-failed', { kind: 'failed', error: 'session-broken' }],
  ['too-many-skipped', { kind: 'failed', error: 'session-broken' }],
  ['unknown-prekey', { kind: 'failed', error: 'session-broken' }],
  ['envelope', { kind: 'failed', error: 'bad-payload' }],
  ['malformed', { kind: 'failed', error: 'bad-payload' }],
];

describe('what a decryption error means for its message', () => {
  it.each(legacy)('legacy %s', (code, meaning) => {
    expect(meaningOf(new LegacyOmemoError(code, 'x'))).toEqual(meaning);
  });
  it.each(v2)('OMEMO 2 %s', (code, meaning) => {
    expect(meaningOf(new OmemoV2Error(code, 'x'))).toEqual(meaning);
  });
  it('anything else is a bad payload, never a crash', () => {
    expect(meaningOf(new Error('boom'))).toEqual({ kind: 'failed', error: 'bad-payload' });
  });
});

describe('the outcome of a message that could not be opened', () => {
  const failed = { kind: 'failed', error: 'session-broken' } as const;
  it('is stored with its error and the sender device', () => {
    expect(failureOutcome('omemo2', failed, false, 9)).toEqual({
      kind: 'failed',
      facts: { encryption: 'omemo2', decryptError: 'session-broken', senderDevice: 9 },
    });
  });
  it('is nothing to store for a key transport, its alert write kept', () => {
    const write = () => {};
    expect(failureOutcome('omemo', failed, true, 9, write)).toEqual({ kind: 'drop', write });
  });
  it('is nothing to store for a replay', () => {
    expect(failureOutcome('omemo', { kind: 'drop' }, false, 9)).toEqual({ kind: 'drop' });
  });
});

describe('the opened message', () => {
  const stanza = xml(
    'message',
    { xmlns: 'jabber:client', type: 'chat', id: 'm1' },
    xml('body', {}, 'fallback'),
    xml('encrypted', { xmlns: 'eu.siacs.conversations.axolotl' }),
    xml('origin-id', { xmlns: 'urn:xmpp:sid:0', id: 'm1' }),
    xml('request', { xmlns: 'urn:xmpp:receipts' }),
  );

  it('keeps the ids and requests, drops the fallback and <encrypted/>, adds the plaintext', () => {
    const opened = openedContent(stanza, [legacyBody(new TextEncoder().encode('secret'))!]);
    expect(opened.attrs.id).toBe('m1');
    expect(opened.getChildren('body').map((b) => b.getText())).toEqual(['secret']);
    expect(opened.getChild('encrypted')).toBeUndefined();
    expect(opened.getChild('origin-id', 'urn:xmpp:sid:0')).toBeDefined();
    expect(opened.getChild('request', 'urn:xmpp:receipts')).toBeDefined();
    // The stanza itself is untouched.
    expect(stanza.getChildText('body')).toBe('fallback');
  });

  it('prefers what the envelope signed over the same element outside it', () => {
    const inner = [xml('body', {}, 'hi'), xml('request', { xmlns: 'urn:xmpp:receipts' }, 'in')];
    const opened = openedContent(stanza, inner);
    expect(opened.getChildren('request').map((r) => r.getText())).toEqual(['in']);
  });

  it("reads OMEMO 2 content in the stanza's namespace, written plainly or with a prefix", () => {
    // What Parley, Gajim or Dino write (an explicit xmlns) and what python's ElementTree writes
    // (a prefix declared on the envelope): both are jabber:client, both must give the body.
    const written = [
      `<content xmlns='urn:xmpp:sce:1'><body xmlns='jabber:client'>hi</body>` +
        `<reply xmlns='urn:xmpp:reply:0' id='r1'/></content>`,
      `<ns0:envelope xmlns:ns0='urn:xmpp:sce:1' xmlns:ns1='jabber:client' ` +
        `xmlns:ns2='urn:xmpp:reply:0'><ns0:content><ns1:body>hi</ns1:body>` +
        `<ns2:reply id='r1'/></ns0:content></ns0:envelope>`,
    ];
    for (const text of written) {
      const root = parseXml(text)!;
      const content = root.getName() === 'content' ? root : root.getChildElements()[0]!;
      const opened = openedContent(parseXml("<message id='m2' type='chat'/>")!, [
        ...content.getChildElements(),
      ]);
      expect(parseBody(opened)?.text).toBe('hi');
      const reply = opened.getChildElements().find((c) => c.getName() === 'reply');
      expect(reply?.getNS()).toBe('urn:xmpp:reply:0');
      expect(reply?.attrs['id']).toBe('r1');
    }
  });

  it("reads an OMEMO 2 <body xmlns='jabber:client'> in a room message that names no namespace", () => {
    // As Prosody's MUC sends a groupchat message: no xmlns attribute on the stanza.
    const fromRoom = xml(
      'message',
      { type: 'groupchat', from: 'room@conf.example.org/ann' },
      xml('encrypted', { xmlns: 'urn:xmpp:omemo:2' }),
    );
    const inner = [xml('body', { xmlns: 'jabber:client' }, 'room secret')];
    const opened = openedContent(fromRoom, inner);
    expect(parseBody(opened)?.text).toBe('room secret');
    // In a message of the client namespace the element is taken as it is.
    expect(parseBody(openedContent(stanza, inner))?.text).toBe('room secret');
  });

  it('puts the envelope’s elements in the message’s namespace, live or archived', () => {
    const envelope = parseXml(
      '<ns0:envelope xmlns:ns0="urn:xmpp:sce:1" xmlns:ns1="jabber:client"><ns0:content>' +
        '<ns1:body>python writes prefixes</ns1:body>' +
        '<ns2:x xmlns:ns2="urn:example"><ns2:y/></ns2:x></ns0:content></ns0:envelope>',
    )!;
    const prefixed = envelope.getChildElements()[0]!.getChildElements();
    const explicit = [xml('body', { xmlns: 'jabber:client' }, 'we write xmlns')];
    // An archived message names jabber:client; a live one leaves it to the stream.
    const live = xml('message', { type: 'chat' }, xml('body', {}, 'fallback'));
    for (const stanzaOf of [stanza, live]) {
      const opened = openedContent(stanzaOf, prefixed);
      expect(stanzaChild(opened, 'body')?.getText()).toBe('python writes prefixes');
      expect(opened.getChild('x', 'urn:example')?.getChild('y', 'urn:example')).toBeDefined();
      expect(stanzaChild(openedContent(stanzaOf, explicit), 'body')?.getText()).toBe(
        'we write xmlns',
      );
    }
  });

  it('refuses a plaintext that is not UTF-8', () => {
    expect(legacyBody(new Uint8Array([0xff, 0xfe]))).toBeNull();
  });
});
