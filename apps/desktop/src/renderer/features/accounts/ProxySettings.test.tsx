import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { account } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { ProxySettings } from './ProxySettings';
import { StatusDialog } from './StatusDialog';
import { useAccounts } from './store';

let fake: FakeClient;

beforeEach(() => {
  resetStores();
  fake = new FakeClient()
    .handle('accounts.proxy.set', () => ({ ok: true as const }))
    .handle('accounts.options.set', () => ({ ok: true as const }))
    .handle('presence.history.clear', () => ({ ok: true as const }));
  setClient(fake);
});
afterEach(() => {
  cleanup();
  setClient(null);
});

describe('proxy settings', () => {
  it('saves a SOCKS5 proxy with its password, and keeps the stored one when left empty', async () => {
    const { rerender } = render(<ProxySettings account={account()} />);
    fireEvent.click(screen.getByTestId('proxy-toggle'));
    fireEvent.change(screen.getByTestId('proxy-type'), { target: { value: 'socks5' } });
    fireEvent.change(screen.getByTestId('proxy-username'), { target: { value: 'tor' } });
    fireEvent.change(screen.getByTestId('proxy-password'), { target: { value: 'onion' } });
    fireEvent.click(screen.getByTestId('proxy-save'));
    await screen.findByTestId('proxy-saved');
    const proxy = { type: 'socks5', host: '127.0.0.1', port: 9050, username: 'tor' };
    expect(fake.callsOf('accounts.proxy.set')).toEqual([
      { id: 'a1', proxy: { ...proxy, password: 'onion' } },
    ]);
    const saved = account({ proxy: { ...proxy, type: 'socks5', hasPassword: true } });
    rerender(<ProxySettings account={saved} key="again" />);
    expect((screen.getByTestId('proxy-password') as HTMLInputElement).placeholder).toBe(
      'Unchanged',
    );
    fireEvent.change(screen.getByTestId('proxy-port'), { target: { value: '9150' } });
    fireEvent.click(screen.getByTestId('proxy-save'));
    await screen.findByTestId('proxy-saved');
    expect(fake.callsOf('accounts.proxy.set')[1]).toEqual({
      id: 'a1',
      proxy: { ...proxy, port: 9150 },
    });
  });

  it('refuses a bad port in words and sends nothing', () => {
    render(<ProxySettings account={account()} />);
    fireEvent.click(screen.getByTestId('proxy-toggle'));
    fireEvent.change(screen.getByTestId('proxy-type'), { target: { value: 'http' } });
    fireEvent.change(screen.getByTestId('proxy-port'), { target: { value: '70000' } });
    fireEvent.click(screen.getByTestId('proxy-save'));
    expect(screen.getByTestId('proxy-error').textContent).toMatch(/between 1 and 65535/);
    expect(fake.callsOf('accounts.proxy.set')).toEqual([]);
  });
});

describe('status dialog', () => {
  it('offers the status history to pick again, clears it, and saves the priority', async () => {
    const me = account({ statusHistory: ['lunch', 'meeting'], priority: 0 });
    useAccounts.getState().setAll([me]);
    const saved: unknown[] = [];
    render(
      <StatusDialog
        account={me}
        allAccounts={false}
        onClose={() => {}}
        onSave={async (p) => {
          saved.push(p);
        }}
      />,
    );
    const items = screen.getAllByTestId('status-history-item');
    expect(items.map((b) => b.textContent)).toEqual(['lunch', 'meeting']);
    fireEvent.click(items[1]!);
    expect((screen.getByTestId('presence-status-input') as HTMLInputElement).value).toBe('meeting');
    fireEvent.click(screen.getByTestId('status-history-clear'));
    expect(fake.callsOf('presence.history.clear')).toEqual([{ accountId: 'a1' }]);
    fireEvent.change(screen.getByTestId('presence-priority-input'), { target: { value: '200' } });
    fireEvent.click(screen.getByTestId('presence-status-save'));
    expect(await screen.findByText(/from -128 to 127/)).toBeTruthy();
    expect(saved).toEqual([]);
    fireEvent.change(screen.getByTestId('presence-priority-input'), { target: { value: '-3' } });
    fireEvent.click(screen.getByTestId('presence-status-save'));
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.callsOf('accounts.options.set')).toEqual([{ id: 'a1', priority: -3 }]);
    expect(saved).toEqual([{ show: 'available', status: 'meeting' }]);
  });
});

describe('accounts store order', () => {
  it('lists accounts by position, whatever order they arrive in', () => {
    const s = useAccounts.getState();
    s.setAll([account({ id: 'b', position: 1 }), account({ id: 'a', position: 0 })]);
    expect(useAccounts.getState().accounts.map((a) => a.id)).toEqual(['a', 'b']);
    useAccounts.getState().upsert(account({ id: 'a', position: 2 }));
    expect(useAccounts.getState().accounts.map((a) => a.id)).toEqual(['b', 'a']);
    useAccounts.getState().reorder(['a', 'b']);
    expect(useAccounts.getState().accounts.map((a) => a.id)).toEqual(['a', 'b']);
  });
});
