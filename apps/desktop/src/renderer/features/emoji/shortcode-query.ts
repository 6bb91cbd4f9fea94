/** A ":shortcode" being typed at the caret: where its colon is and what follows it. */
export interface ShortcodeQuery {
  /** Index of the opening ":" in the text. */
  start: number;
  /** The letters typed after the colon. */
  query: string;
}

/**
 * A ":" at the start or after whitespace or an opening bracket, then at least two shortcode
 * characters up to the caret: ":smi" asks for completion, "10:30" and "http://" do not.
 */
const TYPING_SHORTCODE = /(?:^|[\s([{])(:[a-z0-9_+-]{2,32})$/iu;

export function shortcodeAt(text: string, caret: number): ShortcodeQuery | null {
  const match = TYPING_SHORTCODE.exec(text.slice(0, caret));
  if (!match) return null;
  const token = match[1]!;
  return { start: caret - token.length, query: token.slice(1) };
}

/** The text with the typed ":query" replaced by the emoji, and the caret after it. */
export function insertCompletion(
  text: string,
  query: ShortcodeQuery,
  caret: number,
  emoji: string,
): { text: string; caret: number } {
  const before = text.slice(0, query.start) + emoji;
  return { text: before + text.slice(caret), caret: before.length };
}

/** The text with the emoji inserted in place of the selection [from, to). */
export function insertAt(
  text: string,
  from: number,
  to: number,
  emoji: string,
): { text: string; caret: number } {
  const before = text.slice(0, from) + emoji;
  return { text: before + text.slice(to), caret: before.length };
}
