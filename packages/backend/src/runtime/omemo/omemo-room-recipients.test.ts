import { describe, expect, it } from 'vitest';
import { isConfigChange, PRIVATE_ROOM_NEEDED, roomEligibility } from './omemo-room-eligibility.js';
import { memberCandidates, roomRefusal } from './omemo-room-recipients.js';

const FEATURES = {
  public: false,
  persistent: true,
  membersOnly: true,
  moderated: false,
  passwordProtected: false,
  nonAnonymous: true,
  archived: true,
};

describe('which rooms allow OMEMO', () => {
  it('members-only and non-anonymous only; the reason in words otherwise', () => {
    expect(roomEligibility(FEATURES)).toEqual({ eligible: true, reason: null });
    expect(roomEligibility({ ...FEATURES, membersOnly: false })).toEqual({
      eligible: false,
      reason: PRIVATE_ROOM_NEEDED,
    });
    expect(roomEligibility({ ...FEATURES, nonAnonymous: false }).reason).toBe(PRIVATE_ROOM_NEEDED);
    expect(roomEligibility(null).eligible).toBe(false);
  });

  it('reads the features again on the configuration change codes', () => {
    expect(isConfigChange([104])).toBe(true);
    expect(isConfigChange([110, 172])).toBe(true);
    expect(isConfigChange([173])).toBe(true);
    expect(isConfigChange([110, 170])).toBe(false);
  });
});

describe('who a room message is encrypted for', () => {
  it("every member's devices, each in its version, and our other devices once", () => {
    const own = { jid: 'me@x.org', lists: { legacy: [1, 2], v2: [1] }, deviceId: 1 };
    const out = memberCandidates(
      [
        { jid: 'ann@x.org', lists: { legacy: [10, 11], v2: [11] } },
        { jid: 'bob@x.org', lists: { legacy: [], v2: [20] } },
        { jid: 'me@x.org', lists: { legacy: [1, 2], v2: [1] } },
      ],
      own,
    );
    expect(out).toEqual([
      { jid: 'ann@x.org', deviceId: 11, version: 'v2' },
      { jid: 'ann@x.org', deviceId: 10, version: 'legacy' },
      { jid: 'bob@x.org', deviceId: 20, version: 'v2' },
      { jid: 'me@x.org', deviceId: 2, version: 'legacy' },
    ]);
  });

  it('names the members it cannot reach, with why, and how many more', () => {
    const skipped = [
      {
        candidate: { jid: 'ann@x.org', deviceId: 1, version: 'v2' as const },
        reason: 'distrusted',
      },
    ];
    expect(roomRefusal(['ann@x.org', 'dan@x.org'], skipped)).toBe(
      'Not sent: it cannot be encrypted for these members: ann@x.org (distrusted); dan@x.org (no OMEMO device). Check their devices and trust, or turn the lock off to send it unencrypted.',
    );
    const many = Array.from({ length: 8 }, (_, i) => `u${i}@x.org`);
    expect(roomRefusal(many, [])).toContain('u4@x.org (no OMEMO device) and 3 more.');
  });
});
