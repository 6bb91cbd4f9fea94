import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient, failure } from '../../test/fake-client';
import { account } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { AccountForm } from '../accounts/AccountForm';
import { useAccounts } from '../accounts/store';

const MB = 1024 * 1024;
let fake: FakeClient;

beforeEach(() => {
  resetStores();
  fake = new FakeClient().handle('settings.set', ({ key, accountId, value }) => ({
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

describe('automatic downloads setting', () => {
  it('shows the account’s limit and saves a new one at once, alone', async () => {
    render(<AccountForm account={account()} />);
    const select = screen.getByTestId('auto-download-limit') as HTMLSelectElement;
    expect(select.value).toBe(String(5 * MB));
    expect([...select.options].map((o) => o.text)).toEqual([
      'Off',
      '1 MB',
      '5 MB (default)',
      '25 MB',
      '100 MB',
    ]);
    fireEvent.change(select, { target: { value: String(25 * MB) } });
    await screen.findByTestId('auto-download-saved');
    expect(fake.callsOf('settings.set')).toEqual([
      { key: 'autoDownloadBytes', accountId: 'a1', value: 25 * MB },
    ]);
    expect(fake.callsOf('accounts.update')).toEqual([]);
  });

  it('turns it off, and shows a failure and the old value', async () => {
    render(<AccountForm account={account({ autoDownloadBytes: 3 * MB })} />);
    const select = screen.getByTestId('auto-download-limit') as HTMLSelectElement;
    expect(select.value).toBe(String(3 * MB));
    expect(select.options[0]?.text).toBe('3 MB');
    fake.handle('settings.set', () => {
      throw failure('The store is locked');
    });
    fireEvent.change(select, { target: { value: '0' } });
    expect((await screen.findByTestId('auto-download-error')).textContent).toBe(
      'The store is locked',
    );
    await waitFor(() => expect(select.value).toBe(String(3 * MB)));
    expect(fake.callsOf('settings.set')).toEqual([
      { key: 'autoDownloadBytes', accountId: 'a1', value: 0 },
    ]);
  });

  it('is not shown when adding an account', () => {
    render(<AccountForm />);
    expect(screen.queryByTestId('auto-download-limit')).toBeNull();
  });
});
