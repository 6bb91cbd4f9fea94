import '../../test/jsdom.js';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
  fake = new FakeClient().handle('accounts.update', ({ id, sendChatStates }) =>
    account({ id, sendChatStates: sendChatStates ?? true }),
  );
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
    expect(fake.callsOf('accounts.update')).toEqual([{ id: 'a1', sendChatStates: false }]);
    expect(useAccounts.getState().accounts[0]?.sendChatStates).toBe(false);
  });

  it('shows a failure and the old value', async () => {
    render(<AccountForm account={account({ sendChatStates: false })} />);
    const box = screen.getByTestId('send-chat-states') as HTMLInputElement;
    expect(box.checked).toBe(false);
    fake.handle('accounts.update', () => {
      throw failure('The store is locked');
    });
    fireEvent.click(box);
    expect((await screen.findByTestId('send-chat-states-error')).textContent).toBe(
      'The store is locked',
    );
    await waitFor(() => expect(box.checked).toBe(false));
    expect(fake.callsOf('accounts.update')).toEqual([{ id: 'a1', sendChatStates: true }]);
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
