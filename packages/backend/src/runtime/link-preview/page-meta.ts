import { parse } from 'parse5';

/** What a link's card shows, read from the page's head. */
export interface PageMeta {
  title: string;
  description: string;
  site: string;
}

const MAX_TITLE = 200;
const MAX_DESCRIPTION = 300;
const MAX_SITE = 100;
/** Elements looked at, at most: a hostile page of a million empty tags costs little. */
const MAX_NODES = 20_000;

interface Node {
  nodeName: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Node[];
  value?: string;
}

function attr(node: Node, name: string): string | null {
  return node.attrs?.find((a) => a.name === name)?.value ?? null;
}

/** Whitespace collapsed, control characters dropped, at most `max` characters. */
function clean(text: string, max: number): string {
  const flat = text
    // Control characters and bidi overrides: the card is plain text in a plain direction.
    .replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function textOf(node: Node): string {
  return (node.childNodes ?? [])
    .map((c) => (c.nodeName === '#text' ? (c.value ?? '') : ''))
    .join('');
}

/**
 * OpenGraph (og:title, og:description, og:site_name), else `<title>` and the description meta,
 * from a page parsed as a browser would (parse5, the HTML standard's algorithm). Only text:
 * nothing of the page is ever rendered as HTML. Null when it names nothing worth a card.
 */
export function pageMeta(html: string, pageUrl: URL): PageMeta | null {
  const document = parse(html) as unknown as Node;
  const meta = new Map<string, string>();
  let title = '';
  let seen = 0;
  const stack: Node[] = [document];
  while (stack.length > 0 && seen++ < MAX_NODES) {
    const node = stack.pop()!;
    if (node.nodeName === 'body') continue; // the head holds all of it
    if (node.nodeName === 'title' && !title) title = textOf(node);
    if (node.nodeName === 'meta') {
      const key = (attr(node, 'property') ?? attr(node, 'name'))?.toLowerCase();
      const content = attr(node, 'content');
      if (key && content !== null && !meta.has(key)) meta.set(key, content);
    }
    for (const child of [...(node.childNodes ?? [])].reverse()) stack.push(child);
  }
  const card = {
    title: clean(meta.get('og:title') ?? meta.get('twitter:title') ?? title, MAX_TITLE),
    description: clean(
      meta.get('og:description') ??
        meta.get('description') ??
        meta.get('twitter:description') ??
        '',
      MAX_DESCRIPTION,
    ),
    site: clean(meta.get('og:site_name') ?? pageUrl.hostname, MAX_SITE),
  };
  return card.title || card.description ? card : null;
}
