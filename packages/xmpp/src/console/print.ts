// Pretty-printing for the XML console, masking secrets (mask.ts) on the way.
import { escapeXML, escapeXMLText, type Element } from '@xmpp/xml';
import { maskAttr, maskText } from './mask.js';

/** One entry never holds more than this many characters (the ring buffer is bounded by it). */
export const MAX_PRINTED = 65_536;
const MAX_DEPTH = 64;
const INDENT = '  ';

function attrs(el: Element): string {
  return Object.entries(el.attrs)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => ` ${k}="${escapeXML(maskAttr(el, k, String(v)))}"`)
    .join('');
}

function print(el: Element, depth: number, out: string[], budget: { left: number }): void {
  if (budget.left <= 0) return;
  const pad = INDENT.repeat(depth);
  const open = `<${el.name}${attrs(el)}`;
  const children = el.children;
  const elements = children.filter((c): c is Element => typeof c !== 'string');
  const text = children.filter((c): c is string => typeof c === 'string').join('');
  let line: string;
  if (children.length === 0 || (elements.length === 0 && text.length === 0)) {
    line = `${pad}${open}/>`;
    out.push(line);
  } else if (elements.length === 0) {
    line = `${pad}${open}>${escapeXMLText(maskText(el, text))}</${el.name}>`;
    out.push(line);
  } else if (depth >= MAX_DEPTH) {
    line = `${pad}${open}>…</${el.name}>`;
    out.push(line);
  } else {
    line = `${pad}${open}>`;
    out.push(line);
    budget.left -= line.length;
    for (const child of children) {
      if (typeof child === 'string') {
        const t = child.trim();
        if (t) out.push(`${pad}${INDENT}${escapeXMLText(maskText(el, t))}`);
      } else {
        print(child, depth + 1, out, budget);
      }
    }
    line = `${pad}</${el.name}>`;
    out.push(line);
  }
  budget.left -= line.length;
}

/** `el` indented two spaces per level, secrets masked, cut at MAX_PRINTED characters. */
export function printStanza(el: Element): string {
  const out: string[] = [];
  print(el, 0, out, { left: MAX_PRINTED });
  const text = out.join('\n');
  return text.length > MAX_PRINTED ? `${text.slice(0, MAX_PRINTED)}\n… (cut)` : text;
}
