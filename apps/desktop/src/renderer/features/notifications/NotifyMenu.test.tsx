import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { conversation } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useConversations } from '../conversations/store';
import { chatKey } from '../ui/store';
import { NotifyMenu } from './NotifyMenu';

const ROOM = 'tea@conference.example.org';
let client: FakeClient;

beforeEach(() => {
  resetStores();
  client = new FakeClient().handle('conversations.setNotify', ({ accountId, peer, notify }) =>
    conversation(peer, { accountId, kind: 'room', notify }),
  );
  setClient(client);
});
afterEach(cleanup);

/** Radix menus open on a keyboard Enter as on a click, and jsdom has no pointer events. */
function open() {
  fireEvent.keyDown(screen.getByTestId('notify-menu'), { key: 'Enter' });
}

describe('the notifications bell', () => {
  it("offers a room's choices, with what default means, and stores the one picked", async () => {
    render(<NotifyMenu accountId="a1" peer={ROOM} kind="room" />);
    expect(screen.getByTestId('notify-menu').getAttribute('aria-label')).toBe('Notifications');
    open();
    expect(screen.getByTestId('notify-default').textContent).toMatch(
      /Default \(only when my nickname is mentioned\)/,
    );
    expect(screen.getByTestId('notify-mentions')).toBeTruthy();
    fireEvent.click(screen.getByTestId('notify-never'));
    await waitFor(() =>
      expect(useConversations.getState().byKey.get(chatKey('a1', ROOM))?.notify).toBe('never'),
    );
    expect(client.callsOf('conversations.setNotify')).toEqual([
      { accountId: 'a1', peer: ROOM, notify: 'never' },
    ]);
    expect(screen.getByTestId('notify-menu').getAttribute('aria-label')).toBe(
      'Notifications are off',
    );
  });

  it('offers no "mentions" in a one-to-one chat', () => {
    render(<NotifyMenu accountId="a1" peer="alice@example.org" kind="chat" />);
    open();
    expect(screen.getByTestId('notify-default').textContent).toMatch(/every message/);
    expect(screen.queryByTestId('notify-mentions')).toBeNull();
  });
});
