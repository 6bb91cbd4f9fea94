import type { EmojiIndex } from './emoji-index';
import { buildEmojiIndex } from './emoji-index';

let loading: Promise<EmojiIndex> | null = null;

/**
 * The emoji index, built once. The datasets (emojibase-data, about 1 MB of JSON) are a separate
 * chunk of the app's own bundle, loaded the first time the picker or a ":" completion needs them:
 * nothing is fetched from anywhere else, so it works offline and under the renderer's CSP.
 */
export function loadEmojiIndex(): Promise<EmojiIndex> {
  loading ??= Promise.all([
    import('emojibase-data/en/data.json'),
    import('emojibase-data/en/messages.json'),
    import('emojibase-data/en/shortcodes/github.json'),
    import('emojibase-data/en/shortcodes/emojibase.json'),
  ]).then(([data, messages, github, emojibase]) =>
    buildEmojiIndex(data.default, [github.default, emojibase.default], messages.default.groups),
  );
  loading.catch(() => {
    loading = null; // a failed chunk load may succeed next time
  });
  return loading;
}
