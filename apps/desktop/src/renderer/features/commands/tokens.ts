/** One argument of a typed command, with where it stands in the text (completion needs it). */
export interface Token {
  text: string;
  /** Offsets in the text handed to tokenize, the quotes included. */
  start: number;
  end: number;
  quoted: boolean;
}

/**
 * Splits a command's arguments at whitespace, as Profanity does: "double quotes" keep spaces
 * inside one argument (`/roster add bob@example.org "Bob the Builder"`), a backslash keeps a
 * quote inside quotes. An unclosed quote runs to the end. Written here rather than taken from a
 * shell-words library because completion needs each argument's offsets, which they drop.
 */
export function tokenize(text: string, offset = 0): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/u.test(text[i] ?? '')) i++;
    if (i >= text.length) break;
    const start = i;
    if (text[i] === '"') {
      let value = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) i++;
        value += text[i];
        i++;
      }
      if (i < text.length) i++; // the closing quote
      tokens.push({ text: value, start: start + offset, end: i + offset, quoted: true });
    } else {
      while (i < text.length && !/\s/u.test(text[i] ?? '')) i++;
      tokens.push({
        text: text.slice(start, i),
        start: start + offset,
        end: i + offset,
        quoted: false,
      });
    }
  }
  return tokens;
}

/** The text after the first `count` arguments, as typed (a message body keeps its spacing). */
export function restAfter(
  text: string,
  tokens: readonly Token[],
  count: number,
  offset = 0,
): string {
  const last = tokens[count - 1];
  const from = last ? last.end - offset : 0;
  return text.slice(from).replace(/^\s+/u, '').replace(/\s+$/u, '');
}

/** A whole rest that was typed in quotes ("/sendfile "/tmp/my file.txt"") loses them. */
export function unquote(text: string): string {
  const [only, ...more] = tokenize(text);
  return only && more.length === 0 && only.quoted ? only.text : text;
}
