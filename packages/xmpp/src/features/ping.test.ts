import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { buildPing, buildPong, isPing } from './ping.js';

describe('XEP-0199 ping', () => {
  it('builds pings to the server and to a peer', () => {
    expect(buildPing().toString()).toBe('<iq type="get"><ping xmlns="urn:xmpp:ping"/></iq>');
    expect(buildPing('capulet.lit').attrs.to).toBe('capulet.lit');
  });

  it('answers a ping from the server', () => {
    const ping = xml(
      'iq',
      { from: 'capulet.lit', to: 'juliet@capulet.lit/balcony', id: 's2c1', type: 'get' },
      xml('ping', { xmlns: 'urn:xmpp:ping' }),
    );
    expect(isPing(ping)).toBe(true);
    expect(buildPong(ping)?.toString()).toBe('<iq type="result" to="capulet.lit" id="s2c1"/>');
  });

  it('does not mistake other iqs for pings', () => {
    expect(
      isPing(xml('iq', { type: 'result', id: 'a' }, xml('ping', { xmlns: 'urn:xmpp:ping' }))),
    ).toBe(false);
    expect(isPing(xml('iq', { type: 'get', id: 'a' }, xml('ping', { xmlns: 'urn:evil' })))).toBe(
      false,
    );
    expect(isPing(xml('iq', { type: 'get', id: 'a' }))).toBe(false);
    expect(
      buildPong(xml('iq', { type: 'set', id: 'a' }, xml('ping', { xmlns: 'urn:xmpp:ping' }))),
    ).toBeNull();
  });
});
