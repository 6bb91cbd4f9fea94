import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyLanguage } from '../../i18n';
import { emojiNameLanguage, loadEmojiIndex } from './emoji-data';
import { EmojiButton } from './EmojiButton';
import { EmojiPicker } from './EmojiPicker';
import { useRecentEmoji } from './recent-emoji';

beforeAll(async () => {
  await loadEmojiIndex();
});
beforeEach(() => useRecentEmoji.setState({ recent: ['🍕'] }));
afterEach(() => {
  cleanup();
  applyLanguage('en');
});

describe('the emoji picker in German and Arabic', () => {
  it('names its search and groups in German', async () => {
    applyLanguage('de');
    render(<EmojiPicker onPick={() => undefined} />);
    expect(screen.getByTestId('emoji-search').getAttribute('placeholder')).toBe('Emoji suchen');
    expect(await screen.findByRole('tab', { name: 'Zuletzt verwendet' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Essen & Trinken' })).toBeTruthy();
  });

  it('names its button and groups in Arabic', async () => {
    applyLanguage('ar');
    render(<EmojiButton onPick={() => undefined} />);
    expect(screen.getByTestId('emoji-button').getAttribute('aria-label')).toBe('الرموز التعبيرية');
    screen.getByTestId('emoji-button').click();
    expect(await screen.findByRole('tab', { name: 'الأعلام' })).toBeTruthy();
  });
});

describe('emoji names in the interface’s language', () => {
  it('names and finds emoji in German, and by their English words too', async () => {
    const index = await loadEmojiIndex('de');
    const [first] = index.search('grinsendes', 5);
    expect(first).toMatchObject({ emoji: '😀', label: 'grinsendes Gesicht' });
    expect(index.search('grinning', 5).map((e) => e.emoji)).toContain('😀');
    // Shortcodes stay as typed everywhere.
    expect(index.completeShortcode('grinning', 3).map((e) => e.emoji)).toContain('😀');
  });

  it('shows German names in the picker once German is chosen', async () => {
    applyLanguage('de');
    render(<EmojiPicker onPick={() => undefined} />);
    fireEvent.change(screen.getByTestId('emoji-search'), { target: { value: 'grinsendes' } });
    const found = await screen.findAllByRole('button', { name: /^grinsendes Gesicht/ });
    expect(found[0]?.textContent).toBe('😀');
  });

  it('keeps English names for Arabic, which emojibase-data does not ship', async () => {
    expect(emojiNameLanguage('ar')).toBe('en');
    const index = await loadEmojiIndex('ar');
    expect(index.search('grinning', 1)[0]).toMatchObject({ emoji: '😀', label: 'grinning face' });
  });
});
