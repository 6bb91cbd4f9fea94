import '../../test/jsdom.js';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyLanguage } from '../../i18n';
import { loadEmojiIndex } from './emoji-data';
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
