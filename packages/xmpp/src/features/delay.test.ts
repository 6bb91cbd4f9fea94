import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { parseDelay } from './delay.js';

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
