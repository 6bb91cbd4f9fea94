/** Characters that end a sentence rather than a link, when they come last. */
const TRAILING = /[.,;:!?'"»”’)\]}>]+$/u;
const MAX_URL = 2048;

/**
 * The first http(s) link in a message's text, as the renderer linkifies it (a link starts with
 * the scheme), or null. A closing bracket stays when the link opened one (Wikipedia's "(film)").
 */
export function firstWebLink(body: string): URL | null {
  const match = /\bhttps?:\/\/[^\s<>"]+/iu.exec(body);
  if (!match) return null;
  let text = match[0];
  while (TRAILING.test(text)) {
    const last = text.at(-1);
    if (last === ')' && count(text, '(') >= count(text, ')')) break;
    text = text.slice(0, -1);
  }
  if (text.length > MAX_URL) return null;
  try {
    const url = new URL(text);
    url.hash = '';
    return url.hostname ? url : null;
  } catch {
    return null;
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
