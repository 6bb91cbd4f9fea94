import '../../test/jsdom.js';
import type { RegistrationForm } from '@parley/contract';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAllDeferred } from '../../ui/deferred';
import { App } from '../../app/App';
import { startApp } from '../../app/bootstrap';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { account } from '../../test/fixtures';
import { resetStores } from '../../test/reset';

// The app's deferred pieces (the conversation among them) in before the first test: a lazy
// chunk's first load can outlast a test's wait on a busy machine.
beforeAll(() => loadAllDeferred());

const openLink = { status: () => 'open' as const, onStatus: () => () => undefined };
let stop: (() => void) | null = null;

const scrollIntoView = Element.prototype.scrollIntoView;
beforeEach(() => {
  resetStores();
  // As in Chromium, where scroll methods return a promise (React must not take it for a cleanup).
  Element.prototype.scrollIntoView = (() => Promise.resolve()) as unknown as () => void;
});
afterEach(() => {
  Element.prototype.scrollIntoView = scrollIntoView;
  cleanup();
  stop?.();
  stop = null;
  setClient(null);
});

async function start(client: FakeClient) {
  stop = startApp(client, openLink);
  render(<App />);
  await waitFor(() => expect(screen.queryByTestId('splash')).toBeNull());
}

const cert = {
  subject: 'CN=localhost',
  issuer: 'CN=Parley Test CA',
  validFrom: '2025-01-01T00:00:00Z',
  validTo: '2035-01-01T00:00:00Z',
  fingerprint256: Array.from({ length: 32 }, () => 'AB').join(':'),
  reason: 'SELF_SIGNED_CERT_IN_CHAIN',
};

function fillSignIn(password = 'pw'): void {
  fireEvent.change(screen.getByTestId('account-jid'), { target: { value: 'me@example.org' } });
  fireEvent.change(screen.getByTestId('account-password'), { target: { value: password } });
  fireEvent.click(screen.getByTestId('account-submit'));
}

describe('first sign-in', () => {
  it('keeps the form with the reason, saves nothing, and saves only when asked', async () => {
    const client = new FakeClient()
      .handle('accounts.signIn', () => ({
        ok: false as const,
        failure: {
          code: 'auth-failed' as const,
          message: 'The server refused the password for me@example.org',
          certificate: null,
        },
      }))
      .handle('accounts.saveUntried', (req) =>
        account({ id: 'kept', jid: req.jid, state: 'error' }),
      );
    await start(client);
    fillSignIn('wrong');
    const reason = await screen.findByTestId('signin-problem-reason');
    expect(reason.textContent).toBe('The server refused the password for me@example.org');
    expect(screen.getByTestId('signin-problem-fix').textContent).toMatch(/password/);
    expect(screen.getByTestId('account-form')).toBeTruthy();
    expect(client.callsOf('accounts.saveUntried')).toHaveLength(0);

    fireEvent.click(screen.getByTestId('signin-save-anyway'));
    await waitFor(() => expect(client.callsOf('accounts.saveUntried')).toHaveLength(1));
    expect(client.callsOf('accounts.saveUntried')[0]).toMatchObject({ jid: 'me@example.org' });
    // The saved account replaces the first screen (unmounting the problem box cleanly).
    await screen.findByTestId('account-state');
    expect(screen.queryByTestId('account-form')).toBeNull();
  });

  it('opens the connection settings when the server cannot be reached', async () => {
    const client = new FakeClient().handle('accounts.signIn', () => ({
      ok: false as const,
      failure: { code: 'host-unreachable' as const, message: 'Cannot reach', certificate: null },
    }));
    await start(client);
    fillSignIn();
    await screen.findByTestId('signin-problem');
    expect(screen.getByTestId('account-host')).toBeTruthy();
    expect(screen.getByTestId('account-tls')).toBeTruthy();
  });

  it('shows an untrusted certificate and retries pinning exactly that one', async () => {
    const client = new FakeClient().handle('accounts.signIn', (req) =>
      req.pinnedFingerprint256
        ? { ok: true as const, account: account({ jid: req.jid }) }
        : {
            ok: false as const,
            failure: {
              code: 'certificate-untrusted' as const,
              message: 'The certificate of example.org is not trusted',
              certificate: cert,
            },
          },
    );
    await start(client);
    fillSignIn();
    const details = await screen.findByTestId('signin-certificate');
    expect(details.textContent).toContain('CN=Parley Test CA');
    fireEvent.click(screen.getByTestId('signin-trust-certificate'));
    await waitFor(() => expect(screen.queryByTestId('account-form')).toBeNull());
    expect(client.callsOf('accounts.signIn').map((r) => r.pinnedFingerprint256)).toEqual([
      null,
      cert.fingerprint256,
    ]);
  });
});

const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const captchaForm: RegistrationForm = {
  id: 'reg-1',
  server: 'example.org',
  legacy: false,
  captcha: true,
  webPage: null,
  form: {
    title: '',
    instructions: 'Fill in the form',
    fields: [
      field('FORM_TYPE', 'hidden', ['urn:xmpp:captcha']),
      field('username', 'text-single'),
      field('password', 'text-private'),
      field('ocr', 'text-single'),
    ],
  },
  media: [
    {
      var: 'ocr',
      image: { type: 'image/png', base64: PNG },
      links: ['https://example.org/captcha'],
      width: 100,
      height: 40,
    },
  ],
};

function field(
  name: string,
  type: 'hidden' | 'text-single' | 'text-private',
  values: string[] = [],
) {
  return {
    var: name,
    type,
    label: name,
    desc: '',
    required: type !== 'hidden',
    values,
    options: [],
  };
}

describe('create an account (XEP-0077)', () => {
  it('fetches the form, shows the CAPTCHA image and link, and submits the answers', async () => {
    const client = new FakeClient()
      .handle('registration.start', () => ({ ok: true as const, form: captchaForm }))
      .handle('registration.submit', () => ({
        ok: false as const,
        failure: {
          code: 'taken' as const,
          message: 'That username is already taken.',
          certificate: null,
        },
      }));
    await start(client);
    fireEvent.click(screen.getByTestId('add-account-create'));
    fireEvent.change(screen.getByTestId('register-server'), { target: { value: 'example.org' } });
    fireEvent.click(screen.getByTestId('register-submit'));

    const image = (await screen.findByTestId('field-media-image-ocr')) as HTMLImageElement;
    expect(image.getAttribute('src')).toBe(`data:image/png;base64,${PNG}`);
    const link = screen.getByTestId('field-media-link-ocr');
    expect(link.getAttribute('href')).toBe('https://example.org/captcha');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(client.callsOf('registration.start')[0]).toMatchObject({
      server: 'example.org',
      pinnedFingerprint256: null,
    });

    fireEvent.change(screen.getByTestId('register-field-username'), { target: { value: 'me' } });
    fireEvent.change(screen.getByTestId('register-field-password'), { target: { value: 'pw' } });
    fireEvent.change(screen.getByTestId('register-field-ocr'), { target: { value: '7ab3' } });
    expect(screen.getByTestId('register-address').textContent).toContain('me@example.org');
    fireEvent.click(screen.getByTestId('register-submit'));

    const problem = await screen.findByTestId('signin-problem');
    expect(within(problem).getByTestId('signin-problem-reason').textContent).toMatch(/taken/);
    expect(client.callsOf('registration.submit')).toEqual([
      {
        id: 'reg-1',
        values: {
          FORM_TYPE: ['urn:xmpp:captcha'],
          username: ['me'],
          password: ['pw'],
          ocr: ['7ab3'],
        },
      },
    ]);
  });
});
