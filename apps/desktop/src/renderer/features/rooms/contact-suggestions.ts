import type { Contact } from '@parley/contract';
import { collator, displayName } from '../../ui/names';

/** At most this many suggestions under the field: a short list to pick from, not the roster. */
export const MAX_SUGGESTIONS = 8;

export interface ContactSuggestion {
  jid: string;
  name: string;
}

/**
 * Contacts whose name or address contains what was typed (case- and accent-insensitive),
 * those whose name or address starts with it first, then by name. Nothing for an empty query,
 * and nothing once the query is exactly one of them (it is chosen).
 */
export function suggestContacts(
  contacts: Iterable<Contact>,
  query: string,
  limit = MAX_SUGGESTIONS,
): ContactSuggestion[] {
  const q = fold(query.trim());
  if (!q) return [];
  const scored: Array<{ suggestion: ContactSuggestion; rank: number }> = [];
  for (const contact of contacts) {
    const name = displayName(contact.name, contact.jid);
    const foldedName = fold(name);
    const foldedJid = fold(contact.jid);
    if (foldedJid === q) return [];
    const starts = foldedName.startsWith(q) || foldedJid.startsWith(q) ? 0 : 1;
    const words = starts === 0 || foldedName.split(/\s+/u).some((w) => w.startsWith(q)) ? 0 : 1;
    if (starts === 1 && !foldedName.includes(q) && !foldedJid.includes(q)) continue;
    scored.push({ suggestion: { jid: contact.jid, name }, rank: starts + words });
  }
  scored.sort(
    (a, b) =>
      a.rank - b.rank ||
      collator.compare(a.suggestion.name, b.suggestion.name) ||
      collator.compare(a.suggestion.jid, b.suggestion.jid),
  );
  return scored.slice(0, limit).map((s) => s.suggestion);
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
