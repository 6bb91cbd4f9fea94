/** Where a Tab completion left the composer, so the next Tab can cycle to the next match. */
export interface NickCompletion {
  /** The text and caret this completion produced: another Tab on them cycles. */
  text: string;
  caret: number;
  /** What the completed word replaced: everything before it, and after the caret. */
  before: string;
  after: string;
  mention: boolean;
  atLineStart: boolean;
  matches: readonly string[];
  index: number;
}

function build(c: Omit<NickCompletion, 'text' | 'caret'>): NickCompletion {
  const nick = c.matches[c.index] ?? '';
  // IRC and Gajim style: "Nick: " to address someone at the start, " Nick" inside a sentence.
  let suffix = c.atLineStart && !c.mention ? ': ' : ' ';
  if (/^\s/u.test(c.after)) suffix = suffix.trimEnd();
  const head = `${c.before}${c.mention ? '@' : ''}${nick}${suffix}`;
  return { ...c, text: head + c.after, caret: head.length };
}

/**
 * Tab completion of occupant nicks in a room's composer, as in Gajim and Dino: the word before
 * the caret (optionally after "@") is completed to the first nick it starts (case-insensitive),
 * among `candidates` in the order given (the caller puts recent speakers first); Tab again
 * cycles. Null when there is nothing to complete, so Tab keeps its usual meaning (focus).
 */
export function completeNick(
  text: string,
  caret: number,
  candidates: readonly string[],
  ownNick: string,
  previous: NickCompletion | null,
): NickCompletion | null {
  if (previous && previous.text === text && previous.caret === caret) {
    if (previous.matches.length < 2) return null;
    return build({ ...previous, index: (previous.index + 1) % previous.matches.length });
  }
  let start = caret;
  while (start > 0 && !/\s/u.test(text[start - 1] ?? '')) start--;
  const word = text.slice(start, caret);
  const mention = word.startsWith('@');
  const prefix = (mention ? word.slice(1) : word).toLocaleLowerCase();
  if (prefix === '') return null;
  const seen = new Set<string>();
  const matches = candidates.filter((nick) => {
    if (nick === ownNick || seen.has(nick)) return false;
    seen.add(nick);
    return nick.toLocaleLowerCase().startsWith(prefix);
  });
  if (matches.length === 0) return null;
  return build({
    before: text.slice(0, start),
    after: text.slice(caret),
    mention,
    atLineStart: text.slice(0, start).trim() === '',
    matches,
    index: 0,
  });
}

/**
 * Nicks to complete, most recent speaker first (they are who one answers), then everyone else
 * present in alphabetical order. `speakers` is the timeline's senders, oldest first.
 */
export function completionCandidates(
  present: readonly string[],
  speakers: readonly (string | null)[],
): string[] {
  const here = new Set(present);
  const recent: string[] = [];
  const taken = new Set<string>();
  for (let i = speakers.length - 1; i >= 0 && recent.length < 50; i--) {
    const nick = speakers[i];
    if (nick && here.has(nick) && !taken.has(nick)) {
      taken.add(nick);
      recent.push(nick);
    }
  }
  const rest = present.filter((n) => !taken.has(n)).sort((a, b) => a.localeCompare(b));
  return [...recent, ...rest];
}
