import '../../test/jsdom.js';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { applyLanguage } from '../../i18n';
import { conversation, notice } from '../../test/fixtures';
import { conversationPreview } from '../conversations/conversation-preview';
import { NoticeRow } from './NoticeRow';

afterEach(() => {
  cleanup();
  applyLanguage('en');
});

describe('texts made outside React follow a change of language', () => {
  it('re-renders a room notice in the new language', () => {
    applyLanguage('de');
    const subject = { ...notice('subject', 'Alice', { value: 'Kaffeeklatsch' }), id: 1 };
    render(<NoticeRow id="n1" notices={[subject]} expanded={false} onToggle={() => {}} />);
    expect(screen.getByTestId('room-notice').textContent).toContain(
      'hat das Thema festgelegt: Kaffeeklatsch',
    );
    act(() => {
      applyLanguage('ar');
    });
    expect(screen.getByTestId('room-notice').textContent).toContain('الموضوع: Kaffeeklatsch');
  });

  it('isolates our message inside "You: …" in Arabic, so its punctuation stays with it', () => {
    const last = conversation('bob@example.org', {
      lastMessage: { body: 'Willkommen im Raum!', direction: 'out', timestamp: 1 },
    });
    applyLanguage('ar');
    expect(conversationPreview(last, undefined)).toBe('أنت: \u2068Willkommen im Raum!\u2069');
    applyLanguage('en');
    expect(conversationPreview(last, undefined)).toBe('You: Willkommen im Raum!');
  });
});
