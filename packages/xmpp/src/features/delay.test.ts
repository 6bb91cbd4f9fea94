import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { parseDelay, trustedDelay } from './delay.js';

describe('XEP-0203 delay', () => {
  it('reads stamp and from', () => {
    const el = xml(
      'message',
      {},
      xml(
        'delay',
        { xmlns: 'urn:xmpp:delay', from: 'Capulet.com', stamp: '2002-09-10T23:08:25Z' },
        'Offline Storage',
      ),
    );
    expect(parseDelay(el)).toEqual({
      stamp: Date.UTC(2002, 8, 10, 23, 8, 25),
      from: 'capulet.com',
    });
  });

  it('skips garbage stamps, legacy jabber:x:delay and absent delays', () => {
    expect(
      parseDelay(xml('message', {}, xml('delay', { xmlns: 'urn:xmpp:delay', stamp: 'soon' }))),
    ).toBeNull();
    expect(parseDelay(xml('message', {}, xml('delay', { xmlns: 'urn:xmpp:delay' })))).toBeNull();
    expect(
      parseDelay(
        xml('message', {}, xml('x', { xmlns: 'jabber:x:delay', stamp: '20020910T23:08:25' })),
      ),
    ).toBeNull();
    expect(parseDelay(xml('message', {}))).toBeNull();
    const badFrom = xml(
      'message',
      {},
      xml('delay', { xmlns: 'urn:xmpp:delay', from: 'a@b@c', stamp: '2002-09-10T23:08:25Z' }),
    );
    expect(parseDelay(badFrom)).toEqual({ stamp: Date.UTC(2002, 8, 10, 23, 8, 25), from: null });
  });
});

describe('trustedDelay', () => {
  const NOW = Date.UTC(2026, 0, 1);
  const server = (by: { domain: string; local: string }) =>
    by.domain === 'example.org' && !by.local;
  const delayed = (stamp: string, from?: string) =>
    xml('message', {}, xml('delay', { xmlns: 'urn:xmpp:delay', stamp, from }));

  it("takes the stamp of a trusted entity's delay, never later than now", () => {
    expect(trustedDelay(delayed('2025-12-31T00:00:00Z', 'example.org'), server, NOW)).toEqual({
      timestamp: Date.UTC(2025, 11, 31),
      trusted: true,
    });
    expect(trustedDelay(delayed('2099-01-01T00:00:00Z', 'example.org'), server, NOW)).toEqual({
      timestamp: NOW,
      trusted: true,
    });
  });

  it('uses the receive time for anyone else, or no delay at all', () => {
    for (const el of [
      delayed('2001-01-01T00:00:00Z', 'boss@example.org'),
      delayed('2099-01-01T00:00:00Z', 'evil.example'),
      delayed('2001-01-01T00:00:00Z'),
      xml('message', {}),
    ]) {
      expect(trustedDelay(el, server, NOW)).toEqual({ timestamp: NOW, trusted: false });
    }
    expect(trustedDelay(delayed('2001-01-01T00:00:00Z', 'x@example.org'), () => true, NOW)).toEqual(
      { timestamp: Date.UTC(2001, 0, 1), trusted: true },
    );
  });
});
