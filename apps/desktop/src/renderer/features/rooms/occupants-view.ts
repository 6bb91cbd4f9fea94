import type { MucRole, Occupant } from '@parley/contract';
import { collator } from '../../ui/names';
import { roleGroupLabel } from './describe';
import { displayNick } from './nick';

export type RoleGroup = Exclude<MucRole, 'none'>;
const ORDER: RoleGroup[] = ['moderator', 'participant', 'visitor'];

export interface OccupantGroup {
  role: RoleGroup;
  label: string;
  count: number;
}

export interface OccupantView {
  groups: OccupantGroup[];
  /** Rows per group, as GroupedVirtuoso wants them. */
  groupCounts: number[];
  /** Rows in display order across groups. */
  rows: Occupant[];
  /** Occupants matching the filter. */
  total: number;
}

/**
 * Occupants grouped by role (Moderators, Participants, Visitors; empty groups left out),
 * each group by nick. Pure, so the list memoizes it on the room's Map and the filter only.
 */
export function buildOccupantView(occupants: Iterable<Occupant>, filter: string): OccupantView {
  const needle = filter.trim().toLocaleLowerCase();
  const byRole = new Map<RoleGroup, { key: string; occupant: Occupant }[]>();
  for (const occupant of occupants) {
    if (occupant.role === 'none') continue;
    const key = displayNick(occupant.nick);
    if (
      needle &&
      !key.toLocaleLowerCase().includes(needle) &&
      !occupant.jid?.toLocaleLowerCase().includes(needle)
    ) {
      continue;
    }
    let list = byRole.get(occupant.role);
    if (!list) byRole.set(occupant.role, (list = []));
    list.push({ key, occupant });
  }
  const view: OccupantView = { groups: [], groupCounts: [], rows: [], total: 0 };
  for (const role of ORDER) {
    const list = byRole.get(role);
    if (!list || list.length === 0) continue;
    list.sort(
      (a, b) => collator.compare(a.key, b.key) || (a.occupant.nick < b.occupant.nick ? -1 : 1),
    );
    view.groups.push({ role, label: roleGroupLabel(role), count: list.length });
    view.groupCounts.push(list.length);
    for (const entry of list) view.rows.push(entry.occupant);
    view.total += list.length;
  }
  return view;
}
