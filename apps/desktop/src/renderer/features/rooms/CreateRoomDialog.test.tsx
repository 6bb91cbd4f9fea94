import '../../test/jsdom.js';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataForm } from '@parley/contract';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { account, conversation, room, roomConfigForm } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useAccounts } from '../accounts/store';
import { useUi } from '../ui/store';
import { useRoomDialog } from './dialogs';
import { RoomDialogs } from './RoomDialogs';
import { RoomsToolbar } from './RoomsToolbar';

const SERVICE = 'conference.example.org';
const BOOK = `book-club@${SERVICE}`;
let client: FakeClient;
let taken: Set<string>;

function form(): DataForm {
  const base = roomConfigForm();
  const bool = (v: string, value: string) =>
    ({ ...base.fields[4]!, var: v, label: v, values: [value] }) as DataForm['fields'][number];
  return {
    ...base,
    fields: [
      ...base.fields,
      bool('muc#roomconfig_publicroom', '1'),
      bool('muc#roomconfig_membersonly', '0'),
    ],
  };
}

beforeEach(() => {
  resetStores();
  taken = new Set(['lobby@conference.example.org']);
  client = new FakeClient()
    .handle('muc.services', () => [{ jid: SERVICE, name: 'Chatrooms' }])
    .handle('rooms.addressFree', (r) => ({ room: r.room, free: !taken.has(r.room) }))
    .handle('rooms.create', (r) =>
      room(r.room, { nick: r.nick, state: 'joined', ownAffiliation: 'owner' }),
    )
    .handle('rooms.getConfig', () => form())
    .handle('rooms.submitConfig', () => ({ ok: true as const }))
    .handle('rooms.bookmark', (r) =>
      room(r.room, { state: 'joined', bookmarked: r.bookmarked, autojoin: r.autojoin }),
    )
    .handle('conversations.open', (r) => conversation(r.peer, { kind: 'room' }));
  setClient(client);
  useAccounts.setState({ loaded: true, accounts: [account({ jid: 'juliet@example.org' })] });
  useUi.setState({ activeAccountId: 'a1' });
  render(
    <>
      <RoomsToolbar />
      <RoomDialogs />
    </>,
  );
});
afterEach(() => {
  cleanup();
  setClient(null);
});

const field = (id: string) => screen.getByTestId(id) as HTMLInputElement;

describe('create group chat', () => {
  it('suggests an address on the server’s service and says whether it is free', async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Create group chat' }));
    await waitFor(() => expect(client.callsOf('muc.services')).toHaveLength(1));
    fireEvent.change(field('create-room-name'), { target: { value: 'Lobby' } });
    await waitFor(() => expect(field('create-room-address').value).toBe(`lobby@${SERVICE}`));
    await waitFor(() =>
      expect(field('create-room-availability').dataset.availability).toBe('taken'),
    );
    fireEvent.change(field('create-room-name'), { target: { value: 'Book Club' } });
    await waitFor(() =>
      expect(field('create-room-availability').dataset.availability).toBe('free'),
    );
    expect(field('create-room-address').value).toBe(BOOK);
  });

  it('creates a private room: locked, configured members-only and non-anonymous, bookmarked', async () => {
    act(() => useRoomDialog.getState().open({ kind: 'create' }));
    await waitFor(() => expect(client.callsOf('muc.services')).toHaveLength(1));
    fireEvent.change(field('create-room-name'), { target: { value: 'Book Club' } });
    await waitFor(() => expect(field('create-room-address').value).toBe(BOOK));
    expect(field('create-room-private').checked).toBe(true);
    fireEvent.click(screen.getByTestId('create-room-submit'));
    await waitFor(() => expect(screen.queryByTestId('create-room-dialog')).toBeNull());
    expect(client.callsOf('rooms.create')).toEqual([
      { accountId: 'a1', room: BOOK, nick: 'juliet', instant: false },
    ]);
    const [submitted] = client.callsOf('rooms.submitConfig');
    expect(submitted?.values).toMatchObject({
      'muc#roomconfig_roomname': ['Book Club'],
      'muc#roomconfig_membersonly': ['1'],
      'muc#roomconfig_publicroom': ['0'],
      'muc#roomconfig_persistentroom': ['1'],
      'muc#roomconfig_whois': ['anyone'],
    });
    expect(client.callsOf('rooms.bookmark')).toEqual([
      { accountId: 'a1', room: BOOK, bookmarked: true, autojoin: true },
    ]);
    expect(useUi.getState().openChat).toEqual({ accountId: 'a1', peer: BOOK });
  });

  it('never creates at a taken address (checked again on submit)', async () => {
    act(() => useRoomDialog.getState().open({ kind: 'create' }));
    await waitFor(() => expect(client.callsOf('muc.services')).toHaveLength(1));
    fireEvent.change(field('create-room-name'), { target: { value: 'Book Club' } });
    await waitFor(() => expect(field('create-room-address').value).toBe(BOOK));
    taken.add(BOOK); // someone was quicker
    fireEvent.click(screen.getByTestId('create-room-submit'));
    await waitFor(() =>
      expect(screen.getByTestId('create-room-error').textContent).toMatch(/taken/u),
    );
    expect(client.callsOf('rooms.create')).toEqual([]);
  });
});
