import '../test/jsdom.js';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { applyLanguage } from '../i18n';
import { ConfirmDialog } from './ConfirmDialog';
import { FormFooter } from './FormFooter';
import { showLabel, SHOW_LABEL } from './names';
import { RowWithMenu } from './RowWithMenu';
import { TextField } from './TextField';

afterEach(() => {
  cleanup();
  applyLanguage('en');
});

describe('the shared controls in German and Arabic', () => {
  it('name Cancel, Close, the row menu and optional fields in German', () => {
    applyLanguage('de');
    render(
      <ConfirmDialog
        open
        onOpenChange={() => undefined}
        title="?"
        confirmLabel="OK"
        onConfirm={() => Promise.resolve()}
      >
        …
      </ConfirmDialog>,
    );
    expect(screen.getByTestId('confirm-cancel').textContent).toBe('Abbrechen');
    expect(screen.getByRole('button', { name: 'Schließen' })).toBeTruthy();
    cleanup();
    render(
      <RowWithMenu name="Alice" menuTestId="menu" sections={[]}>
        <span>Alice</span>
      </RowWithMenu>,
    );
    expect(screen.getByTestId('menu').getAttribute('aria-label')).toBe('Aktionen für Alice');
  });

  it('presence labels follow the language whenever they are read', () => {
    expect(SHOW_LABEL.dnd).toBe('Busy');
    applyLanguage('de');
    expect(SHOW_LABEL.dnd).toBe('Beschäftigt');
    expect(showLabel('away')).toBe('Abwesend');
    applyLanguage('ar');
    expect(SHOW_LABEL.offline).toBe('غير متصل');
  });

  it('marks an optional field and cancels a form in Arabic', () => {
    applyLanguage('ar');
    render(
      <form>
        <TextField label="X" optional value="" onChange={() => undefined} />
        <FormFooter submitLabel="OK" onCancel={() => undefined} cancelTestId="cancel" />
      </form>,
    );
    expect(screen.getByText('(اختياري)')).toBeTruthy();
    expect(screen.getByTestId('cancel').textContent).toBe('إلغاء');
  });
});
