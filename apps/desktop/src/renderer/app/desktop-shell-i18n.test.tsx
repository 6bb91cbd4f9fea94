import '../test/jsdom.js';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeDesktopBridge } from '../features/desktop/fake-desktop-bridge';
import { reportLanguage } from '../features/desktop/useDesktopShell';
import { applyLanguage } from '../i18n';
import { room } from '../test/fixtures';
import { resetStores } from '../test/reset';
import { presenceWords } from '../ui/accessible-names';
import { BackendBanner } from './BackendBanner';
import { DrawerRail } from './narrow-layout';
import { RenameHost } from './RenameHost';
import { chordLabel } from './shortcuts/keys';
import { ShortcutsButton, ShortcutsSheet } from './shortcuts/ShortcutsSheet';
import { useNav } from './shortcuts/store';
import type { ElectronBridge } from './transport';

beforeEach(() => {
  resetStores();
  useNav.setState({ sheetOpen: false, drawerOpen: false, renaming: null });
});
afterEach(() => {
  cleanup();
  applyLanguage('en');
});

describe('app shell texts in German and Arabic', () => {
  it('shows the shortcuts sheet in German: groups, descriptions and key caps', () => {
    applyLanguage('de');
    useNav.setState({ sheetOpen: true });
    render(
      <>
        <ShortcutsButton />
        <ShortcutsSheet />
      </>,
    );
    const sheet = screen.getByTestId('shortcuts-sheet');
    expect(within(sheet).getByRole('heading', { name: 'Tastenkürzel' })).toBeTruthy();
    expect(
      within(sheet).getByTestId('shortcuts-group-Composer').querySelector('caption')?.textContent,
    ).toBe('Nachrichtenfeld');
    expect(within(sheet).getByTestId('shortcut-settings').textContent).toContain(
      'Einstellungen öffnen',
    );
    expect(within(sheet).getByTestId('shortcut-search-all').textContent).toContain(
      'Alle Unterhaltungen durchsuchen',
    );
    expect(within(sheet).getByTestId('shortcut-next-conversation').textContent).toContain('oder');
    expect(chordLabel('Ctrl+Shift+PageDown', 'other')).toEqual(['Strg', 'Umschalt', 'Bild ab']);
    expect(screen.getByTestId('open-shortcuts').getAttribute('aria-label')).toBe('Tastenkürzel');
  });

  it('shows the shortcuts sheet in Arabic', () => {
    applyLanguage('ar');
    useNav.setState({ sheetOpen: true });
    render(<ShortcutsSheet />);
    const sheet = screen.getByTestId('shortcuts-sheet');
    expect(within(sheet).getByRole('heading', { name: 'اختصارات لوحة المفاتيح' })).toBeTruthy();
    expect(within(sheet).getByTestId('shortcut-new-chat').textContent).toContain(
      'بدء محادثة مع جهة اتصال',
    );
  });

  it('names the drawer button and the rename dialog in German', () => {
    applyLanguage('de');
    useNav.setState({ renaming: { kind: 'room', room: room('tea@rooms.example.org') } });
    render(
      <>
        <DrawerRail />
        <RenameHost />
      </>,
    );
    expect(screen.getByTestId('drawer-toggle').getAttribute('aria-label')).toBe(
      'Seitenleiste öffnen',
    );
    // The open dialog hides the rest from the accessibility tree: read the label itself.
    expect(document.querySelector('nav.drawer-rail')?.getAttribute('aria-label')).toBe(
      'Seitenleiste',
    );
    expect(screen.getByRole('dialog', { name: 'Gruppenchat umbenennen' })).toBeTruthy();
    expect(screen.getByLabelText('Name')).toBeTruthy();
    expect(screen.getByTestId('room-rename-submit').textContent).toBe('Speichern');
  });

  it('says in German that the backend was restarted', () => {
    applyLanguage('de');
    const bridge = {
      backendState: () => ({ kind: 'running', restarts: 1 }),
      onBackendState: () => () => undefined,
    } as unknown as ElectronBridge;
    render(<BackendBanner bridge={bridge} />);
    expect(screen.getByTestId('backend-restarted').textContent).toContain(
      'Das Parley-Backend wurde unerwartet beendet und neu gestartet.',
    );
    expect(screen.getByRole('button', { name: 'Ausblenden' })).toBeTruthy();
  });

  it('separates presence words with the Arabic comma', () => {
    applyLanguage('ar');
    expect(presenceWords('away')).toBe('، بعيد، ');
    applyLanguage('en');
    expect(presenceWords('away')).toBe(', Away, ');
  });

  it('tells main the interface language now and after each change', () => {
    const bridge = new FakeDesktopBridge();
    applyLanguage('de');
    const off = reportLanguage(bridge);
    act(() => {
      applyLanguage('ar');
    });
    off();
    applyLanguage('en');
    expect(bridge.languages).toEqual(['de', 'ar']);
  });
});
