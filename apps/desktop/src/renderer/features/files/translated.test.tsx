import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { applyLanguage } from '../../i18n';
import { FakeClient } from '../../test/fake-client';
import { conversation, transfer } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useConversations } from '../conversations/store';
import { describeType, transferErrorText } from './format';
import { sizeProblem } from './send';
import { useFiles } from './store';
import { TransfersPanel, TransfersToggle } from './TransfersPanel';

beforeEach(() => {
  resetStores();
  setClient(new FakeClient());
  useConversations.getState().setAll([conversation('alice@example.org', { name: 'Alice' })]);
  useFiles.getState().setAll([
    transfer('up', { direction: 'upload', state: 'active', bytes: 50, size: 100, createdAt: 2 }),
    transfer('ok', {
      state: 'done',
      name: 'report.pdf',
      mediaType: 'application/pdf',
      createdAt: 1,
    }),
  ]);
});
afterEach(() => {
  cleanup();
  setClient(null);
  applyLanguage('en');
});

describe('files in German and Arabic', () => {
  it('shows the transfers panel in German, the peer inside the sentence', () => {
    applyLanguage('de');
    render(
      <>
        <TransfersToggle />
        <TransfersPanel />
      </>,
    );
    const toggle = screen.getByTestId('transfers-toggle');
    expect(toggle.getAttribute('aria-label')).toBe('Dateiübertragungen, 1 läuft');
    fireEvent.click(toggle);
    const done = within(screen.getByTestId('transfer-ok'));
    expect(done.getByText(/^Von/).textContent).toContain('Von Alice');
    expect(done.getByRole('button', { name: 'Alice' }).title).toBe(
      'Gespräch mit alice@example.org anzeigen',
    );
    // Each part isolated, so "10 MB" keeps its order in a right-to-left line.
    expect(done.getByText('PDF-Dokument').tagName).toBe('BDI');
    expect(done.getByText('PDF-Dokument').closest('.file-meta')?.textContent).toContain(
      'PDF-Dokument · Fertig',
    );
    expect(screen.getByRole('heading', { name: 'Laufend · 1' })).toBeTruthy();
  });

  it('says why a file failed or is refused in Arabic', () => {
    applyLanguage('ar');
    expect(sizeProblem(0, null)).toBe('الملف فارغ.');
    expect(transferErrorText({ code: 'upload-failed', message: '' })).toBe('فشل الرفع.');
    expect(describeType('image/png', 'a.png')).toBe('صورة PNG');
  });
});
