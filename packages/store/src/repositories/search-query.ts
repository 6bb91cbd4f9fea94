/*
 * User search text → an FTS5 query, and the places in a body that match it.
 *
 * The user types words, never FTS5 syntax: every word becomes a quoted string (a double quote in
 * it doubled), so `"`, `*`, `-`, `:`, `^`, `(`, `NEAR`, `AND`, `OR`, `NOT` typed by the user are
 * text to look for, not operators, and no input can make the query fail to parse. Words are
 * ANDed; the last one is a prefix, because results follow the user as they type, unless it is
 * a single character (the index keeps prefixes of two and three characters: a one-letter prefix
 * would merge the postings of every word with that letter, hundreds of milliseconds at 10^6).
 *
 * Words are runs of letters, digits and combining marks, as the unicode61 tokenizer (the one
 * the index uses) splits them; the same split is used to find the highlight ranges, so what is
 * highlighted is what was matched.
 */

/** A run of what unicode61 keeps inside a token: letters, marks, digits, private-use. */
const WORD = /[\p{L}\p{M}\p{N}\p{Co}]+/gu;

/** More words than this are ignored: a query of hundreds of terms is not a search, only load. */
export const MAX_QUERY_WORDS = 16;
/** Highlights per body at most (a 100,000-character body could otherwise produce thousands). */
export const MAX_RANGES = 64;

export interface SearchTerms {
  /** The query for `MATCH`, safe to bind as a parameter. */
  fts: string;
  /** Folded words, in order. */
  words: string[];
  /** Whether the last word is matched as the start of a word (it is unless one character). */
  prefix: boolean;
}

/** Case and accent folding as remove_diacritics 2 does it: "Crème" and "CREME" → "creme". */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** The words of user text; null when there is nothing to search for (only spaces, punctuation). */
export function parseSearchText(text: string): SearchTerms | null {
  const words = [...text.matchAll(WORD)]
    .map((m) => fold(m[0]))
    // A word that was only marks folds to nothing: unicode61 would not index it either.
    .filter((w) => w.length > 0)
    .slice(0, MAX_QUERY_WORDS);
  if (words.length === 0) return null;
  // Folded words hold only letters, digits and private-use characters: no quote to escape, but
  // doubling keeps that true should WORD ever change.
  const quoted = words.map((w) => `"${w.replaceAll('"', '""')}"`);
  const prefix = [...(words[words.length - 1] ?? '')].length > 1;
  if (prefix) quoted[quoted.length - 1] += '*';
  return { fts: quoted.join(' '), words, prefix };
}

export interface HighlightRange {
  /** Offsets into the body in UTF-16 code units (JavaScript string indices), end exclusive. */
  start: number;
  end: number;
}

/** Where each word of the query occurs in `body` (whole words; the last word as a prefix). */
export function highlightRanges(body: string, terms: SearchTerms): HighlightRange[] {
  const last = terms.words[terms.words.length - 1] ?? '';
  const exact = new Set(terms.prefix ? terms.words.slice(0, -1) : terms.words);
  const prefix = terms.prefix ? last : '';
  const ranges: HighlightRange[] = [];
  for (const m of body.matchAll(WORD)) {
    const word = fold(m[0]);
    if (exact.has(word) || (prefix !== '' && word.startsWith(prefix))) {
      ranges.push({ start: m.index, end: m.index + m[0].length });
      if (ranges.length >= MAX_RANGES) break;
    }
  }
  return ranges;
}
