import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { answerIq } from './iq-responder.js';

const options = { version: '0.1.0', nowMs: Date.UTC(2024, 0, 1) };
const get = (payload: ReturnType<typeof xml>) =>
  xml('iq', { type: 'get', id: 'i1', from: 'capulet.lit' }, payload);

describe('answerIq', () => {
  it('answers ping, version, time and disco#info', () => {
    expect(answerIq(get(xml('ping', { xmlns: 'urn:xmpp:ping' })), options)?.toString()).toBe(
      '<iq type="result" to="capulet.lit" id="i1"/>',
    );
    expect(
      answerIq(get(xml('query', { xmlns: 'jabber:iq:version' })), options)
        ?.getChild('query')
        ?.getChildText('version'),
    ).toBe('0.1.0');
    expect(
      answerIq(get(xml('time', { xmlns: 'urn:xmpp:time' })), options)
        ?.getChild('time')
        ?.getChildText('utc'),
    ).toBe('2024-01-01T00:00:00Z');
    const disco = answerIq(
      get(xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' })),
      options,
    );
    expect(disco?.attrs.type).toBe('result');
    expect(disco?.getChild('query')?.getChildren('feature').length).toBeGreaterThan(5);
  });

  it('answers unknown get/set with service-unavailable (RFC 6120 §8.4)', () => {
    const reply = answerIq(
      xml(
        'iq',
        { type: 'set', id: 'i2', from: 'romeo@montague.lit/x' },
        xml('query', { xmlns: 'urn:unknown' }),
      ),
      options,
    );
    expect(reply?.attrs).toEqual({ type: 'error', to: 'romeo@montague.lit/x', id: 'i2' });
    expect(reply?.getChild('error')?.getChild('service-unavailable')).toBeDefined();
    // A get with two payloads is not a valid ping: error, not pong.
    const two = xml(
      'iq',
      { type: 'get', id: 'i3' },
      xml('ping', { xmlns: 'urn:xmpp:ping' }),
      xml('x', { xmlns: 'urn:x' }),
    );
    expect(answerIq(two, options)?.attrs.type).toBe('error');
  });

  it('never answers results or errors', () => {
    expect(answerIq(xml('iq', { type: 'result', id: 'r' }), options)).toBeNull();
    expect(answerIq(xml('iq', { type: 'error', id: 'r' }), options)).toBeNull();
    expect(answerIq(xml('message', { id: 'r' }), options)).toBeNull();
  });
});
