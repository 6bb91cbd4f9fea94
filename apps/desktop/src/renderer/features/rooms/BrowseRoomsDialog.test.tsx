import '../../test/jsdom.js';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient, failure } from '../../test/fake-client';
import { account, conversation, publicRoom, room } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useAccounts } from '../accounts/store';
import { useUi } from '../ui/store';
import { useRoomDialog } from './dialogs';
import { RoomDialogs } from './RoomDialogs';

function Sized({ children }: { children: ReactNode }) {
  return (
    <VirtuosoMockContext.Provider value={{ viewportHeight: 600, itemHeight: 60 }}>
      {children}
    </VirtuosoMockContext.Provider>
  );
}

const rooms = [
  publicRoom('tea@conference.example.org', {
    name: 'Tea',
    description: 'Earl Grey',
    occupants: 12,
  }),
  publicRoom('staff@conference.example.org', { name: 'Staff', membersOnly: true }),
  publicRoom('vault@conference.example.org', { name: 'Vault', passwordProtected: true }),
];

function open(client: FakeClient) {
  client.handle('conversations.open', (r) => conversation(r.peer, { kind: 'room' }));
  setClient(client);
  useAccounts.setState({ loaded: true, accounts: [account()] });
  useUi.setState({ activeAccountId: 'a1' });
  render(<RoomDialogs />, { wrapper: Sized });
  act(() => useRoomDialog.getState().open({ kind: 'browse' }));
}

beforeEach(() => resetStores());
afterEach(() => {
  cleanup();
  setClient(null);
});

describe('browse rooms', () => {
  it('lists a service’s rooms with their size and locks, and searches them', async () => {
    const client = new FakeClient()
      .handle('muc.services', () => [
        { jid: 'conference.example.org', name: 'Chatrooms' },
        { jid: 'irc.example.org', name: '' },
      ])
      .handle('muc.rooms', (r) => (r.service === 'conference.example.org' ? rooms : []));
    open(client);
    const tea = await screen.findByTestId('public-room-tea@conference.example.org');
    expect(tea.textContent).toContain('Earl Grey');
    expect(tea.textContent).toContain('12');
    expect(
      screen
        .getByTestId('public-room-staff@conference.example.org')
        .querySelector('[data-testid="members-only"]'),
    ).toBeTruthy();
    expect(
      screen
        .getByTestId('public-room-vault@conference.example.org')
        .querySelector('[data-testid="password-protected"]'),
    ).toBeTruthy();

    fireEvent.change(screen.getByTestId('browse-search'), { target: { value: 'grey' } });
    expect(screen.queryByTestId('public-room-staff@conference.example.org')).toBeNull();
    expect(screen.getByTestId('public-room-tea@conference.example.org')).toBeTruthy();

    fireEvent.change(screen.getByTestId('browse-service'), {
      target: { value: 'irc.example.org' },
    });
    await waitFor(() => expect(client.callsOf('muc.rooms')).toHaveLength(2));
    expect(client.callsOf('muc.rooms')[1]).toEqual({ accountId: 'a1', service: 'irc.example.org' });
  });

  it('joins directly, and hands a refusal over to the join dialog', async () => {
    const client = new FakeClient()
      .handle('muc.services', () => [{ jid: 'conference.example.org', name: '' }])
      .handle('muc.rooms', () => rooms)
      .handle('rooms.join', (r) =>
        r.room.startsWith('staff')
          ? room(r.room, { state: 'error', error: { code: 'members-only', message: '' } })
          : room(r.room),
      );
    open(client);
    fireEvent.click(await screen.findByTestId('public-room-join-tea@conference.example.org'));
    await waitFor(() => expect(screen.queryByTestId('browse-rooms-dialog')).toBeNull());
    expect(useUi.getState().openChat?.peer).toBe('tea@conference.example.org');
    expect(client.callsOf('rooms.join')[0]).toEqual({
      accountId: 'a1',
      room: 'tea@conference.example.org',
      nick: 'me',
      password: null,
    });

    act(() => useRoomDialog.getState().open({ kind: 'browse' }));
    fireEvent.click(await screen.findByTestId('public-room-join-staff@conference.example.org'));
    const error = await screen.findByTestId('join-room-error');
    expect(error.textContent).toContain('Only members');
    expect((screen.getByTestId('join-room-address') as HTMLInputElement).value).toBe(
      'staff@conference.example.org',
    );
  });

  it('asks for the password of a protected room before joining', async () => {
    const client = new FakeClient()
      .handle('muc.services', () => [{ jid: 'conference.example.org', name: '' }])
      .handle('muc.rooms', () => rooms);
    open(client);
    fireEvent.click(await screen.findByTestId('public-room-join-vault@conference.example.org'));
    await screen.findByTestId('join-room-dialog');
    expect(client.callsOf('rooms.join')).toHaveLength(0);
  });

  it('explains a missing service and a failed listing', async () => {
    open(new FakeClient());
    expect((await screen.findByTestId('browse-no-service')).textContent).toContain(
      'does not offer a group chat service',
    );
    cleanup();
    open(
      new FakeClient()
        .handle('muc.services', () => [{ jid: 'conference.example.org', name: '' }])
        .handle('muc.rooms', () => {
          throw failure('remote-server-timeout');
        }),
    );
    expect((await screen.findByTestId('browse-error')).textContent).toContain(
      'Could not list the rooms of conference.example.org: remote-server-timeout',
    );
  });
});
