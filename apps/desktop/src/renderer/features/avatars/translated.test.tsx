import '../../test/jsdom.js';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { applyLanguage } from '../../i18n';
import { FakeClient } from '../../test/fake-client';
import { account } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { AvatarDialog } from './AvatarDialog';

beforeEach(() => {
  resetStores();
  setClient(new FakeClient());
});
afterEach(() => {
  cleanup();
  setClient(null);
  applyLanguage('en');
});

describe('the avatar dialog in German and Arabic', () => {
  it('speaks German', () => {
    applyLanguage('de');
    render(
      <AvatarDialog
        target={{ kind: 'own', account: account({ state: 'disconnected' }) }}
        open
        onOpenChange={() => {}}
      />,
    );
    expect(screen.getByRole('dialog', { name: 'Dein Avatar' })).toBeTruthy();
    expect(screen.getByText('Wird deinen Kontakten als me@example.org angezeigt.')).toBeTruthy();
    expect(screen.getByText('Verbinde das Konto, um seinen Avatar zu ändern.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Abbrechen' })).toBeTruthy();
  });

  it('speaks Arabic', () => {
    applyLanguage('ar');
    render(
      <AvatarDialog target={{ kind: 'own', account: account() }} open onOpenChange={() => {}} />,
    );
    expect(screen.getByRole('dialog', { name: 'صورتك الرمزية' })).toBeTruthy();
    expect(screen.getByText('اختيار صورة…')).toBeTruthy();
  });
});
