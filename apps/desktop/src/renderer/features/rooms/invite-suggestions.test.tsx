import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { contact, room } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useRoster } from '../roster/store';
import { InviteDialog } from './InviteDialog';

const R = 'room@conference.example.org';

beforeEach(() => {
  resetStores();
  useRoster
    .getState()
    .setRoster('a1', [
      contact('bob@example.org', { name: 'Bob Builder' }),
      contact('bobby@example.net', { name: 'Roberta' }),
      contact('carol@example.org', { name: 'Carol' }),
    ]);
});
afterEach(() => {
  cleanup();
  setClient(null);
});

function field(): HTMLInputElement {
  return screen.getByTestId('invite-jid') as HTMLInputElement;
}

describe('invite dialog suggestions', () => {
  it('suggests contacts by name and address as you type, and Enter takes one', async () => {
    const client = new FakeClient();
    setClient(client);
    render(<InviteDialog room={room(R)} title="Room" onClose={() => {}} />);
    expect(field().getAttribute('role')).toBe('combobox');
    expect(field().getAttribute('aria-expanded')).toBe('false');

    fireEvent.change(field(), { target: { value: 'bob' } });
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      'Bob Builderbob@example.org',
      'Robertabobby@example.net',
    ]);
    expect(field().getAttribute('aria-expanded')).toBe('true');

    fireEvent.keyDown(field(), { key: 'ArrowDown' });
    fireEvent.keyDown(field(), { key: 'ArrowDown' });
    expect(field().getAttribute('aria-activedescendant')).toBe(options[1]!.id);
    expect(options[1]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(field(), { key: 'Enter' });
    expect(field().value).toBe('bobby@example.net');
    expect(screen.queryAllByRole('option')).toHaveLength(0);

    fireEvent.click(screen.getByTestId('invite-submit'));
    await waitFor(() => expect(client.callsOf('rooms.invite')).toHaveLength(1));
    expect(client.callsOf('rooms.invite')[0]).toMatchObject({ room: R, jid: 'bobby@example.net' });
  });

  it('takes a suggestion by click, closes the list on Escape, and leaves other addresses alone', () => {
    setClient(new FakeClient());
    render(<InviteDialog room={room(R)} title="Room" onClose={() => {}} />);
    fireEvent.change(field(), { target: { value: 'car' } });
    fireEvent.keyDown(field(), { key: 'Escape' });
    expect(screen.queryAllByRole('option')).toHaveLength(0);
    // The dialog stays: the first Escape only closed the list.
    expect(screen.getByTestId('invite-dialog')).toBeTruthy();
    fireEvent.change(field(), { target: { value: 'caro' } });
    fireEvent.click(screen.getByTestId('suggestion-carol@example.org'));
    expect(field().value).toBe('carol@example.org');
    fireEvent.change(field(), { target: { value: 'dave@elsewhere.example' } });
    expect(screen.queryAllByRole('option')).toHaveLength(0);
  });
  it('shows the suggestions again when the field gets the focus back after losing it', () => {
    setClient(new FakeClient());
    render(<InviteDialog room={room(R)} title="Room" onClose={() => {}} />);
    fireEvent.change(field(), { target: { value: 'bo' } });
    expect(screen.getAllByRole('option')).toHaveLength(2);
    // Focus taken away for a moment (a dialog's focus trap, a window switch) and given back.
    fireEvent.blur(field());
    expect(field().getAttribute('aria-expanded')).toBe('false');
    fireEvent.focus(field());
    expect(field().getAttribute('aria-expanded')).toBe('true');
    expect(screen.getAllByRole('option')).toHaveLength(2);
  });
});
