import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
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
});

async function openDesktop(): Promise<void> {
  useSettingsDialog.setState({ open: true, section: 'desktop' });
  render(<SettingsDialog />);
  await screen.findByTestId('desktop-closeToTray');
}

describe('the Desktop settings section', () => {
  it('is there in the desktop app and not in a browser', () => {
    useSettingsDialog.setState({ open: true, section: 'general' });
    const { unmount } = render(<SettingsDialog />);
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toContain('Desktop');
    unmount();
    delete window.parleyDesktop;
    render(<SettingsDialog />);
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).not.toContain('Desktop');
  });

  it('changes close to tray, start minimised and start at login in main', async () => {
    await openDesktop();
    fireEvent.click(screen.getByTestId('desktop-closeToTray'));
    await waitFor(() =>
      expect(screen.getByTestId('desktop-closeToTray')).toHaveProperty('checked', true),
    );
    fireEvent.click(screen.getByTestId('desktop-startAtLogin'));
    await waitFor(() => expect(bridge.patches).toHaveLength(2));
    expect(bridge.patches).toEqual([{ closeToTray: true }, { startAtLogin: true }]);
    expect(screen.getByText(/~\/\.config\/autostart/)).toBeTruthy();
  });

  it('turns automatic updates off and on where Parley updates itself', async () => {
    bridge = new FakeDesktopBridge({}, { updates: 'parley' });
    window.parleyDesktop = bridge;
    await openDesktop();
    const box = screen.getByTestId('desktop-autoUpdate');
    expect(box).toHaveProperty('checked', true);
    fireEvent.click(box);
    await waitFor(() => expect(box).toHaveProperty('checked', false));
    fireEvent.click(box);
    await waitFor(() =>
      expect(bridge.patches).toEqual([{ autoUpdate: false }, { autoUpdate: true }]),
    );
  });

  it('says who updates a copy Parley does not update itself (no switch)', async () => {
    bridge = new FakeDesktopBridge({}, { updates: 'system' });
    window.parleyDesktop = bridge;
    await openDesktop();
    expect(screen.queryByTestId('desktop-autoUpdate')).toBeNull();
    expect(screen.getByTestId('desktop-updates-note').textContent).toMatch(/package manager/);
  });

  it('asks before turning spell check on where that downloads from Google; cancel changes nothing', async () => {
    await openDesktop();
    expect(screen.getByTestId('desktop-spellcheck-enabled')).toHaveProperty('checked', false);
    fireEvent.click(screen.getByTestId('desktop-spellcheck-enabled'));
    expect(screen.getByRole('alertdialog').textContent).toMatch(/Google/);
    fireEvent.click(screen.getByTestId('desktop-spellcheck-cancel'));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(bridge.patches).toEqual([]);
    fireEvent.click(screen.getByTestId('desktop-spellcheck-enabled'));
    fireEvent.click(screen.getByTestId('desktop-spellcheck-consent'));
    await waitFor(() =>
      expect(bridge.patches).toEqual([{ spellCheck: { enabled: true, languages: [] } }]),
    );
    await waitFor(() =>
      expect(screen.getByTestId('desktop-spellcheck-enabled')).toHaveProperty('checked', true),
    );
  });

  it('on macOS turns spell check on without asking (nothing is downloaded)', async () => {
    bridge = new FakeDesktopBridge(
      {},
      { platform: 'darwin', spellCheckDownloads: false, spellLanguages: [] },
    );
    window.parleyDesktop = bridge;
    await openDesktop();
    fireEvent.click(screen.getByTestId('desktop-spellcheck-enabled'));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await waitFor(() => expect(bridge.patches).toHaveLength(1));
    expect(screen.queryByTestId('desktop-spellcheck-languages')).toBeNull();
  });

  it('chooses languages, and shows main’s refusal in words', async () => {
    await openDesktop();
    const select = screen.getByTestId('desktop-spellcheck-languages') as HTMLSelectElement;
    select.options[0]!.selected = true;
    select.options[2]!.selected = true;
    fireEvent.change(select);
    await waitFor(() =>
      expect(bridge.patches).toEqual([
        { spellCheck: { enabled: false, languages: ['de-DE', 'fr'] } },
      ]),
    );
    bridge.refuse = 'Could not change start at login: EACCES';
    fireEvent.click(screen.getByTestId('desktop-startAtLogin'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/EACCES/);
    expect(screen.getByTestId('desktop-startAtLogin')).toHaveProperty('checked', false);
  });
});
