import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { OmemoConversationState } from '@parley/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient, failure } from '../../test/fake-client';
import { account } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { LockButton } from '../omemo/LockButton';
import { useOmemoLocks } from '../omemo/lock-store';
import { AccountForm } from './AccountForm';
import { useAccounts } from './store';

const PEER = 'bob@example.org';
let fake: FakeClient;
/** The backend's `omemo` setting in this fake. */
let omemo: boolean;

function lockState(): OmemoConversationState {
  return {
    accountId: 'a1',
    peer: PEER,
    encryption: omemo ? 'omemo' : 'off',
    chosen: omemo,
    hasDevices: true,
    enabled: omemo,
  };
}

beforeEach(() => {
  resetStores();
  useOmemoLocks.setState({ byKey: {} });
  omemo = false;
  fake = new FakeClient()
    .handle('settings.get', ({ key, accountId }) => ({
      key,
      accountId: accountId ?? null,
      value: key === 'omemo' ? omemo : key === 'messageStyling' ? true : undefined,
    }))
    .handle('settings.set', ({ key, accountId, value }) => {
      if (key === 'omemo') omemo = value as boolean;
      const entry = { key, accountId: accountId ?? null, value };
      // As the backend does: every window hears of the change.
      queueMicrotask(() => fake.emit('settings.changed', entry));
      return entry;
    })
    .handle('omemo.conversation.get', () => lockState());
  setClient(fake);
  useAccounts.getState().setAll([account()]);
});
afterEach(() => {
  cleanup();
  setClient(null);
});

describe('the OMEMO setting', () => {
  it('is on by default, explained in one line, and saves a change at once (app-wide)', async () => {
    omemo = true;
    render(<AccountForm account={account()} />);
    const box = screen.getByTestId('omemo-setting') as HTMLInputElement;
    expect(box.checked).toBe(true);
    expect(screen.getByLabelText('End-to-end encryption (OMEMO)')).toBe(box);
    expect(box.getAttribute('aria-describedby')).toBeTruthy();
    const hint = document.getElementById(box.getAttribute('aria-describedby')!);
    expect(hint?.textContent).toMatch(/encrypts chats with contacts who use OMEMO/);
    fireEvent.click(box);
    await screen.findByTestId('omemo-setting-saved');
    expect(box.checked).toBe(false);
    expect(fake.callsOf('settings.set')).toEqual([{ key: 'omemo', accountId: null, value: false }]);
  });

  it('shows what the backend has stored', async () => {
    render(<AccountForm account={account()} />);
    const box = screen.getByTestId('omemo-setting') as HTMLInputElement;
    await waitFor(() => expect(box.dataset['loaded']).toBe('true'));
    expect(box.checked).toBe(false);
  });

  it('shows a failure and the old value', async () => {
    fake.handle('settings.set', () => {
      throw failure('The store is locked');
    });
    omemo = true;
    render(<AccountForm account={account()} />);
    const box = screen.getByTestId('omemo-setting') as HTMLInputElement;
    fireEvent.click(box);
    expect((await screen.findByTestId('omemo-setting-error')).textContent).toBe(
      'The store is locked',
    );
    await waitFor(() => expect(box.checked).toBe(true));
  });

  it('is not shown when adding an account', () => {
    render(<AccountForm />);
    expect(screen.queryByTestId('omemo-setting')).toBeNull();
  });

  it('turned on while a chat is open: that chat’s lock follows without reopening it', async () => {
    render(
      <>
        <LockButton accountId="a1" peer={PEER} />
        <AccountForm account={account()} />
      </>,
    );
    const lock = screen.getByTestId('omemo-lock') as HTMLButtonElement;
    await waitFor(() => expect(lock.title).toBe('OMEMO is off in the settings'));
    expect(lock.disabled).toBe(true);
    fireEvent.click(screen.getByTestId('omemo-setting'));
    await waitFor(() => expect(lock.getAttribute('aria-pressed')).toBe('true'));
    expect(lock.disabled).toBe(false);
  });
});
