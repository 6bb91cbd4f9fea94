import { describe, expect, it } from 'vitest';
import { buildSelfPing, interpretSelfPing } from './muc-self-ping.js';

describe('XEP-0410 self-ping', () => {
  it('pings our own occupant JID', () => {
    expect(buildSelfPing('Characters@chat.shakespeare.lit', 'JuliC').toString()).toBe(
      `<iq type="get" to="characters@chat.shakespeare.lit/JuliC"><ping xmlns="urn:xmpp:ping"/></iq>`,
    );
    expect(() => buildSelfPing('a@b', '')).toThrow(TypeError);
  });

  it('interprets outcomes as §3.2 says', () => {
    expect(interpretSelfPing({ result: true })).toBe('joined');
    expect(interpretSelfPing({ errorCondition: 'service-unavailable' })).toBe('joined');
    expect(interpretSelfPing({ errorCondition: 'feature-not-implemented' })).toBe('joined');
    expect(interpretSelfPing({ errorCondition: 'item-not-found' })).toBe('joined');
    expect(interpretSelfPing({ timeout: true })).toBe('unknown');
    expect(interpretSelfPing({ errorCondition: 'remote-server-not-found' })).toBe('unknown');
    expect(interpretSelfPing({ errorCondition: 'remote-server-timeout' })).toBe('unknown');
    for (const c of [
      'not-acceptable',
      'not-allowed',
      'bad-request',
      'forbidden',
      'undefined-condition',
      '',
    ]) {
      expect(interpretSelfPing({ errorCondition: c }), c).toBe('not-joined');
    }
  });
});
