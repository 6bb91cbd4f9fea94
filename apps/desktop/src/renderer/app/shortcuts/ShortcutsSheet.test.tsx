import '../../test/jsdom.js';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShortcutsButton, ShortcutsSheet } from './ShortcutsSheet';
import { useNav } from './store';
import { APP_SHORTCUTS } from './table';
import { useShortcuts } from './useShortcuts';

function Harness() {
  useShortcuts(APP_SHORTCUTS);
  return (
    <>
      <input aria-label="Message" />
      <ShortcutsButton />
      <ShortcutsSheet />
    </>
  );
}

beforeEach(() => useNav.setState({ sheetOpen: false, drawerOpen: false, renaming: null }));
afterEach(cleanup);

describe('shortcuts sheet', () => {
  it('opens with ? outside text fields and lists every shortcut of the table', () => {
    render(<Harness />);
    fireEvent.keyDown(screen.getByLabelText('Message'), { key: '?', shiftKey: true });
    expect(screen.queryByTestId('shortcuts-sheet')).toBeNull();
    fireEvent.keyDown(document.body, { key: '?', shiftKey: true });
    const sheet = screen.getByTestId('shortcuts-sheet');
    for (const shortcut of APP_SHORTCUTS) {
      expect(within(sheet).getByTestId(`shortcut-${shortcut.id}`).textContent).toContain(
        shortcut.description,
      );
    }
    expect(within(sheet).getByTestId('shortcut-quick-switcher').textContent).toMatch(/Ctrl\+?K/);
  });

  it('opens from its button', () => {
    render(<Harness />);
    act(() => screen.getByTestId('open-shortcuts').click());
    expect(screen.getByTestId('shortcuts-sheet')).toBeTruthy();
  });
});
