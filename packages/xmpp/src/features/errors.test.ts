import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../stanza.js';
import { buildIqError, parseStanzaError } from './errors.js';

describe('stanza errors', () => {
  it('answers an unknown iq get with service-unavailable', () => {
    const iq = xml(
      'iq',
      { type: 'get', id: 'u1', from: 'romeo@montague.lit/home', to: 'juliet@capulet.lit/balcony' },
      xml('query', { xmlns: 'urn:unknown' }),
    );
    expect(buildIqError(iq)?.toString()).toBe(
      '<iq type="error" to="romeo@montague.lit/home" id="u1"><error type="cancel">' +
        '<service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>',
    );
  });

  it('carries a custom condition, type and text, and parses back', () => {
    const iq = xml('iq', { type: 'set', id: 'u2' });
    const error = buildIqError(iq, 'forbidden', 'auth', 'Not from you')!;
    expect(error.attrs.to).toBeUndefined();
    expect(parseStanzaError(error)).toEqual({
      type: 'auth',
      condition: 'forbidden',
      text: 'Not from you',
    });
  });

  it('never answers results, errors or id-less iqs', () => {
    expect(buildIqError(xml('iq', { type: 'result', id: 'a' }))).toBeNull();
    expect(buildIqError(xml('iq', { type: 'error', id: 'a' }))).toBeNull();
    expect(buildIqError(xml('iq', { type: 'get' }))).toBeNull();
    expect(buildIqError(xml('message', { type: 'get', id: 'a' }))).toBeNull();
  });

  it('parses hostile errors tolerantly', () => {
    const odd = parseXml(`<message xmlns='jabber:client' type='error'><error type='bogus'>
      <made-up xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><forbidden xmlns='urn:evil'/>
      <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>${'t'.repeat(3000)}</text></error></message>`)!;
    const parsed = parseStanzaError(odd);
    expect(parsed).toMatchObject({ type: 'cancel', condition: 'undefined-condition' });
    expect(parsed?.text).toHaveLength(1024);
    expect(parseStanzaError(xml('message', { type: 'error' }))).toEqual({
      type: 'cancel',
      condition: 'undefined-condition',
      text: null,
    });
    expect(parseStanzaError(xml('message', { type: 'chat' }))).toBeNull();
  });
});
