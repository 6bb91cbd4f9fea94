import { describe, expect, it } from 'vitest';
import { NS_MUC_USER, parseMucPresence, xml, type Element, type MucPresence } from '@parley/xmpp';
import { RoomLive } from './room-live.js';
import {
  applyRoomPresence,
  MAX_OCCUPANTS_PER_ROOM,
  type PresenceOutcome,
} from './room-presence.js';

const ROOM = 'lounge@muc.example.org';
const ME = 'me';

interface PresenceSpec {
  type?: 'unavailable' | 'error';
  role?: string;
  affiliation?: string;
  jid?: string;
  codes?: readonly number[];
  newNick?: string;
  actor?: string;
  reason?: string;
  destroy?: { reason?: string; jid?: string };
  error?: string;
  status?: string;
}

/** A room presence as the wire has it, from room/nick. */
function stanza(nick: string, s: PresenceSpec = {}): Element {
  const item = xml(
    'item',
    {
      role: s.role ?? (s.type === 'unavailable' ? 'none' : 'participant'),
      affiliation: s.affiliation ?? 'none',
      ...(s.jid ? { jid: s.jid } : {}),
      ...(s.newNick ? { nick: s.newNick } : {}),
    },
    s.actor ? xml('actor', { nick: s.actor }) : null,
    s.reason ? xml('reason', {}, s.reason) : null,
  );
  return xml(
    'presence',
    { from: nick ? `${ROOM}/${nick}` : ROOM, ...(s.type ? { type: s.type } : {}) },
    s.status ? xml('status', {}, s.status) : null,
    s.type === 'error'
      ? xml(
          'error',
          { type: 'cancel' },
          xml(s.error ?? 'undefined-condition', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }),
        )
      : xml(
          'x',
          { xmlns: NS_MUC_USER },
          item,
          ...(s.codes ?? []).map((code) => xml('status', { code: String(code) })),
          s.destroy
            ? xml(
                'destroy',
                s.destroy.jid ? { jid: s.destroy.jid } : {},
                s.destroy.reason ? xml('reason', {}, s.destroy.reason) : null,
              )
            : null,
        ),
  );
}

function presence(nick: string, s: PresenceSpec = {}): MucPresence {
  const p = parseMucPresence(stanza(nick, s));
  if (!p) throw new Error(`test presence from ${nick} did not parse`);
  return p;
}

/** A room we are joining under ME, as Rooms.join leaves it before the first presence. */
function joining(): RoomLive {
  const live = new RoomLive(ROOM);
  live.state = 'joining';
  live.requestedNick = ME;
  return live;
}

/** A room we are in with `others` present (joined through the burst). */
function joined(...others: string[]): RoomLive {
  const live = joining();
  for (const nick of others) applyRoomPresence(live, presence(nick), ME);
  const out = applyRoomPresence(live, presence(ME, { codes: [110] }), ME);
  expect(out.joined).toBe(true);
  return live;
}

const noticeKinds = (out: PresenceOutcome) => out.notices.map((n) => `${n.kind}:${n.nick}`);

describe('applyRoomPresence: joining', () => {
  it('takes the burst of others silently, then our 110 presence joins and wakes the waiters', () => {
    const live = joining();
    let woken = 0;
    live.waiters.push(() => woken++);
    for (const nick of ['ann', 'bob', 'cat']) {
      const out = applyRoomPresence(live, presence(nick, { role: 'moderator' }), ME);
      expect(out.notices).toEqual([]);
      expect(out.joined).toBe(false);
      expect(out.upserted?.nick).toBe(nick);
      expect(out.roomChanged).toBe(true);
    }
    expect(live.state).toBe('joining');
    expect(woken).toBe(0);

    const self = applyRoomPresence(
      live,
      presence(ME, { codes: [110], role: 'participant', affiliation: 'member' }),
      ME,
    );
    expect(self).toMatchObject({ joined: true, created: false, roomChanged: true, notices: [] });
    expect(self.newOwnNick).toBeNull();
    expect(live.state).toBe('joined');
    expect(live.ownRole).toBe('participant');
    expect(live.ownAffiliation).toBe('member');
    expect(live.joinedAt).toBeGreaterThan(0);
    expect([...live.occupants.keys()]).toEqual(['ann', 'bob', 'cat', ME]);
    expect(woken).toBe(1);
    expect(live.waiters).toEqual([]);
  });

  it('reports a room created by our join (201)', () => {
    const live = joining();
    const out = applyRoomPresence(
      live,
      presence(ME, { codes: [110, 201], role: 'moderator', affiliation: 'owner' }),
      ME,
    );
    expect(out).toMatchObject({ joined: true, created: true });
    expect(live.ownAffiliation).toBe('owner');
  });

  it('follows a nick the room assigned (110 + 210)', () => {
    const live = joining();
    const out = applyRoomPresence(live, presence('me-assigned', { codes: [110, 210] }), ME);
    expect(out.joined).toBe(true);
    expect(out.newOwnNick).toBe('me-assigned');
  });

  it('announces later joins and leaves, with the leave status as value', () => {
    const live = joined('ann');
    const join = applyRoomPresence(live, presence('dan'), ME);
    expect(join.notices).toEqual([
      { kind: 'join', nick: 'dan', value: null, actor: null, reason: null },
    ]);
    // A presence update (show) is no news.
    const away = applyRoomPresence(live, presence('dan'), ME);
    expect(away.notices).toEqual([]);
    expect(away.roomChanged).toBe(false);

    const leave = applyRoomPresence(
      live,
      presence('dan', { type: 'unavailable', status: 'gone fishing' }),
      ME,
    );
    expect(leave.removedNick).toBe('dan');
    expect(leave.notices).toEqual([
      { kind: 'leave', nick: 'dan', value: 'gone fishing', actor: null, reason: null },
    ]);
    expect(live.occupants.has('dan')).toBe(false);
    // Leaving twice, or someone we never saw: nothing.
    expect(applyRoomPresence(live, presence('dan', { type: 'unavailable' }), ME)).toMatchObject({
      removedNick: null,
      notices: [],
      roomChanged: false,
    });
  });
});

describe('applyRoomPresence: nick changes', () => {
  it("announces another occupant's change once and moves them to the new nick", () => {
    const live = joined('bob');
    const first = applyRoomPresence(
      live,
      presence('bob', { type: 'unavailable', codes: [303], newNick: 'robert' }),
      ME,
    );
    expect(first.removedNick).toBe('bob');
    expect(first.notices).toEqual([
      { kind: 'nick', nick: 'bob', value: 'robert', actor: null, reason: null },
    ]);
    const second = applyRoomPresence(live, presence('robert'), ME);
    expect(second.upserted?.nick).toBe('robert');
    // The presence under the new nick completes the change: no "robert joined" on top.
    expect(second.notices).toEqual([]);
    expect([...live.occupants.keys()].sort()).toEqual([ME, 'robert']);
    // Someone else joining later under a name once announced is a join again.
    applyRoomPresence(live, presence('robert', { type: 'unavailable' }), ME);
    expect(noticeKinds(applyRoomPresence(live, presence('robert'), ME))).toEqual(['join:robert']);
  });

  it('follows our own change (303 then the presence under the new nick)', () => {
    const live = joined('ann');
    const first = applyRoomPresence(
      live,
      presence(ME, { type: 'unavailable', codes: [110, 303], newNick: 'me2' }),
      ME,
    );
    expect(first.newOwnNick).toBe('me2');
    expect(first.removedNick).toBe(ME);
    expect(noticeKinds(first)).toEqual([`nick:${ME}`]);
    expect(live.state).toBe('joined');
    expect(live.requestedNick).toBe('me2');
    // The runtime stores the new nick; the next presence comes under it.
    const second = applyRoomPresence(live, presence('me2', { codes: [110] }), 'me2');
    expect(second.notices).toEqual([]);
    expect(second.joined).toBe(false);
    expect(live.state).toBe('joined');
    expect([...live.occupants.keys()]).toEqual(['ann', 'me2']);
  });

  it('keeps our nick when the room refuses a change (error while joined)', () => {
    const live = joined();
    live.requestedNick = 'taken';
    const out = applyRoomPresence(
      live,
      presence('taken', { type: 'error', error: 'conflict' }),
      ME,
    );
    expect(out.roomChanged).toBe(true);
    expect(live.state).toBe('joined');
    expect(live.error?.code).toBe('nickname-in-use');
    expect(live.requestedNick).toBe(ME);
  });
});

describe('applyRoomPresence: roles and affiliations', () => {
  it('announces role and affiliation changes with actor and reason', () => {
    const live = joined('eve');
    const out = applyRoomPresence(
      live,
      presence('eve', { role: 'moderator', affiliation: 'admin', actor: 'boss', reason: 'trust' }),
      ME,
    );
    expect(out.notices).toEqual([
      { kind: 'role', nick: 'eve', value: 'moderator', actor: 'boss', reason: 'trust' },
      { kind: 'affiliation', nick: 'eve', value: 'admin', actor: 'boss', reason: 'trust' },
    ]);
    expect(live.occupants.get('eve')).toMatchObject({ role: 'moderator', affiliation: 'admin' });
  });

  it('tracks our own role change and reports it as a room change', () => {
    const live = joined();
    const out = applyRoomPresence(
      live,
      presence(ME, { codes: [110], role: 'moderator', affiliation: 'none' }),
      ME,
    );
    expect(out.roomChanged).toBe(true);
    expect(live.ownRole).toBe('moderator');
    expect(noticeKinds(out)).toEqual([`role:${ME}`]);
  });
});

describe('applyRoomPresence: removals', () => {
  it('kick of us (307): error, notice, removed, occupants cleared', () => {
    const live = joined('ann', 'boss');
    let woken = 0;
    live.waiters.push(() => woken++);
    const out = applyRoomPresence(
      live,
      presence(ME, { type: 'unavailable', codes: [110, 307], actor: 'boss', reason: 'spam' }),
      ME,
    );
    expect(out.removed).toBe(true);
    expect(out.roomChanged).toBe(true);
    expect(out.notices).toEqual([
      { kind: 'kick', nick: ME, value: null, actor: 'boss', reason: 'spam' },
    ]);
    expect(live.state).toBe('error');
    expect(live.error).toEqual({
      code: 'kicked',
      message: 'You were kicked from the room by boss: spam',
    });
    expect(live.occupants.size).toBe(0);
    expect(live.ownRole).toBe('none');
    expect(woken).toBe(1);
  });

  it('ban of us (301)', () => {
    const live = joined('ann');
    const out = applyRoomPresence(
      live,
      presence(ME, { type: 'unavailable', codes: [110, 301], reason: 'bye' }),
      ME,
    );
    expect(out.removed).toBe(true);
    expect(noticeKinds(out)).toEqual([`ban:${ME}`]);
    expect(live.error).toEqual({ code: 'banned', message: 'You were banned from the room: bye' });
  });

  it('room destroyed, with the alternate room as the notice value', () => {
    const live = joined('ann');
    const out = applyRoomPresence(
      live,
      presence(ME, {
        type: 'unavailable',
        codes: [110],
        destroy: { reason: 'moved', jid: 'new@muc.example.org' },
      }),
      ME,
    );
    expect(out.removed).toBe(true);
    expect(out.notices).toEqual([
      {
        kind: 'destroyed',
        nick: ME,
        value: 'new@muc.example.org',
        actor: null,
        reason: 'moved',
      },
    ]);
    expect(live.error).toEqual({ code: 'destroyed', message: 'The room was destroyed: moved' });
  });

  it('service shutdown (332): out of the room, but not for good', () => {
    const live = joined('ann');
    const out = applyRoomPresence(
      live,
      presence(ME, { type: 'unavailable', codes: [110, 332] }),
      ME,
    );
    expect(out.removed).toBe(false);
    expect(live.state).toBe('error');
    expect(live.error).toEqual({
      code: 'removed',
      message: 'The room service is shutting down',
    });
  });

  it('technical removal (333): out of the room, but may rejoin', () => {
    const live = joined('ann');
    const out = applyRoomPresence(
      live,
      presence(ME, { type: 'unavailable', codes: [110, 333] }),
      ME,
    );
    expect(live.error?.code).toBe('removed');
    expect(out.removed).toBe(false);
  });

  it('members-only removal (321, 322) is for good', () => {
    for (const code of [321, 322]) {
      const live = joined();
      const out = applyRoomPresence(
        live,
        presence(ME, { type: 'unavailable', codes: [110, code] }),
        ME,
      );
      expect(out.removed).toBe(true);
      expect(live.error?.code).toBe('removed');
    }
  });

  it('our plain leave reflected: left, no error, not "removed"', () => {
    const live = joined('ann');
    const out = applyRoomPresence(live, presence(ME, { type: 'unavailable', codes: [110] }), ME);
    expect(out).toMatchObject({ removed: false, roomChanged: true, notices: [] });
    expect(live.state).toBe('left');
    expect(live.error).toBeNull();
  });

  it('kick and ban of others: notices for them, we stay', () => {
    const live = joined('eve', 'mal');
    const kick = applyRoomPresence(
      live,
      presence('eve', { type: 'unavailable', codes: [307], actor: 'boss', reason: 'noise' }),
      ME,
    );
    expect(kick.notices).toEqual([
      { kind: 'kick', nick: 'eve', value: null, actor: 'boss', reason: 'noise' },
    ]);
    expect(kick.removed).toBe(false);
    const ban = applyRoomPresence(live, presence('mal', { type: 'unavailable', codes: [301] }), ME);
    expect(noticeKinds(ban)).toEqual(['ban:mal']);
    expect(live.state).toBe('joined');
    expect(live.error).toBeNull();
    expect([...live.occupants.keys()]).toEqual([ME]);
  });
});

describe('applyRoomPresence: join errors', () => {
  it('conflict: nickname-in-use with a suggestion nobody holds', () => {
    const live = joining();
    // Occupants seen before the error hold "me_": the suggestion skips it.
    applyRoomPresence(live, presence('me_'), ME);
    let woken = 0;
    live.waiters.push(() => woken++);
    const out = applyRoomPresence(live, presence(ME, { type: 'error', error: 'conflict' }), ME);
    expect(out.roomChanged).toBe(true);
    expect(live.state).toBe('error');
    expect(live.error).toEqual({
      code: 'nickname-in-use',
      message: 'That nickname is already in use in this room.',
    });
    expect(live.suggestedNick).toBe('me2');
    expect(live.occupants.size).toBe(0);
    expect(woken).toBe(1);
  });

  it.each([
    ['not-authorized', 'password-required'],
    ['registration-required', 'members-only'],
    ['forbidden', 'banned'],
    ['service-unavailable', 'room-full'],
    ['not-acceptable', 'nickname-invalid'],
    ['item-not-found', 'not-found'],
    ['bad-request', 'unknown'],
  ] as const)('%s → %s, no suggestion', (condition, code) => {
    const live = joining();
    applyRoomPresence(live, presence(ME, { type: 'error', error: condition }), ME);
    expect(live.state).toBe('error');
    expect(live.error?.code).toBe(code);
    expect(live.suggestedNick).toBeNull();
  });

  it('an error from the bare room JID while joining fails the join too', () => {
    const live = joining();
    applyRoomPresence(live, presence('', { type: 'error', error: 'not-authorized' }), ME);
    expect(live.error?.code).toBe('password-required');
  });

  it('an error presence while joined with no nick change pending changes nothing', () => {
    const live = joined('ann');
    const out = applyRoomPresence(live, presence('ann', { type: 'error', error: 'conflict' }), ME);
    expect(out.roomChanged).toBe(false);
    expect(live.state).toBe('joined');
    expect(live.error).toBeNull();
  });
});

describe('applyRoomPresence: forged status codes', () => {
  it('110 + 201 on another nick while joining is not our join', () => {
    const live = joining();
    let woken = 0;
    live.waiters.push(() => woken++);
    const out = applyRoomPresence(
      live,
      presence('mallory', { codes: [110, 201], role: 'moderator', affiliation: 'owner' }),
      ME,
    );
    expect(out).toMatchObject({ joined: false, created: false, newOwnNick: null });
    expect(live.state).toBe('joining');
    expect(live.ownRole).toBe('none');
    expect(live.ownAffiliation).toBe('none');
    expect(woken).toBe(0);
    expect(live.occupants.get('mallory')?.affiliation).toBe('owner');
  });

  it('110 on another nick while joined does not change our role', () => {
    const live = joined('mallory');
    const out = applyRoomPresence(
      live,
      presence('mallory', { codes: [110], role: 'visitor', affiliation: 'outcast' }),
      ME,
    );
    expect(out.newOwnNick).toBeNull();
    expect(live.ownRole).toBe('participant');
    expect(live.ownAffiliation).toBe('none');
  });

  it('110 + 307 (or 301, or destroy) on another nick removes them, never us', () => {
    const live = joined('mallory', 'trudy', 'oscar');
    for (const [nick, spec] of [
      ['mallory', { codes: [110, 307] }],
      ['trudy', { codes: [110, 301] }],
      ['oscar', { codes: [110], destroy: { reason: 'fake' } }],
    ] as const) {
      const out = applyRoomPresence(live, presence(nick, { type: 'unavailable', ...spec }), ME);
      expect(out.removed).toBe(false);
      expect(out.removedNick).toBe(nick);
      expect(out.notices.every((n) => n.nick === nick)).toBe(true);
    }
    expect(live.state).toBe('joined');
    expect(live.error).toBeNull();
    expect([...live.occupants.keys()]).toEqual([ME]);
  });

  it('110 + 303 on another nick renames them, not us', () => {
    const live = joined('mallory');
    const out = applyRoomPresence(
      live,
      presence('mallory', { type: 'unavailable', codes: [110, 303], newNick: ME + 'x' }),
      ME,
    );
    expect(out.newOwnNick).toBeNull();
    expect(live.requestedNick).toBe(ME);
  });

  it('a forged kick for an unknown nick is ignored', () => {
    const live = joined();
    const out = applyRoomPresence(
      live,
      presence('ghost', { type: 'unavailable', codes: [110, 307] }),
      ME,
    );
    expect(out).toMatchObject({ removed: false, removedNick: null, notices: [] });
    expect(live.state).toBe('joined');
  });
});

describe('applyRoomPresence: floods and hostile nicks', () => {
  it('a burst of 10,000 presences builds 10,000 occupants, then one join', () => {
    const live = joining();
    const burst = Array.from({ length: 10_000 }, (_, i) =>
      presence(`n${i}`, { role: i % 10 === 0 ? 'moderator' : 'participant' }),
    );
    let notices = 0;
    for (const p of burst) notices += applyRoomPresence(live, p, ME).notices.length;
    const self = applyRoomPresence(live, presence(ME, { codes: [110] }), ME);
    expect(notices).toBe(0);
    expect(self.joined).toBe(true);
    expect(live.occupants.size).toBe(10_001);
    expect(live.occupants.get('n9990')?.role).toBe('moderator');
  });

  it('a room announcing 50,000 occupants costs a bounded occupant map', () => {
    const live = joining();
    const cap = MAX_OCCUPANTS_PER_ROOM;
    for (let i = 0; i < 50_000; i++) applyRoomPresence(live, presence(`n${i}`), ME);
    // Our own presence still joins us, past the bound.
    expect(applyRoomPresence(live, presence(ME, { codes: [110] }), ME).joined).toBe(true);
    expect(live.occupants.size).toBe(cap + 1);
    expect(live.occupants.has(ME)).toBe(true);
    // Joins past the bound are neither kept nor announced; a kept occupant still updates.
    let notices = 0;
    for (let i = 0; i < 1_000; i++) {
      notices += applyRoomPresence(live, presence(`late${i}`), ME).notices.length;
    }
    expect(notices).toBe(0);
    expect(live.occupants.size).toBe(cap + 1);
    const update = applyRoomPresence(live, presence('n0', { role: 'moderator' }), ME);
    expect(noticeKinds(update)).toEqual(['role:n0']);
    // Places freed by leaves are taken by the next joins (ours counts once it is in).
    applyRoomPresence(live, presence('n1', { type: 'unavailable' }), ME);
    applyRoomPresence(live, presence('n2', { type: 'unavailable' }), ME);
    expect(noticeKinds(applyRoomPresence(live, presence('late0'), ME))).toEqual(['join:late0']);
  });

  it('10,000 presences of one occupant keep one entry and announce nothing', () => {
    const live = joined('flapper');
    let notices = 0;
    for (let i = 0; i < 10_000; i++) {
      const out = applyRoomPresence(live, presence('flapper', { status: `s${i}` }), ME);
      notices += out.notices.length;
    }
    expect(notices).toBe(0);
    expect(live.occupants.size).toBe(2);
    expect(live.occupants.get('flapper')?.status).toBe('s9999');
  });

  it('bidi override and C1 control nicks parse and stay distinct, keyed raw', () => {
    const live = joined();
    const nicks = [
      '\u202Egnp.exe',
      'exe.png',
      'a\u200Bb',
      'ab',
      'a\u0085b',
      'a\u009Bb',
      '\u2066x\u2069',
    ];
    for (const nick of nicks) {
      const out = applyRoomPresence(live, presence(nick), ME);
      expect(out.upserted?.nick).toBe(nick);
      expect(noticeKinds(out)).toEqual([`join:${nick}`]);
    }
    expect([...live.occupants.keys()]).toEqual([ME, ...nicks]);
    // A bidi-spoofed look-alike of our nick is not us.
    const spoof = applyRoomPresence(
      live,
      presence(`\u202E${ME}`, { type: 'unavailable', codes: [110, 307] }),
      ME,
    );
    expect(spoof.removed).toBe(false);
    expect(live.state).toBe('joined');
  });

  it('C0 control nicks are refused by the parser; handed over anyway they stay distinct', () => {
    const live = joined();
    for (const nick of ['a\u0007b', 'tab\there', 'a\u001bb']) {
      expect(parseMucPresence(stanza(nick))).toBeNull();
      const out = applyRoomPresence(live, { ...presence('placeholder'), nick }, ME);
      expect(out.upserted?.nick).toBe(nick);
    }
    expect(live.occupants.size).toBe(4);
    expect(live.occupants.has('ab')).toBe(false);
  });

  it('a 10 KB nick (which the parser refuses) does not break the room state', () => {
    const huge = 'x'.repeat(10 * 1024);
    // Off the wire it never gets this far: no valid occupant JID.
    expect(parseMucPresence(stanza(huge))).toBeNull();
    // Handed over anyway, it is just another occupant.
    const live = joined();
    const p: MucPresence = { ...presence('placeholder'), nick: huge };
    const out = applyRoomPresence(live, p, ME);
    expect(out.upserted?.nick).toBe(huge);
    expect(live.occupants.has(huge)).toBe(true);
    expect(live.occupants.has(huge.slice(1))).toBe(false);
    const gone = applyRoomPresence(
      live,
      { ...p, type: 'unavailable', statusCodes: [110, 307] },
      ME,
    );
    expect(gone.removedNick).toBe(huge);
    expect(gone.removed).toBe(false);
    expect(live.state).toBe('joined');
  });
});
