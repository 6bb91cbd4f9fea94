import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useT } from '../../i18n';
import { loadEmojiIndex } from './emoji-data';
import type { EmojiEntry, EmojiIndex } from './emoji-index';
import { useRecentEmoji } from './recent-emoji';
import { insertCompletion, shortcodeAt } from './shortcode-query';

const SHOWN = 8;

export interface ShortcodeCompletion {
  /** Call from the field's change and select events: reads the text and the caret. */
  track(field: HTMLTextAreaElement | HTMLInputElement): void;
  /** Call first in the field's keydown; true when the key was used by the list. */
  onKeyDown(event: KeyboardEvent): boolean;
  /** The list to render near the field (null when nothing is offered). */
  list: ReactNode;
}

/**
 * ":shortcode" completion for a text field: typing ":smi" lists matching emoji; Up/Down choose,
 * Enter or Tab insert, Escape closes the list until the next word. `apply` sets the new text
 * and where the caret goes.
 */
export function useShortcodeCompletion(
  apply: (text: string, caret: number) => void,
): ShortcodeCompletion {
  const { t } = useT('emoji');
  const [index, setIndex] = useState<EmojiIndex | null>(null);
  const [field, setField] = useState<{ text: string; caret: number } | null>(null);
  const [selected, setSelected] = useState(0);
  /** The colon position the user dismissed with Escape. */
  const [dismissed, setDismissed] = useState<number | null>(null);
  const remember = useRecentEmoji((s) => s.use);

  const query = field ? shortcodeAt(field.text, field.caret) : null;
  const wanted = query !== null && query.start !== dismissed;

  useEffect(() => {
    if (!wanted || index) return;
    let live = true;
    loadEmojiIndex().then(
      (loaded) => live && setIndex(loaded),
      () => undefined, // no list without the data; typing goes on as usual
    );
    return () => {
      live = false;
    };
  }, [wanted, index]);

  const matches: EmojiEntry[] = wanted && index ? index.completeShortcode(query.query, SHOWN) : [];
  const current = Math.min(selected, Math.max(matches.length - 1, 0));

  const choose = (entry: EmojiEntry): void => {
    if (!field || !query) return;
    const done = insertCompletion(field.text, query, field.caret, entry.emoji);
    remember(entry.emoji);
    setField(done);
    apply(done.text, done.caret);
  };

  const track = (el: HTMLTextAreaElement | HTMLInputElement): void => {
    const next = { text: el.value, caret: el.selectionEnd ?? el.value.length };
    const nextQuery = shortcodeAt(next.text, next.caret);
    if (nextQuery?.start !== query?.start || nextQuery?.query !== query?.query) setSelected(0);
    if (dismissed !== null && nextQuery?.start !== dismissed) setDismissed(null);
    setField(next);
  };

  const onKeyDown = (event: KeyboardEvent): boolean => {
    if (matches.length === 0 || event.nativeEvent.isComposing) return false;
    const modified = event.altKey || event.ctrlKey || event.metaKey;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setSelected((current + step + matches.length) % matches.length);
      return true;
    }
    if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey && !modified) {
      event.preventDefault();
      choose(matches[current]!);
      return true;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      setDismissed(query?.start ?? null);
      return true;
    }
    return false;
  };

  const list =
    matches.length === 0 ? null : (
      <ul
        className="shortcode-list"
        role="listbox"
        aria-label={t('Emoji')}
        data-testid="shortcode-list"
      >
        {matches.map((entry, i) => (
          <li
            key={entry.emoji}
            role="option"
            aria-selected={i === current}
            className={i === current ? 'selected' : undefined}
            // Keep the focus in the field: choose on press, before it would blur.
            onMouseDown={(e) => {
              e.preventDefault();
              choose(entry);
            }}
          >
            <span className="shortcode-emoji">{entry.emoji}</span>{' '}
            <span className="shortcode-code">:{shortcodeFor(entry, query?.query ?? '')}:</span>
          </li>
        ))}
      </ul>
    );

  return { track, onKeyDown, list };
}

/** The shortcode that matched what was typed (an emoji may have several). */
function shortcodeFor(entry: EmojiEntry, typed: string): string {
  const lower = typed.toLowerCase();
  return entry.shortcodes.find((c) => c.startsWith(lower)) ?? entry.shortcodes[0] ?? '';
}
