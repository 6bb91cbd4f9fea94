import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { room } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useAvatars } from '../avatars/store';
import { RoomMenu } from './RoomMenu';

const R = 'tea@conference.example.org';
const HASH = 'c'.repeat(40);

/** Radix menus open on a keyboard Enter as on a click, and jsdom has no pointer events. */
function openMenu(): void {
  fireEvent.keyDown(screen.getByTestId('room-menu'), { key: 'Enter' });
}

beforeEach(() => resetStores());
afterEach(() => {
  cleanup();
  setClient(null);
});

describe('the room avatar in the room menu (XEP-0486)', () => {
  it('lets an owner open the crop dialog for the room and remove its avatar', async () => {
    const client = new FakeClient()
      .handle('avatars.room.remove', () => ({ ok: true as const }))
      .handle('avatars.image', () => {
        throw new Error('not needed here');
      });
    setClient(client);
    useAvatars.getState().set('a1', R, HASH);
    const owner = room(R, { name: 'Tea', state: 'joined', ownAffiliation: 'owner' });
    render(<RoomMenu room={owner} title="Tea" onError={() => {}} />);
    openMenu();
    fireEvent.click(await screen.findByTestId('room-menu-avatar'));
    const dialog = await screen.findByTestId('avatar-dialog');
    expect(within(dialog).getByText('Room avatar')).toBeTruthy();
    expect(dialog.textContent).toContain('Shown to everyone in Tea.');
    fireEvent.click(within(dialog).getByTestId('avatar-remove'));
    await waitFor(() => expect(screen.queryByTestId('avatar-dialog')).toBeNull());
    expect(client.callsOf('avatars.room.remove')).toEqual([{ accountId: 'a1', room: R }]);
  });

  it('is not offered to a member who is no owner, nor outside the room', async () => {
    setClient(new FakeClient());
    const member = room(R, { state: 'joined', ownAffiliation: 'member' });
    const { unmount } = render(<RoomMenu room={member} title="Tea" onError={() => {}} />);
    openMenu();
    await screen.findByTestId('room-menu-leave');
    expect(screen.queryByTestId('room-menu-avatar')).toBeNull();
    unmount();
    const left = room(R, { state: 'left', ownAffiliation: 'owner' });
    render(<RoomMenu room={left} title="Tea" onError={() => {}} />);
    openMenu();
    await screen.findByTestId('room-menu-join');
    expect(screen.queryByTestId('room-menu-avatar')).toBeNull();
  });
});
