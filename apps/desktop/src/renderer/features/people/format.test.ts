import { describe, expect, it } from 'vitest';
import { agoText, formatOffset, subscriptionWords, theirLocalTime, xmppUri } from './format';

describe('contact details formatting', () => {
  it('shows their local time in their offset', () => {
    const utc = Date.UTC(2026, 0, 2, 23, 30);
    expect(theirLocalTime(utc, 120)).toBe('01:30 (UTC+02:00)');
    expect(theirLocalTime(utc, -330, 60_000)).toBe('18:01 (UTC−05:30)');
    expect(formatOffset(0)).toBe('UTC+00:00');
  });

  it('says how long ago in words', () => {
    expect(agoText(5)).toBe('just now');
    expect(agoText(61)).toBe('1 minute ago');
    expect(agoText(3 * 86_400 + 5)).toBe('3 days ago');
  });

  it('says the subscription state in words', () => {
    expect(subscriptionWords({ subscription: 'both', askSubscribe: false })).toMatch(/each other/);
    expect(subscriptionWords({ subscription: 'none', askSubscribe: true })).toMatch(
      /no answer yet/,
    );
  });

  it('makes an xmpp: URI', () => {
    expect(xmppUri('juliet@example.org')).toBe('xmpp:juliet@example.org');
  });
});
