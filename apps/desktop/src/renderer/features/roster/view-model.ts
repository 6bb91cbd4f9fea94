import type { Contact } from '@parley/contract';
import { collator, displayName, showRank } from '../../ui/names';

/** Where contacts without a roster group are listed. */
export const DEFAULT_GROUP = 'Contacts';

export interface RosterGroup {
  name: string;
  /** Contacts in the group matching the filter. */
  total: number;
  /** Of which not offline. */
  online: number;
  collapsed: boolean;
}

export interface RosterView {
  groups: RosterGroup[];
  /** Rows per group as GroupedVirtuoso wants them (0 when collapsed). */
  groupCounts: number[];
  /** Flat rows in display order, across groups. */
  rows: Contact[];
  /** Group of each row, for keys. */
  rowGroups: string[];
}

function matches(contact: Contact, needle: string): boolean {
  if (!needle) return true;
  return (
    contact.jid.toLocaleLowerCase().includes(needle) ||
    contact.name.toLocaleLowerCase().includes(needle)
  );
}

function compareContacts(a: Contact, b: Contact): number {
  return (
    showRank(a.show) - showRank(b.show) ||
    collator.compare(displayName(a.name, a.jid), displayName(b.name, b.jid)) ||
    collator.compare(a.jid, b.jid)
  );
}

/** Group, filter and sort a roster: groups by name ("Contacts" last), contacts by presence then name. */
export function buildRosterView(
  contacts: Iterable<Contact>,
  filter: string,
  collapsed: ReadonlySet<string> = new Set(),
): RosterView {
  const needle = filter.trim().toLocaleLowerCase();
  const byGroup = new Map<string, Contact[]>();
  for (const contact of contacts) {
    if (!matches(contact, needle)) continue;
    const groups = contact.groups.length > 0 ? new Set(contact.groups) : [DEFAULT_GROUP];
    for (const group of groups) {
      let list = byGroup.get(group);
      if (!list) byGroup.set(group, (list = []));
      list.push(contact);
    }
  }
  const names = [...byGroup.keys()].sort((a, b) =>
    a === DEFAULT_GROUP ? 1 : b === DEFAULT_GROUP ? -1 : collator.compare(a, b),
  );
  const view: RosterView = { groups: [], groupCounts: [], rows: [], rowGroups: [] };
  for (const name of names) {
    const list = byGroup.get(name) ?? [];
    list.sort(compareContacts);
    // While filtering, every match is shown.
    const isCollapsed = !needle && collapsed.has(name);
    view.groups.push({
      name,
      total: list.length,
      online: list.filter((c) => c.show !== 'offline').length,
      collapsed: isCollapsed,
    });
    view.groupCounts.push(isCollapsed ? 0 : list.length);
    if (!isCollapsed) {
      for (const contact of list) {
        view.rows.push(contact);
        view.rowGroups.push(name);
      }
    }
  }
  return view;
}
