import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContactInput } from '@parley/store';

const FIRST = [
  'Ada', 'Ben', 'Chloé', 'Dmitri', 'Elif', 'Farah', 'Gustav', 'Hana', 'Ivo', 'Jun',
  'Kofi', 'Lena', 'Mateo', 'Nia', 'Oskar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tomás',
  'Uma', 'Viktor', 'Wen', 'Ximena', 'Yusuf', 'Zoe',
]; // prettier-ignore
const LAST = [
  'Abbott', 'Bauer', 'Castillo', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Horvat', 'Ito',
  'Jansen', 'Kowalski', 'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quinn',
  'Rossi', 'Schmidt', 'Tanaka', 'Urban', 'Varga', 'Weber', 'Xu', 'Young', 'Zimmermann',
]; // prettier-ignore

export interface RosterFixture {
  contacts: ContactInput[];
  groupCount: number;
  /**
   * A contact listed in one group only, and a filter that leaves just it, only at its last key
   * (".4999": ".499" still matches ten), so the end of typing is visible in the DOM.
   */
  target: { jid: string; filter: string };
}

/**
 * A deterministic roster of `n` contacts on `domain`: names with accents (the collator's real
 * work), ~n/100 groups (at least 5), every tenth contact in a second group. Subscription "from":
 * the server sends them our presence (dropped, they do not exist) and probes nobody, so login
 * does not answer with thousands of "unsubscribed" roster pushes that would rewrite the roster
 * mid-measurement.
 */
export function rosterFixture(n: number, domain: string): RosterFixture {
  const groupCount = Math.max(5, Math.round(n / 100));
  const group = (g: number) => `Group ${String(g + 1).padStart(2, '0')}`;
  const contacts: ContactInput[] = [];
  for (let i = 0; i < n; i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    const local = `${ascii(first)}.${ascii(last)}.${String(i).padStart(4, '0')}`;
    const groups = [group(i % groupCount)];
    if (i % 10 === 3) groups.push(group((i + 7) % groupCount));
    contacts.push({
      jid: `${local}@${domain}`,
      name: `${first} ${last}`,
      groups: [...new Set(groups)],
      subscription: 'from',
      askSubscribe: false,
    });
  }
  const target = contacts[n - 1]!; // (n - 1) % 10 !== 3 for the sizes used: one group
  const filter = `.${String(n - 1).padStart(4, '0')}`;
  return { contacts, groupCount, target: { jid: target.jid, filter } };
}

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * Seeds a user's roster in a throwaway Prosody's internal storage before the user's first login
 * (5,000 roster sets through the server would rewrite the whole file each time). `version` is
 * the XEP-0237 version Prosody will report.
 */
export function writeProsodyRoster(
  prosodyDir: string,
  domain: string,
  user: string,
  contacts: readonly ContactInput[],
  version: number,
): void {
  const dir = join(prosodyDir, 'data', encodePath(domain), 'roster');
  mkdirSync(dir, { recursive: true });
  const lines = ['return {', `  [false] = { ["version"] = ${version}; ["pending"] = {}; };`];
  for (const c of contacts) {
    const groups = c.groups.map((g) => `[${lua(g)}] = true;`).join(' ');
    lines.push(
      `  [${lua(c.jid)}] = { ["subscription"] = ${lua(c.subscription)}; ` +
        `["name"] = ${lua(c.name)}; ["groups"] = { ${groups} }; };`,
    );
  }
  lines.push('};', '');
  writeFileSync(join(dir, `${encodePath(user)}.dat`), lines.join('\n'));
}

/** Prosody's datamanager file-name encoding: every non-alphanumeric byte as %xx. */
function encodePath(text: string): string {
  return [...Buffer.from(text)]
    .map((b) =>
      /[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16)}`,
    )
    .join('');
}

/** A Lua string literal; bytes outside printable ASCII as decimal escapes (valid in Lua 5.1+). */
function lua(text: string): string {
  const body = [...Buffer.from(text)]
    .map((b) =>
      b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c
        ? String.fromCharCode(b)
        : `\\${String(b).padStart(3, '0')}`,
    )
    .join('');
  return `"${body}"`;
}
