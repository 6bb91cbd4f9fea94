import { describe, expect, it } from 'vitest';
import { contactKind, durationWords, featureName, identityWords } from './words';

describe('server tools words', () => {
  it('says durations with the two largest units', () => {
    expect(durationWords(0)).toBe('0 seconds');
    expect(durationWords(1)).toBe('1 second');
    expect(durationWords(3725)).toBe('1 hour, 2 minutes');
    expect(durationWords(2 * 86_400 + 5)).toBe('2 days, 5 seconds');
  });

  it('names known features, contact kinds and identities', () => {
    expect(featureName('http://jabber.org/protocol/commands')).toBe('Ad-hoc commands');
    expect(featureName('urn:example:unknown')).toBeNull();
    expect(contactKind('abuse-addresses')).toBe('Abuse reports');
    expect(contactKind('press-addresses')).toBe('Press');
    expect(identityWords('conference', 'text')).toBe('Group chat service');
    expect(identityWords('odd', 'thing')).toBe('odd / thing');
  });
});
