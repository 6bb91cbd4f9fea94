import '../../test/jsdom.js';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { account, conversation, room } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useAccounts } from '../accounts/store';
import { useConversations } from '../conversations/store';
import { chatKey, useUi } from '../ui/store';
import { useRoomDialog } from './dialogs';
import { RoomDialogs } from './RoomDialogs';
import { useRooms } from './store';

const NOWHERE = 'nowhere@conference.example.org';
let client: FakeClient;

beforeEach(() => {
  resetStores();
  client = new FakeClient()
    .handle('rooms.join', (r) =>
      room(r.room, {
        nick: r.nick,
        state: 'error',
        error: { code: 'not-found', message: 'no such room' },
      }),
    )
    .handle('rooms.forget', () => ({ ok: true as const }));
  setClient(client);
  useAccounts.setState({ loaded: true, accounts: [account({ jid: 'juliet@example.org' })] });
  useUi.setState({ activeAccountId: 'a1' });
});
afterEach(() => {
  cleanup();
  setClient(null);
});

async function failJoin(address: string) {
  render(<RoomDialogs />);
  act(() => useRoomDialog.getState().open({ kind: 'join' }));
  fireEvent.change(screen.getByTestId('join-room-address'), { target: { value: address } });
  fireEvent.click(screen.getByTestId('join-room-submit'));
  // Shown once, with its reason, in the dialog.
  await waitFor(() => expect(screen.getByTestId('join-room-error')).toBeTruthy());
}

describe('"Could not join" rows do not linger', () => {
  it('a failed first join leaves the list when the dialog is left', async () => {
    await failJoin(NOWHERE);
    expect(useRooms.getState().rooms.has(chatKey('a1', NOWHERE))).toBe(true);
    act(() => useRoomDialog.getState().close());
    await waitFor(() => expect(useRooms.getState().rooms.has(chatKey('a1', NOWHERE))).toBe(false));
    expect(client.callsOf('rooms.forget')).toEqual([{ accountId: 'a1', room: NOWHERE }]);
  });

  it('also when dismissed with Cancel', async () => {
    await failJoin(NOWHERE);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(client.callsOf('rooms.forget')).toHaveLength(1));
  });

  it('keeps a bookmarked room or one with a conversation: its row offers a retry', async () => {
    const kept = 'club@conference.example.org';
    client.handle('rooms.join', (r) =>
      room(r.room, {
        nick: r.nick,
        state: 'error',
        bookmarked: r.room === kept,
        error: { code: 'not-found', message: 'gone' },
      }),
    );
    const talked = 'talk@conference.example.org';
    useConversations.getState().upsert(conversation(talked, { kind: 'room' }));
    await failJoin(kept);
    fireEvent.change(screen.getByTestId('join-room-address'), { target: { value: talked } });
    fireEvent.click(screen.getByTestId('join-room-submit'));
    await waitFor(() => expect(client.callsOf('rooms.join')).toHaveLength(2));
    act(() => useRoomDialog.getState().close());
    await new Promise((r) => setTimeout(r, 20));
    expect(client.callsOf('rooms.forget')).toEqual([]);
    expect(useRooms.getState().rooms.has(chatKey('a1', kept))).toBe(true);
  });
});
