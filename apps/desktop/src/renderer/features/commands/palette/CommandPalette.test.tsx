import '../../../test/jsdom.js';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../../app/client';
import { FakeClient } from '../../../test/fake-client';
import { resetStores } from '../../../test/reset';
import { CommandPalette } from './CommandPalette';
import { usePalette } from './palette-store';

beforeEach(() => {
  resetStores();
  setClient(new FakeClient());
  usePalette.getState().setOpen(true);
});
afterEach(cleanup);

/** The key caps a palette row shows, as read on the screen. */
function capsOf(action: string): string[] {
  const row = screen
    .getAllByTestId('command-palette-option')
    .find((r) => r.getAttribute('data-action') === action);
  if (!row) throw new Error(`no row for ${action}`);
  return [...row.querySelectorAll('kbd')].map((k) => k.textContent ?? '');
}

describe('the command palette’s rows', () => {
  it('show each action’s shortcut keys, and none for a command without one', () => {
    render(<CommandPalette />);
    const input = screen.getByTestId('command-palette-input');
    fireEvent.change(input, { target: { value: 'settings' } });
    expect(capsOf('settings')).toEqual(['Ctrl', ',']);
    fireEvent.change(input, { target: { value: 'join a group' } });
    expect(capsOf('join-room')).toEqual(['Ctrl', 'Shift', 'J']);
    fireEvent.change(input, { target: { value: '/roster add bob@example.org' } });
    expect(capsOf('typed-command')).toEqual([]);
  });
});
