import type { ConsoleEntry } from '@parley/contract';

export interface ConsoleFilter {
  direction: 'all' | 'in' | 'out';
  kind: 'all' | ConsoleEntry['kind'];
  text: string;
}

export const NO_FILTER: ConsoleFilter = { direction: 'all', kind: 'all', text: '' };
/** What the renderer keeps, like the backend's ring. */
export const MAX_KEPT = 2000;

export function matches(entry: ConsoleEntry, filter: ConsoleFilter): boolean {
  if (filter.direction !== 'all' && entry.direction !== filter.direction) return false;
  if (filter.kind !== 'all' && entry.kind !== filter.kind) return false;
  const needle = filter.text.trim().toLocaleLowerCase();
  return needle === '' || entry.xml.toLocaleLowerCase().includes(needle);
}

/** `kept` with `added` appended, the oldest dropped past MAX_KEPT. */
export function appendEntries(kept: ConsoleEntry[], added: ConsoleEntry[]): ConsoleEntry[] {
  if (added.length === 0) return kept;
  const all = kept.concat(added);
  return all.length > MAX_KEPT ? all.slice(all.length - MAX_KEPT) : all;
}
