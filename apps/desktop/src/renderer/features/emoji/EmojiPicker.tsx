import type { TFunction } from 'i18next';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useT } from '../../i18n';
import { loadEmojiIndex } from './emoji-data';
import type { EmojiEntry, EmojiIndex } from './emoji-index';
import { useRecentEmoji } from './recent-emoji';

const SEARCH_LIMIT = 120;

/**
 * The emoji groups' names by their order in emojibase's data (whose own names are English);
 * a group this list does not know keeps emojibase's name.
 */
function groupLabel(t: TFunction, order: number, fallback: string): string {
  const labels: Record<number, string> = {
    0: t('smileys & emotion'),
    1: t('people & body'),
    2: t('components'),
    3: t('animals & nature'),
    4: t('food & drink'),
    5: t('travel & places'),
    6: t('activities'),
    7: t('objects'),
    8: t('symbols'),
    9: t('flags'),
  };
  return labels[order] ?? fallback;
}

/**
 * An emoji picker: search, recent emoji, one tab per group. It only reports the pick
 * (`onPick`), so the composer inserts it and a reaction could send it. The picked emoji is
 * remembered as recent here, whoever uses it.
 */
export function EmojiPicker({
  onPick,
  onClose,
}: {
  onPick(emoji: string): void;
  /** Escape in the picker. */
  onClose?(): void;
}) {
  const { t, language } = useT('emoji');
  const id = useId();
  const [index, setIndex] = useState<EmojiIndex | null>(null);
  const [failed, setFailed] = useState(false);
  const [query, setQuery] = useState('');
  const [group, setGroup] = useState<number | 'recent'>('recent');
  const recent = useRecentEmoji((s) => s.recent);
  const remember = useRecentEmoji((s) => s.use);

  useEffect(() => {
    let live = true;
    // The names follow the interface's language (loaded when it changes).
    loadEmojiIndex(language).then(
      (loaded) => live && setIndex(loaded),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [language]);

  const pick = (emoji: string): void => {
    remember(emoji);
    onPick(emoji);
  };

  const shownGroup = group === 'recent' && recent.length === 0 ? 0 : group;
  let shown: { emoji: string; title: string }[] = [];
  if (index && query.trim()) shown = index.search(query, SEARCH_LIMIT).map(describe);
  else if (shownGroup === 'recent') shown = recent.map((emoji) => ({ emoji, title: emoji }));
  else if (index) shown = index.byGroup(shownGroup).map(describe);

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter' && shown[0]) {
      event.preventDefault();
      pick(shown[0].emoji);
    }
  };

  return (
    <div
      className="emoji-picker"
      data-testid="emoji-picker"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && onClose) {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <label htmlFor={`${id}-search`} className="visually-hidden">
        {t('Search emoji')}
      </label>
      <input
        id={`${id}-search`}
        className="emoji-search"
        data-testid="emoji-search"
        type="search"
        placeholder={t('Search emoji')}
        autoFocus
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onSearchKey}
      />
      {!query.trim() && index && (
        <div className="emoji-tabs" role="tablist" aria-label={t('Emoji groups')}>
          {recent.length > 0 && (
            <GroupTab
              label={t('recent')}
              symbol="🕘"
              selected={shownGroup === 'recent'}
              onSelect={() => setGroup('recent')}
            />
          )}
          {index.groups.map((g) => (
            <GroupTab
              key={g.index}
              label={groupLabel(t, g.index, g.label)}
              symbol={index.byGroup(g.index)[0]?.emoji ?? '?'}
              selected={shownGroup === g.index}
              onSelect={() => setGroup(g.index)}
            />
          ))}
        </div>
      )}
      <div className="emoji-grid" role="group" aria-label={t('Emoji')} data-testid="emoji-grid">
        {failed && <p className="hint">{t('Emoji could not be loaded.')}</p>}
        {!failed && !index && <p className="hint">{t('Loading…')}</p>}
        {index && shown.length === 0 && <p className="hint">{t('No emoji found.')}</p>}
        {shown.map((item) => (
          <button
            key={item.emoji}
            type="button"
            className="emoji-cell"
            title={item.title}
            aria-label={item.title}
            onClick={() => pick(item.emoji)}
          >
            {item.emoji}
          </button>
        ))}
      </div>
    </div>
  );
}

function describe(entry: EmojiEntry): { emoji: string; title: string } {
  const code = entry.shortcodes[0];
  return { emoji: entry.emoji, title: code ? `${entry.label} :${code}:` : entry.label };
}

function GroupTab(props: { label: string; symbol: string; selected: boolean; onSelect(): void }) {
  return (
    <button
      type="button"
      role="tab"
      className="emoji-tab"
      aria-selected={props.selected}
      title={props.label}
      aria-label={props.label}
      onClick={props.onSelect}
    >
      {props.symbol}
    </button>
  );
}
