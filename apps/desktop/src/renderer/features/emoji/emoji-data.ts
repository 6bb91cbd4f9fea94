import type { Emoji } from 'emojibase';
import { currentLanguage } from '../../i18n';
import type { EmojiIndex } from './emoji-index';
import { buildEmojiIndex } from './emoji-index';

/**
 * Emoji names in the interface's language where emojibase-data ships that locale (German
 * does; Arabic does not, so Arabic shows the English names). Each is its own chunk, loaded
 * only when that language's picker opens: never part of the startup bundle.
 */
const LOCALIZED: Record<string, () => Promise<{ default: Emoji[] }>> = {
  de: () => import('emojibase-data/de/data.json'),
};

const loading = new Map<string, Promise<EmojiIndex>>();

/** The languages whose emoji names are their own (the rest get English names). */
export function emojiNameLanguage(language: string): string {
  return Object.prototype.hasOwnProperty.call(LOCALIZED, language) ? language : 'en';
}

/**
 * The emoji index for `language`, built once per language. The datasets (emojibase-data,
 * about 1 MB of JSON each) are separate chunks of the app's own bundle, loaded the first time
 * the picker or a ":" completion needs them: nothing is fetched from anywhere else, so it works
 * offline and under the renderer's CSP. Shortcodes stay English (they are typed, as in other
 * chat apps); names and search words come from the language, with the English ones also found.
 */
export function loadEmojiIndex(language: string = currentLanguage()): Promise<EmojiIndex> {
  const names = emojiNameLanguage(language);
  let index = loading.get(names);
  if (index) return index;
  const localized = names === 'en' ? Promise.resolve(null) : LOCALIZED[names]!();
  index = Promise.all([
    import('emojibase-data/en/data.json'),
    import('emojibase-data/en/messages.json'),
    import('emojibase-data/en/shortcodes/github.json'),
    import('emojibase-data/en/shortcodes/emojibase.json'),
    localized,
  ]).then(([data, messages, github, emojibase, local]) =>
    buildEmojiIndex(
      data.default,
      [github.default, emojibase.default],
      messages.default.groups,
      local?.default,
    ),
  );
  loading.set(names, index);
  index.catch(() => {
    loading.delete(names); // a failed chunk load may succeed next time
  });
  return index;
}
