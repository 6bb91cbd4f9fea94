// Seeded stanza mutations for the hostile-corpus tests: each feature's corpus picks its own
// hostile values and namespaces; the mutation steps and the PRNG are shared so failures
// reproduce the same way everywhere.
import { parseXml, type Element } from '../stanza.js';

/** Deterministic PRNG (mulberry32) so failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function allElements(root: Element): Element[] {
  return [root, ...root.getChildElements().flatMap(allElements)];
}

export interface Mutations {
  /** Attribute values and texts to plant. */
  values: readonly string[];
  /** Namespaces to swap in. */
  namespaces: readonly string[];
}

/**
 * One to four random edits: drop an attribute, set one (or `from`) to a hostile value, swap the
 * namespace, duplicate the first child, drop the first child, or add hostile text.
 */
export function mutate(root: Element, random: () => number, m: Mutations): void {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  for (let i = 0; i < 1 + Math.floor(random() * 4); i++) {
    const el = pick(allElements(root));
    const keys = Object.keys(el.attrs);
    switch (Math.floor(random() * 6)) {
      case 0:
        if (keys.length) delete el.attrs[pick(keys)];
        break;
      case 1:
        el.attrs[keys.length ? pick(keys) : 'from'] = pick(m.values);
        break;
      case 2:
        el.attrs.xmlns = pick(m.namespaces);
        break;
      case 3: {
        const child = el.getChildElements()[0];
        if (child) el.append(parseXml(child.toString())!);
        break;
      }
      case 4:
        el.children = el.children.slice(1);
        break;
      default:
        el.t(pick(m.values));
    }
  }
}
