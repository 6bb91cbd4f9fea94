import '../../test/jsdom.js';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settingDefault } from '@parley/contract';
import { setClient } from '../../app/client';
import { FakeClient, failure } from '../../test/fake-client';
import { account } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { Composer } from '../chat/Composer';
import { AccountForm } from './AccountForm';
import { useAccounts } from './store';

let fake: FakeClient;

beforeEach(() => {
  resetStores();
  fake = new FakeClient()
    .handle('settings.get', ({ key, accountId }) => ({
      key,
      accountId: accountId ?? null,
      // App-wide settings are not on the account view: they answer their default here.
      value:
        key === 'sendChatStates' || key === 'autoDownloadBytes'
          ? useAccounts.getState().accounts[0]?.[key]
          : settingDefault(key),
    }))
    .handle('settings.set', ({ key, accountId, value }) => ({
      key,
      accountId: accountId ?? null,
      value,
    }));
  setClient(fake);
  useAccounts.getState().setAll([account()]);
});
afterEach(() => {
  cleanup();
  setClient(null);
});

describe('send typing notifications setting', () => {
  it('is on by default and saves a change at once, alone', async () => {
    render(<AccountForm account={account()} />);
    const box = screen.getByTestId('send-chat-states') as HTMLInputElement;
    expect(box.checked).toBe(true);
    expect(screen.getByLabelText('Send typing notifications')).toBe(box);
    fireEvent.click(box);
    await screen.findByTestId('send-chat-states-saved');
    expect(box.checked).toBe(false);
    expect(fake.callsOf('settings.set')).toEqual([
      { key: 'sendChatStates', accountId: 'a1', value: false },
    ]);
    expect(fake.callsOf('accounts.update')).toEqual([]);
  });

  it('follows a change made elsewhere (settings.changed)', async () => {
    render(<AccountForm account={account()} />);
    const box = screen.getByTestId('send-chat-states') as HTMLInputElement;
    await waitFor(() =>
      expect(fake.callsOf('settings.get')).toContainEqual({
        key: 'sendChatStates',
        accountId: 'a1',
      }),
    );
    act(() =>
      fake.emit('settings.changed', { key: 'sendChatStates', accountId: 'a1', value: false }),
    );
    expect(box.checked).toBe(false);
    // Another account's, or another setting: not this box.
    act(() =>
      fake.emit('settings.changed', { key: 'sendChatStates', accountId: 'a2', value: true }),
    );
    act(() =>
      fake.emit('settings.changed', { key: 'autoDownloadBytes', accountId: 'a1', value: 0 }),
    );
    expect(box.checked).toBe(false);
  });

  it('shows a failure and the old value', async () => {
    render(<AccountForm account={account({ sendChatStates: false })} />);
    const box = screen.getByTestId('send-chat-states') as HTMLInputElement;
    expect(box.checked).toBe(false);
    fake.handle('settings.set', () => {
      throw failure('The store is locked');
    });
    fireEvent.click(box);
    expect((await screen.findByTestId('send-chat-states-error')).textContent).toBe(
      'The store is locked',
    );
    await waitFor(() => expect(box.checked).toBe(false));
    expect(fake.callsOf('settings.set')).toEqual([
      { key: 'sendChatStates', accountId: 'a1', value: true },
    ]);
  });

  it('is not shown when adding an account', () => {
    render(<AccountForm />);
    expect(screen.queryByTestId('send-chat-states')).toBeNull();
  });

  it('keeps the composer from sending chat states while off', () => {
    useAccounts.getState().setAll([account({ sendChatStates: false })]);
    render(<Composer accountId="a1" peer="bob@example.org" peerName="Bob" online />);
    const field = screen.getByTestId('composer');
    fireEvent.change(field, { target: { value: 'hel' } });
    expect(fake.callsOf('chatStates.send')).toEqual([]);
    fireEvent.change(field, { target: { value: '' } });
    act(() => useAccounts.getState().upsert(account({ sendChatStates: true })));
    fireEvent.change(field, { target: { value: 'hello' } });
    expect(fake.callsOf('chatStates.send')).toEqual([
      { accountId: 'a1', peer: 'bob@example.org', state: 'composing' },
    ]);
  });
});
