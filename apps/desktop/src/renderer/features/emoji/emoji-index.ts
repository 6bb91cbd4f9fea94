import type { Emoji, ShortcodesDataset } from 'emojibase';

/** One emoji offered by the picker and the completion. */
export interface EmojiEntry {
  emoji: string;
  label: string;
  /** Without colons, most familiar first (":+1:" before ":thumbsup:"). */
  shortcodes: string[];
  tags: string[];
  group: number;
}

export interface EmojiGroup {
  index: number;
  label: string;
}

export interface EmojiIndex {
  groups: EmojiGroup[];
  byGroup(group: number): EmojiEntry[];
  /** Emoji whose shortcode, name or tag starts with a word of the query; shortcodes first. */
  search(query: string, limit: number): EmojiEntry[];
  /** Emoji with a shortcode starting with `prefix` (no colons), shortest shortcode first. */
  completeShortcode(prefix: string, limit: number): EmojiEntry[];
}

/** Newer emoji are missing from the bundled font (Twemoji 15.0) and older systems: not offered. */
export const MAX_EMOJI_VERSION = 15;
/** emojibase's "components" group: skin tone and hair swatches, not emoji to send. */
const COMPONENT_GROUP = 2;
/**
 * Emoji the bundled font leaves out (checked against emoji-font.css by emoji-index.test.ts):
 * offering them would show a box where no system emoji font exists.
 */
const NOT_IN_BUNDLED_FONT = new Set<string>([]);

/** Build the index from emojibase datasets (data.json and shortcode sets, in priority order). */
export function buildEmojiIndex(
  data: Emoji[],
  shortcodeSets: ShortcodesDataset[],
  groupLabels: { order: number; message: string }[],
  /** The same emoji named in the user's language (emojibase-data/<locale>/data.json). */
  localized?: Emoji[],
): EmojiIndex {
  const local = new Map(localized?.map((item) => [item.hexcode, item]));
  const entries: EmojiEntry[] = [];
  for (const item of data) {
    if (item.group === undefined || item.group === COMPONENT_GROUP) continue;
    if (item.version > MAX_EMOJI_VERSION || NOT_IN_BUNDLED_FONT.has(item.hexcode)) continue;
    // Keycaps, © and ®: built on Latin-1 characters, which stay in the text font (emoji-font.css).
    if (item.emoji.codePointAt(0)! <= 0xff) continue;
    const shortcodes: string[] = [];
    for (const set of shortcodeSets) {
      const codes = set[item.hexcode];
      for (const code of Array.isArray(codes) ? codes : codes ? [codes] : []) {
        if (!shortcodes.includes(code)) shortcodes.push(code);
      }
    }
    const named = local.get(item.hexcode);
    // Found by the language's words first, by the English ones too (tags rank after names).
    const english = named
      ? [...item.label.toLowerCase().split(/[\s:,-]+/u), ...(item.tags ?? [])]
      : [];
    entries.push({
      emoji: item.emoji,
      label: named?.label ?? item.label,
      shortcodes,
      tags: [...(named?.tags ?? []), ...(named ? english : (item.tags ?? []))],
      group: item.group,
    });
  }
  const groups = groupLabels
    .filter((g) => g.order !== COMPONENT_GROUP && entries.some((e) => e.group === g.order))
    .map((g) => ({ index: g.order, label: g.message }));
  const byGroup = new Map<number, EmojiEntry[]>();
  for (const entry of entries) {
    const list = byGroup.get(entry.group) ?? [];
    list.push(entry);
    byGroup.set(entry.group, list);
  }
  const shortcodeList = entries
    .flatMap((entry) => entry.shortcodes.map((code) => ({ code, entry })))
    .sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));

  return {
    groups,
    byGroup: (group) => byGroup.get(group) ?? [],
    search(query, limit) {
      const words = query.toLowerCase().replace(/:/g, ' ').split(/\s+/u).filter(Boolean);
      if (words.length === 0) return [];
      const ranked: { entry: EmojiEntry; rank: number }[] = [];
      for (const entry of entries) {
        const rank = matchRank(entry, words);
        if (rank !== null) ranked.push({ entry, rank });
      }
      return ranked
        .sort((a, b) => a.rank - b.rank)
        .slice(0, limit)
        .map((r) => r.entry);
    },
    completeShortcode(prefix, limit) {
      const wanted = prefix.toLowerCase();
      const found: EmojiEntry[] = [];
      for (const { code, entry } of shortcodeList) {
        if (found.length >= limit) break;
        if (code.startsWith(wanted) && !found.includes(entry)) found.push(entry);
      }
      return found;
    },
  };
}

/** 0: every word starts a shortcode; 1: a word of the name; 2: a tag; null: no match. */
function matchRank(entry: EmojiEntry, words: string[]): number | null {
  let worst = 0;
  for (const word of words) {
    let rank: number | null = null;
    if (entry.shortcodes.some((code) => code.startsWith(word))) rank = 0;
    else if (
      entry.label
        .toLowerCase()
        .split(/[\s:,-]+/u)
        .some((w) => w.startsWith(word))
    )
      rank = 1;
    else if (entry.tags.some((tag) => tag.startsWith(word))) rank = 2;
    if (rank === null) return null;
    worst = Math.max(worst, rank);
  }
  return worst;
}
