import { describe, expect, it } from 'vitest';
import { contact } from '../../test/fixtures';
import { buildRosterView, DEFAULT_GROUP } from './view-model';

describe('buildRosterView', () => {
  const roster = [
    contact('zed@x.org', { name: 'Zed', show: 'available', groups: ['Work'] }),
    contact('amy@x.org', { name: 'Amy', show: 'offline', groups: ['Work', 'Friends'] }),
    contact('bob@x.org', { name: 'Bob', show: 'dnd', groups: ['Work'] }),
    contact('cat@x.org', { name: 'cat', show: 'away', groups: ['Work'] }),
    contact('dan@x.org', { name: '', show: 'chat' }),
    contact('eve@x.org', { name: 'Eve', show: 'xa' }),
    contact('abe@x.org', { name: 'Abe', show: 'available', groups: ['Work'] }),
  ];

  it('groups by roster group, ungrouped under Contacts last, sorted by presence then name', () => {
    const view = buildRosterView(roster, '');
    expect(view.groups.map((g) => g.name)).toEqual(['Friends', 'Work', DEFAULT_GROUP]);
    expect(view.groupCounts).toEqual([1, 5, 2]);
    expect(view.rows.map((c) => c.jid)).toEqual([
      'amy@x.org',
      'abe@x.org',
      'zed@x.org',
      'cat@x.org',
      'bob@x.org',
      'amy@x.org',
      'dan@x.org',
      'eve@x.org',
    ]);
    expect(view.groups[1]).toMatchObject({ total: 5, online: 4 });
  });

  it('filters by name or address, case-insensitively', () => {
    expect(buildRosterView(roster, 'AM').rows.map((c) => c.jid)).toEqual([
      'amy@x.org',
      'amy@x.org',
    ]);
    expect(buildRosterView(roster, 'dan@').rows.map((c) => c.jid)).toEqual(['dan@x.org']);
    expect(buildRosterView(roster, 'nobody').groups).toEqual([]);
  });

  it('collapses groups unless filtering', () => {
    const collapsed = new Set(['Work']);
    const view = buildRosterView(roster, '', collapsed);
    expect(view.groupCounts).toEqual([1, 0, 2]);
    expect(view.groups[1]).toMatchObject({ collapsed: true, total: 5 });
    expect(buildRosterView(roster, 'a', collapsed).groups.every((g) => !g.collapsed)).toBe(true);
  });

  it('groups 5,000 contacts (speed: bench/roster-render.ts)', () => {
    const many = Array.from({ length: 5_000 }, (_, i) =>
      contact(`user${i}@x.org`, {
        name: `User ${i}`,
        groups: [`G${i % 20}`],
        show: i % 3 ? 'offline' : 'available',
      }),
    );
    const view = buildRosterView(many, '');
    expect(view.rows).toHaveLength(5_000);
    expect(view.groups).toHaveLength(20);
  });
});
