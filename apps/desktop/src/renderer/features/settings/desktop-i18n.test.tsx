import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { applyLanguage } from '../../i18n';
import { FakeClient } from '../../test/fake-client';
import { resetStores } from '../../test/reset';
import { FakeDesktopBridge } from '../desktop/fake-desktop-bridge';
import { useSettingsDialog } from './dialog-store';
import { SettingsDialog } from './SettingsDialog';

let bridge: FakeDesktopBridge;

beforeEach(() => {
  resetStores();
  setClient(new FakeClient());
  bridge = new FakeDesktopBridge();
  window.parleyDesktop = bridge;
});
afterEach(() => {
  cleanup();
  setClient(null);
  delete window.parleyDesktop;
  applyLanguage('en');
});

async function openDesktop(): Promise<void> {
  useSettingsDialog.setState({ open: true, section: 'desktop' });
  render(<SettingsDialog />);
  await screen.findByTestId('desktop-closeToTray');
}

describe('the Desktop settings in German and Arabic', () => {
  it('labels every desktop setting in German, the tray by the platform’s name', async () => {
    applyLanguage('de');
    await openDesktop();
    expect(screen.getByRole('tab', { name: 'Desktop' })).toBeTruthy();
    expect(
      screen.getByLabelText('Im Infobereich weiterlaufen, wenn das Fenster geschlossen wird'),
    ).toBeTruthy();
    expect(screen.getByLabelText('Minimiert starten')).toBeTruthy();
    expect(screen.getByLabelText('Parley bei der Anmeldung starten')).toBeTruthy();
    expect(screen.getByText('Fügt Parley zu ~/.config/autostart hinzu.')).toBeTruthy();
    expect(screen.getByLabelText('Sprachen der Rechtschreibprüfung')).toBeTruthy();
    // Spell-check language names in the interface's language, not the browser's.
    expect(screen.getByRole('option', { name: 'Französisch — fr' })).toBeTruthy();
    fireEvent.click(screen.getByTestId('desktop-spellcheck-enabled'));
    expect(screen.getByRole('button', { name: 'Herunterladen und einschalten' })).toBeTruthy();
  });

  it('names the menu bar on macOS and speaks Arabic with its plural forms', async () => {
    bridge.view = { ...bridge.view, platform: 'darwin', spellCheckDownloads: false };
    applyLanguage('ar');
    await openDesktop();
    expect(screen.getByLabelText('مواصلة العمل في شريط القوائم عند إغلاق النافذة')).toBeTruthy();
    expect(screen.getByText('يضيف Parley إلى عناصر تسجيل الدخول في النظام.')).toBeTruthy();
  });

  it('shows main’s refusal as main words it', async () => {
    applyLanguage('de');
    bridge.refuse = 'Die Desktop-Einstellungen konnten nicht gespeichert werden: EACCES';
    await openDesktop();
    fireEvent.click(screen.getByTestId('desktop-startMinimised'));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'Die Desktop-Einstellungen konnten nicht gespeichert werden: EACCES',
      ),
    );
  });
});
