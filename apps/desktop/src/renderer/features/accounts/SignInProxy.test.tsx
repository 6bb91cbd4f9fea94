import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { account } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { AccountForm } from './AccountForm';
import { RegisterForm } from './RegisterForm';

let client: FakeClient;

beforeEach(() => {
  resetStores();
  client = new FakeClient()
    .handle('accounts.signIn', () => ({
      ok: false as const,
      failure: {
        code: 'proxy-failed' as const,
        message: 'Proxy unreachable: SOCKS5 proxy 127.0.0.1:9050: connection refused',
        certificate: null,
      },
    }))
    .handle('accounts.saveUntried', (req) => account({ id: 'kept', jid: req.jid }))
    .handle('registration.start', () => ({
      ok: false as const,
      failure: { code: 'proxy-failed' as const, message: 'Proxy unreachable', certificate: null },
    }));
  setClient(client);
});
afterEach(() => {
  cleanup();
  setClient(null);
});

const socks = { type: 'socks5', host: '127.0.0.1', port: 9150, username: 'tor' };

/** Picks SOCKS5 on port 9150 with a user name and password in the open advanced section. */
function fillProxy(): void {
  fireEvent.change(screen.getByTestId('proxy-type'), { target: { value: 'socks5' } });
  fireEvent.change(screen.getByTestId('proxy-port'), { target: { value: '9150' } });
  fireEvent.change(screen.getByTestId('proxy-username'), { target: { value: 'tor' } });
  fireEvent.change(screen.getByTestId('proxy-password'), { target: { value: 'onion' } });
}

describe('the proxy of a new account', () => {
  it('is offered in the sign-in form and sent with the trial sign-in and "Save anyway"', async () => {
    render(<AccountForm />);
    expect(screen.queryByTestId('proxy-type')).toBeNull();
    fireEvent.change(screen.getByTestId('account-jid'), { target: { value: 'me@example.onion' } });
    fireEvent.change(screen.getByTestId('account-password'), { target: { value: 'pw' } });
    fireEvent.click(screen.getByTestId('account-advanced-toggle'));
    expect(screen.getByRole('group', { name: 'Proxy' })).toBeTruthy();
    // Nothing but the kind until a proxy is chosen.
    expect(screen.queryByTestId('proxy-host')).toBeNull();
    fillProxy();
    fireEvent.click(screen.getByTestId('account-submit'));

    await screen.findByTestId('signin-problem');
    expect(screen.getByTestId('signin-problem-fix').textContent).toMatch(/proxy/);
    expect(client.callsOf('accounts.signIn')).toEqual([
      {
        jid: 'me@example.onion',
        password: 'pw',
        host: null,
        port: null,
        tlsMode: 'auto',
        pinnedFingerprint256: null,
        proxy: { ...socks, password: 'onion' },
      },
    ]);

    fireEvent.click(screen.getByTestId('signin-save-anyway'));
    await waitFor(() => expect(client.callsOf('accounts.saveUntried')).toHaveLength(1));
    expect(client.callsOf('accounts.saveUntried')[0]).toMatchObject({
      jid: 'me@example.onion',
      proxy: { ...socks, password: 'onion' },
    });
  });

  it('refuses a bad proxy port in words and signs in with nothing', () => {
    render(<AccountForm />);
    fireEvent.change(screen.getByTestId('account-jid'), { target: { value: 'me@example.org' } });
    fireEvent.change(screen.getByTestId('account-password'), { target: { value: 'pw' } });
    fireEvent.click(screen.getByTestId('account-advanced-toggle'));
    fireEvent.change(screen.getByTestId('proxy-type'), { target: { value: 'http' } });
    fireEvent.change(screen.getByTestId('proxy-port'), { target: { value: '0' } });
    fireEvent.click(screen.getByTestId('account-submit'));
    expect(screen.getByTestId('account-form-error').textContent).toMatch(/between 1 and 65535/);
    expect(client.callsOf('accounts.signIn')).toEqual([]);
  });

  it('sends no proxy when none is chosen (a direct connection, as before)', async () => {
    render(<AccountForm />);
    fireEvent.change(screen.getByTestId('account-jid'), { target: { value: 'me@example.org' } });
    fireEvent.change(screen.getByTestId('account-password'), { target: { value: 'pw' } });
    fireEvent.click(screen.getByTestId('account-submit'));
    await screen.findByTestId('signin-problem');
    expect(client.callsOf('accounts.signIn')[0]).not.toHaveProperty('proxy');
  });

  it('is offered in the sign-up form and sent when fetching the form', async () => {
    render(<RegisterForm />);
    fireEvent.change(screen.getByTestId('register-server'), { target: { value: 'example.org' } });
    fireEvent.click(screen.getByTestId('register-advanced-toggle'));
    fillProxy();
    fireEvent.change(screen.getByTestId('proxy-password'), { target: { value: '' } });
    fireEvent.click(screen.getByTestId('register-submit'));
    await screen.findByTestId('signin-problem');
    expect(client.callsOf('registration.start')).toEqual([
      {
        server: 'example.org',
        host: null,
        port: null,
        tlsMode: 'auto',
        pinnedFingerprint256: null,
        // No password typed: none (there is no stored one to keep for a new account).
        proxy: { ...socks, password: null },
      },
    ]);
  });
});
