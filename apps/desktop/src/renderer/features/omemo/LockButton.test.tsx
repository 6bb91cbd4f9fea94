import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { OmemoConversationState } from '@parley/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { LockButton } from './LockButton';
import { useOmemoLocks } from './lock-store';

const PEER = 'bob@example.org';
const ROOM = 'team@conference.example.org';
let client: FakeClient;

function state(over: Partial<OmemoConversationState>): OmemoConversationState {
  return {
    accountId: 'a1',
    peer: PEER,
    encryption: 'omemo',
    chosen: true,
    hasDevices: true,
    enabled: true,
    ...over,
  };
}

function lock() {
  return screen.getByTestId('omemo-lock') as HTMLButtonElement;
}

beforeEach(() => {
  useOmemoLocks.setState({ byKey: {} });
});
afterEach(cleanup);

describe('the chat header lock', () => {
  it('shows the default (on) and turns OMEMO off and on again', async () => {
    client = new FakeClient()
      .handle('omemo.conversation.get', () => state({}))
      .handle('omemo.conversation.set', ({ encryption }) => state({ encryption }));
    setClient(client);
    render(<LockButton accountId="a1" peer={PEER} />);
    await waitFor(() => expect(lock().getAttribute('aria-pressed')).toBe('true'));
    expect(lock().getAttribute('aria-label')).toBe('OMEMO encryption on');
    // A button: Enter and Space work from the keyboard; the click is what they fire.
    lock().focus();
    expect(document.activeElement).toBe(lock());
    fireEvent.click(lock());
    await waitFor(() => expect(lock().getAttribute('aria-pressed')).toBe('false'));
    fireEvent.click(lock());
    await waitFor(() => expect(lock().getAttribute('aria-pressed')).toBe('true'));
    expect(client.callsOf('omemo.conversation.set')).toEqual([
      { accountId: 'a1', peer: PEER, encryption: 'off' },
      { accountId: 'a1', peer: PEER, encryption: 'omemo' },
    ]);
  });

  it('is disabled, with why, when the contact has no OMEMO devices', async () => {
    setClient(
      new FakeClient().handle('omemo.conversation.get', () =>
        state({ encryption: 'off', chosen: false, hasDevices: false }),
      ),
    );
    render(<LockButton accountId="a1" peer={PEER} />);
    await waitFor(() => expect(lock().title).toMatch(/no OMEMO devices/));
    expect(lock().disabled).toBe(true);
  });

  it('explains that OMEMO is off in the settings', async () => {
    setClient(new FakeClient().handle('omemo.conversation.get', () => state({ enabled: false })));
    render(<LockButton accountId="a1" peer={PEER} />);
    await waitFor(() => expect(lock().title).toBe('OMEMO is off in the settings'));
    expect(lock().disabled).toBe(true);
    expect(lock().getAttribute('aria-pressed')).toBe('false');
  });

  it("in a room that is not private: disabled, with the room's reason", async () => {
    const reason = 'OMEMO needs a private group chat: members-only and non-anonymous';
    setClient(
      new FakeClient().handle('omemo.conversation.get', () =>
        state({
          peer: ROOM,
          encryption: 'off',
          chosen: false,
          hasDevices: false,
          room: { eligible: false, reason },
        }),
      ),
    );
    render(<LockButton accountId="a1" peer={ROOM} />);
    await waitFor(() => expect(lock().title).toBe(`${reason}: messages go unencrypted`));
    expect(lock().disabled).toBe(true);
  });

  it('in a private room: can be turned on, for every member', async () => {
    const client = new FakeClient()
      .handle('omemo.conversation.get', () =>
        state({
          peer: ROOM,
          encryption: 'off',
          chosen: false,
          hasDevices: false,
          room: { eligible: true, reason: null },
        }),
      )
      .handle('omemo.conversation.set', ({ encryption }) =>
        state({
          peer: ROOM,
          encryption,
          hasDevices: false,
          room: { eligible: true, reason: null },
        }),
      );
    setClient(client);
    render(<LockButton accountId="a1" peer={ROOM} />);
    await waitFor(() =>
      expect(lock().title).toMatch(/click to encrypt with OMEMO for every member/),
    );
    expect(lock().disabled).toBe(false);
    fireEvent.click(lock());
    await waitFor(() => expect(lock().getAttribute('aria-pressed')).toBe('true'));
    expect(lock().title).toMatch(/for every member's devices: click to send unencrypted/);
  });

  it('on in a room that stopped being private: says nothing is sent, can be turned off', async () => {
    const reason = 'OMEMO needs a private group chat: members-only and non-anonymous';
    setClient(
      new FakeClient().handle('omemo.conversation.get', () =>
        state({ peer: ROOM, hasDevices: false, room: { eligible: false, reason } }),
      ),
    );
    render(<LockButton accountId="a1" peer={ROOM} />);
    await waitFor(() =>
      expect(lock().title).toMatch(/nothing is sent until you turn the lock off/),
    );
    expect(lock().disabled).toBe(false);
  });
});
