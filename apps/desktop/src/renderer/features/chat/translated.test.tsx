import '../../test/jsdom.js';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { applyLanguage } from '../../i18n';
import { message } from '../../test/fixtures';
import { decryptErrorText } from './EncryptionNote';
import { ReplyBanner } from './reply-composer';
import { StatusTick } from './StatusTick';
import { tombstoneText } from './tombstone';
import { typistsText } from './TypingLine';

afterEach(() => {
  cleanup();
  applyLanguage('en');
});

describe('chat in German and Arabic', () => {
  it('says who is typing in German, with the plural', () => {
    applyLanguage('de');
    expect(typistsText(['ann'])).toBe('ann schreibt …');
    expect(typistsText(['ann', 'bob'])).toBe('ann und bob schreiben …');
    expect(typistsText(['ann', 'bob', 'cy'])).toBe('ann, bob und 1 weitere Person schreiben …');
    expect(typistsText(['ann', 'bob', 'cy', 'dee'])).toBe('ann, bob und 2 weitere schreiben …');
    expect(tombstoneText({ moderated: true, reason: 'spam' } as never)).toBe(
      'Diese Nachricht wurde von einem Moderator entfernt: spam',
    );
  });

  it('labels the delivery mark and the reply banner in German; the preview stays text', () => {
    applyLanguage('de');
    render(
      <>
        <StatusTick status="failed" displayed={false} />
        <ReplyBanner
          message={message('m1', { body: '<b>bold?</b> <1>x</1>' })}
          author="Bob"
          onCancel={() => {}}
        />
      </>,
    );
    expect(screen.getByTestId('message-status').getAttribute('aria-label')).toBe(
      'Senden fehlgeschlagen',
    );
    const banner = screen.getByTestId('composer-replying');
    expect(banner.textContent).toContain('Antwort an Bob: <b>bold?</b> <1>x</1>');
    expect(banner.querySelector('b')).toBeNull();
    expect(screen.getByRole('button', { name: 'Antwort abbrechen' })).toBeTruthy();
  });

  it('explains an unreadable message in Arabic, with the plural forms for typists', () => {
    applyLanguage('ar');
    expect(decryptErrorText('bad-payload', 'bob@example.org')).toBe(
      'تعذّر فك التشفير: الرسالة تالفة أو مشوّهة.',
    );
    expect(typistsText(['a', 'b', 'c', 'd'])).toBe('a وb وشخصان آخران يكتبون…');
  });
});
