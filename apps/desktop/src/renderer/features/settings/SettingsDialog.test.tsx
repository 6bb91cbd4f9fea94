import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settingDefault, type SettingKey } from '@parley/contract';
import { setClient } from '../../app/client';
import { FakeClient, failure } from '../../test/fake-client';
import { account } from '../../test/fixtures';
import { applyLanguage } from '../../i18n';
import { resetStores } from '../../test/reset';
import { AccountHeader } from '../accounts/AccountHeader';
import { useAccounts } from '../accounts/store';
import { useUi } from '../ui/store';
import { useSettingsDialog } from './dialog-store';
import { SettingsDialog } from './SettingsDialog';

let fake: FakeClient;
let saved: Array<{ key: string; accountId: string | null; value: unknown }>;

beforeEach(() => {
  resetStores();
  useSettingsDialog.setState({ open: false, section: 'general' });
  saved = [];
  fake = new FakeClient()
    .handle('settings.get', ({ key, accountId }) => ({
      key,
      accountId: accountId ?? null,
      value: settingDefault(key as SettingKey),
    }))
    .handle('settings.set', ({ key, accountId, value }) => {
      if (key === 'downloadsFolder' && value === 'nowhere') {
        throw failure('Choose a full path to a folder (starting from the root).');
      }
      saved.push({ key, accountId: accountId ?? null, value });
      return { key, accountId: accountId ?? null, value };
    });
  setClient(fake);
  useAccounts.getState().setAll([account({ id: 'a1', jid: 'me@example.org' })]);
});
afterEach(() => {
  cleanup();
  setClient(null);
  applyLanguage('en');
});

describe('the settings dialog', () => {
  it('the gear opens Settings with its sections, not only accounts', () => {
    render(
      <>
        <AccountHeader />
        <SettingsDialog />
      </>,
    );
    fireEvent.click(screen.getByTestId('open-settings'));
    expect(screen.getByRole('dialog', { name: 'Settings' })).toBeTruthy();
    const tabs = screen.getAllByRole('tab').map((t) => t.textContent);
    expect(tabs).toEqual(['General', 'Notifications', 'Files', 'Chats', 'Encryption', 'Accounts']);
    expect(screen.getByTestId('theme-system')).toHaveProperty('checked', true);
    expect(useUi.getState().accountsDialogOpen).toBe(false);
  });

  it('saves each choice under its key, per account where it is one', async () => {
    useSettingsDialog.getState().show();
    render(<SettingsDialog />);
    fireEvent.click(screen.getByTestId('theme-dark'));
    fireEvent.click(screen.getByTestId('send-on-enter'));
    fireEvent.click(screen.getByTestId('settings-tab-notifications'));
    fireEvent.click(screen.getByTestId('notification-sound'));
    fireEvent.click(screen.getByTestId('notification-text'));
    fireEvent.click(screen.getByTestId('settings-tab-chats'));
    fireEvent.click(screen.getByTestId('send-markers'));
    fireEvent.click(screen.getByTestId('link-previews'));
    await waitFor(() => expect(saved).toHaveLength(6));
    expect(saved).toEqual([
      { key: 'theme', accountId: null, value: 'dark' },
      { key: 'sendOnEnter', accountId: null, value: false },
      { key: 'notificationSound', accountId: null, value: true },
      { key: 'notificationText', accountId: null, value: false },
      { key: 'sendMarkers', accountId: 'a1', value: false },
      { key: 'linkPreviews', accountId: null, value: true },
    ]);
  });

  it('arrow keys move between sections; Accounts hands over to the accounts dialog', () => {
    useSettingsDialog.getState().show();
    render(<SettingsDialog />);
    const general = screen.getByTestId('settings-tab-general');
    fireEvent.keyDown(general, { key: 'ArrowDown' });
    expect(screen.getByTestId('settings-section-notifications')).toBeTruthy();
    fireEvent.keyDown(general, { key: 'End' });
    expect(screen.getByTestId('settings-section-accounts').textContent).toContain('me@example.org');
    fireEvent.click(screen.getByTestId('manage-accounts'));
    expect(useUi.getState().accountsDialogOpen).toBe(true);
    expect(useSettingsDialog.getState().open).toBe(false);
  });

  it('a downloads folder the backend refuses is explained, and the old one kept', async () => {
    useSettingsDialog.getState().show('files');
    render(<SettingsDialog />);
    const field = screen.getByTestId('downloads-folder') as HTMLInputElement;
    fireEvent.change(field, { target: { value: 'nowhere' } });
    fireEvent.click(screen.getByTestId('downloads-folder-save'));
    await waitFor(() =>
      expect(screen.getByTestId('downloads-folder-error').textContent).toMatch(/full path/u),
    );
    expect(saved).toEqual([]);
    // What was typed is still there to be corrected.
    expect(field.value).toBe('nowhere');
    fireEvent.change(field, { target: { value: '/srv/files' } });
    fireEvent.click(screen.getByTestId('downloads-folder-save'));
    await waitFor(() =>
      expect(saved).toEqual([{ key: 'downloadsFolder', accountId: null, value: '/srv/files' }]),
    );
  });

  it('in the app, the system folder dialog chooses the folder (no typing)', async () => {
    const win = window as unknown as { parley?: unknown };
    win.parley = { pickFolder: () => Promise.resolve('/home/me/Incoming') };
    try {
      useSettingsDialog.getState().show('files');
      render(<SettingsDialog />);
      expect(screen.getByTestId('downloads-folder')).toHaveProperty('readOnly', true);
      fireEvent.click(screen.getByTestId('downloads-folder-choose'));
      await waitFor(() =>
        expect(saved).toEqual([
          { key: 'downloadsFolder', accountId: null, value: '/home/me/Incoming' },
        ]),
      );
    } finally {
      delete win.parley;
    }
  });

  it('speaks German and Arabic when chosen', () => {
    applyLanguage('de');
    useSettingsDialog.getState().show('general');
    const { unmount } = render(<SettingsDialog />);
    expect(screen.getByRole('dialog', { name: 'Einstellungen' })).toBeTruthy();
    const tabs = screen.getAllByRole('tab').map((t) => t.textContent);
    expect(tabs).toEqual([
      'Allgemein',
      'Benachrichtigungen',
      'Dateien',
      'Chats',
      'Verschlüsselung',
      'Konten',
    ]);
    expect(screen.getByText('Mit Enter senden')).toBeTruthy();
    unmount();
    applyLanguage('ar');
    useSettingsDialog.getState().show('files');
    render(<SettingsDialog />);
    expect(screen.getByRole('dialog', { name: 'الإعدادات' })).toBeTruthy();
    expect(screen.getByText('مجلد التنزيلات')).toBeTruthy();
  });
});
