import { describe, expect, it } from 'vitest';
import { occupant } from '../../test/fixtures';
import { buildOccupantView } from './occupants-view';

describe('buildOccupantView', () => {
  const list = [
    occupant('zed', { role: 'visitor' }),
    occupant('Bob'),
    occupant('alice', { role: 'moderator', affiliation: 'owner', jid: 'alice@example.org' }),
    occupant('carol'),
    occupant('gone', { role: 'none' }),
  ];

  it('groups by role in XEP order, sorted by nick, without empty groups or role none', () => {
    const view = buildOccupantView(list, '');
    expect(view.groups).toEqual([
      { role: 'moderator', label: 'Moderators', count: 1 },
      { role: 'participant', label: 'Participants', count: 2 },
      { role: 'visitor', label: 'Visitors', count: 1 },
    ]);
    expect(view.groupCounts).toEqual([1, 2, 1]);
    expect(view.rows.map((o) => o.nick)).toEqual(['alice', 'Bob', 'carol', 'zed']);
    expect(buildOccupantView([occupant('x')], '').groups.map((g) => g.role)).toEqual([
      'participant',
    ]);
  });

  it('filters by nick and real JID', () => {
    expect(buildOccupantView(list, 'CAR').rows.map((o) => o.nick)).toEqual(['carol']);
    expect(buildOccupantView(list, 'alice@').rows.map((o) => o.nick)).toEqual(['alice']);
    expect(buildOccupantView(list, 'nobody').groups).toEqual([]);
  });

  it('groups 2,000 occupants (speed: bench/room-join.ts)', () => {
    const many = Array.from({ length: 2_000 }, (_, i) =>
      occupant(`user${(i * 7919) % 2_000}`, { role: i % 50 === 0 ? 'moderator' : 'participant' }),
    );
    const view = buildOccupantView(many, '');
    expect(view.total).toBe(2_000);
    expect(view.groupCounts).toEqual([40, 1_960]);
  });
});
