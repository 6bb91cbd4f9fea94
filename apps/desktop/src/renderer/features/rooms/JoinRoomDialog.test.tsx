import '../../test/jsdom.js';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { account, conversation, room, roomConfigForm } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useAccounts } from '../accounts/store';
import { useUi } from '../ui/store';
import { useRoomDialog } from './dialogs';
import { RoomDialogs } from './RoomDialogs';
import { useRooms } from './store';

const R = 'room@conference.example.org';

function setup(client: FakeClient) {
  client.handle('conversations.open', (r) => conversation(r.peer, { kind: 'room' }));
  setClient(client);
  useAccounts.setState({ loaded: true, accounts: [account({ jid: 'juliet@example.org' })] });
  useUi.setState({ activeAccountId: 'a1' });
  render(<RoomDialogs />);
  act(() => useRoomDialog.getState().open({ kind: 'join' }));
}

function fill(address: string) {
  fireEvent.change(screen.getByTestId('join-room-address'), { target: { value: address } });
  fireEvent.click(screen.getByTestId('join-room-submit'));
}

beforeEach(() => resetStores());
afterEach(() => {
  cleanup();
  setClient(null);
});

describe('join room dialog', () => {
  it('joins with the account’s local part as nick and opens the room', async () => {
    const client = new FakeClient().handle('rooms.join', (r) =>
      room(r.room, { nick: r.nick, state: 'joined' }),
    );
    setup(client);
    expect((screen.getByTestId('join-room-nick') as HTMLInputElement).value).toBe('juliet');
    fill(' room@conference.example.org ');
    await waitFor(() => expect(screen.queryByTestId('join-room-dialog')).toBeNull());
    expect(client.callsOf('rooms.join')).toEqual([
      { accountId: 'a1', room: R, nick: 'juliet', password: null },
    ]);
    expect(useUi.getState().openChat).toEqual({ accountId: 'a1', peer: R });
    expect(useRooms.getState().rooms.size).toBe(1);
  });

  it('refuses an address that is not a room’s', () => {
    const client = new FakeClient();
    setup(client);
    fill('conference.example.org');
    expect(screen.getByTestId('join-room-error').textContent).toMatch(/room@conference/);
    expect(client.callsOf('rooms.join')).toHaveLength(0);
  });

  it('takes a pasted xmpp: link apart', () => {
    setup(new FakeClient());
    fireEvent.change(screen.getByTestId('join-room-address'), {
      target: { value: 'xmpp:room@conference.example.org?join;password=s3cret' },
    });
    expect((screen.getByTestId('join-room-address') as HTMLInputElement).value).toBe(R);
    expect((screen.getByTestId('join-room-password') as HTMLInputElement).value).toBe('s3cret');
  });

  it('offers the suggested nick when ours is taken, and joins with it', async () => {
    let calls = 0;
    const client = new FakeClient().handle('rooms.join', (r) =>
      ++calls === 1
        ? room(r.room, {
            state: 'error',
            nick: r.nick,
            error: { code: 'nickname-in-use', message: 'conflict' },
            suggestedNick: 'juliet_',
          })
        : room(r.room, { nick: r.nick }),
    );
    setup(client);
    fill(R);
    const error = await screen.findByTestId('join-room-error');
    expect(error.textContent).toContain('already uses that nickname');
    expect(screen.getByTestId('join-room-dialog')).toBeTruthy();
    fireEvent.click(screen.getByTestId('join-room-use-suggested'));
    expect((screen.getByTestId('join-room-nick') as HTMLInputElement).value).toBe('juliet_');
    expect(screen.queryByTestId('join-room-error')).toBeNull();
    fireEvent.click(screen.getByTestId('join-room-submit'));
    await waitFor(() => expect(screen.queryByTestId('join-room-dialog')).toBeNull());
    expect(client.callsOf('rooms.join').map((r) => r.nick)).toEqual(['juliet', 'juliet_']);
  });

  it('asks for the password when the room needs one', async () => {
    const client = new FakeClient().handle('rooms.join', (r) =>
      room(r.room, { state: 'error', error: { code: 'password-required', message: '' } }),
    );
    setup(client);
    fill(R);
    expect((await screen.findByTestId('join-room-error')).textContent).toContain(
      'needs a password',
    );
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByTestId('join-room-password')),
    );
  });

  it('creates a missing room at once', async () => {
    const client = new FakeClient()
      .handle('rooms.join', (r) =>
        room(r.room, { state: 'error', error: { code: 'not-found', message: 'item-not-found' } }),
      )
      .handle('rooms.create', (r) => room(r.room, { nick: r.nick, ownAffiliation: 'owner' }));
    setup(client);
    fill(R);
    expect((await screen.findByTestId('join-room-error')).textContent).toBe(
      'This room does not exist.',
    );
    fireEvent.click(screen.getByTestId('join-room-create'));
    await waitFor(() => expect(screen.queryByTestId('join-room-dialog')).toBeNull());
    expect(client.callsOf('rooms.create')).toEqual([
      { accountId: 'a1', room: R, nick: 'juliet', instant: true },
    ]);
    expect(useUi.getState().openChat?.peer).toBe(R);
    expect(screen.queryByTestId('room-config-dialog')).toBeNull();
  });

  it('creates a locked room and opens its configuration, whose Cancel destroys it', async () => {
    const client = new FakeClient()
      .handle('rooms.join', (r) =>
        room(r.room, { state: 'error', error: { code: 'not-found', message: '' } }),
      )
      .handle('rooms.create', (r) => room(r.room, { ownAffiliation: 'owner' }))
      .handle('rooms.getConfig', () => roomConfigForm());
    setup(client);
    fill(R);
    fireEvent.click(await screen.findByTestId('join-room-configure'));
    fireEvent.click(screen.getByTestId('join-room-create'));
    await screen.findByTestId('room-config-dialog');
    expect(client.callsOf('rooms.create')[0]?.instant).toBe(false);
    await screen.findByTestId('config-field-muc#roomconfig_roomname');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByTestId('room-config-dialog')).toBeNull());
    expect(client.callsOf('rooms.cancelConfig')).toEqual([{ accountId: 'a1', room: R }]);
  });

  it('shows a command failure in words', async () => {
    const client = new FakeClient().handle('rooms.join', () => {
      throw new (class extends Error {})('Your account is offline');
    });
    setup(client);
    fill(R);
    expect((await screen.findByTestId('join-room-error')).textContent).toBe(
      'Your account is offline',
    );
  });
});
