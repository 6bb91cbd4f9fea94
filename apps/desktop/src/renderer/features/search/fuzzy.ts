/**
 * Fuzzy matching for the quick switcher: the typed letters must appear in order in the name or
 * the address (case and accents ignored). Matches at the start of the text or of a word, and
 * letters in a row, score higher, so "bo" puts "Bob" before "Jacob", "lr" finds "Lunch room".
 */

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** A score (higher is better) or null when `query` does not match `text`. */
export function fuzzyScore(query: string, text: string): number | null {
  const q = [...fold(query).replace(/\s+/gu, '')];
  if (q.length === 0) return 0;
  const t = [...fold(text)];
  let score = 0;
  let qi = 0;
  let previous = -2;
  for (let ti = 0; ti < t.length && qi < q.length; ti++) {
    if (t[ti] !== q[qi]) continue;
    const wordStart = ti === 0 || /[\s@._\-/]/u.test(t[ti - 1] ?? '');
    score += 1 + (wordStart ? 3 : 0) + (ti === previous + 1 ? 2 : 0) + (ti === 0 ? 2 : 0);
    previous = ti;
    qi++;
  }
  if (qi < q.length) return null;
  // Shorter texts first among equal matches: "Bob" before "Bobby Tables".
  return score - t.length / 100;
}

export interface Candidate {
  id: string;
  label: string;
  /** Also matched (the address), shown under the label. */
  detail: string;
}

/** Candidates matching `query`, best first; ties keep their given order. */
export function fuzzyFilter<T extends Candidate>(query: string, candidates: readonly T[]): T[] {
  const scored: Array<{ c: T; score: number; i: number }> = [];
  candidates.forEach((c, i) => {
    const byLabel = fuzzyScore(query, c.label);
    const byDetail = fuzzyScore(query, c.detail);
    const best = Math.max(byLabel ?? -Infinity, (byDetail ?? -Infinity) - 0.5);
    if (best > -Infinity) scored.push({ c, score: best, i });
  });
  return scored.sort((a, b) => b.score - a.score || a.i - b.i).map((s) => s.c);
}
