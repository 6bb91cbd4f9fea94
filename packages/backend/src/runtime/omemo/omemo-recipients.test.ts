import { englishText } from '@parley/contract';
import { describe, expect, it } from 'vitest';
import type { OmemoTrust } from '@parley/contract';
import {
  candidates,
  isStale,
  noRecipientReason,
  STALE_AFTER_UNANSWERED,
  verdict,
  withoutStale,
} from './omemo-recipients.js';
import { defaultEncryption } from './omemo-choice.js';

const peer = 'bob@example.org';
const me = 'alice@example.org';

describe('OMEMO recipients', () => {
  it('takes every device of the peer and our other devices, never this one', () => {
    const got = candidates(
      { jid: peer, lists: { legacy: [1, 2], v2: [] } },
      { jid: me, lists: { legacy: [10, 11], v2: [10] }, deviceId: 10 },
    );
    expect(got).toEqual([
      { jid: peer, deviceId: 1, version: 'legacy' },
      { jid: peer, deviceId: 2, version: 'legacy' },
      { jid: me, deviceId: 11, version: 'legacy' },
    ]);
  });

  it('uses OMEMO 2 for a device on the v2 list, legacy for the others, one key each', () => {
    const got = candidates(
      { jid: peer, lists: { legacy: [1, 2], v2: [2, 3] } },
      { jid: me, lists: { legacy: [], v2: [] }, deviceId: 10 },
    );
    expect(got).toEqual([
      { jid: peer, deviceId: 2, version: 'v2' },
      { jid: peer, deviceId: 3, version: 'v2' },
      { jid: peer, deviceId: 1, version: 'legacy' },
    ]);
  });

  it('a note to self goes to our other devices only', () => {
    const lists = { legacy: [10, 11], v2: [] };
    const got = candidates({ jid: me, lists }, { jid: me, lists, deviceId: 10 });
    expect(got).toEqual([{ jid: me, deviceId: 11, version: 'legacy' }]);
  });

  // The trust table (BTBV): only blind and verified devices get a key.
  const table: [OmemoTrust, boolean, string][] = [
    ['blind', false, 'encrypt'],
    ['verified', false, 'encrypt'],
    ['undecided', false, 'skip'],
    ['distrusted', false, 'skip'],
    ['verified', true, 'skip'],
    ['blind', true, 'skip'],
  ];
  for (const [trust, keyChanged, expected] of table) {
    it(`${trust}${keyChanged ? ' with a changed key' : ''} → ${expected}`, () => {
      expect(verdict({ trust, keyChanged }).kind).toBe(expected);
    });
  }

  it('a device without a pinned key needs its bundle first', () => {
    expect(verdict(null)).toEqual({ kind: 'needs-key' });
  });

  it('says why nothing was sent, in words', () => {
    expect(englishText(noRecipientReason([], peer))).toMatch(/has no OMEMO device/);
    const skipped = [
      { candidate: { jid: peer, deviceId: 1, version: 'legacy' as const }, reason: 'distrusted' },
    ];
    expect(noRecipientReason(skipped, peer)).toEqual({
      id: 'omemo.not-sent-no-usable-device',
      params: { jid: peer, reasons: 'distrusted' },
    });
    expect(englishText(noRecipientReason(skipped, peer))).toMatch(/\(distrusted\)/);
  });
});

describe('the lock default', () => {
  it('is on once the contact has devices and nothing was chosen, and then decided', () => {
    expect(defaultEncryption(null, true)).toEqual({ encryption: 'omemo', decided: true });
  });
  it('stays off, undecided, while the contact has no devices', () => {
    expect(defaultEncryption(null, false)).toEqual({ encryption: 'off', decided: false });
  });
  it('never overrides a choice', () => {
    expect(defaultEncryption('off', true)).toEqual({ encryption: 'off', decided: false });
    expect(defaultEncryption('omemo', false)).toEqual({ encryption: 'omemo', decided: false });
  });
});

describe('stale devices', () => {
  const d = (jid: string, deviceId: number, sentUnanswered: number) => ({
    jid,
    deviceId,
    sentUnanswered,
  });
  const about = (x: { jid: string; sentUnanswered: number }) => x;

  it('counts a device stale once twice the heartbeat interval went unanswered', () => {
    expect(STALE_AFTER_UNANSWERED).toBe(106);
    expect(isStale(105)).toBe(false);
    expect(isStale(106)).toBe(true);
  });

  it('skips a stale device while its JID has a live one', () => {
    const all = [d(peer, 1, 0), d(peer, 2, 500), d(me, 11, 200), d(me, 12, 3)];
    const { kept, stale } = withoutStale(all, about);
    expect(kept.map((x) => x.deviceId)).toEqual([1, 12]);
    expect(stale.map((x) => x.deviceId)).toEqual([2, 11]);
  });

  it('never skips all of a JID’s devices: both sides would never hear from each other again', () => {
    const all = [d(peer, 1, 300), d(peer, 2, 106), d(me, 11, 0)];
    const { kept, stale } = withoutStale(all, about);
    expect(kept.map((x) => x.deviceId)).toEqual([1, 2, 11]);
    expect(stale).toEqual([]);
  });
});
