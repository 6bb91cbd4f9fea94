import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyLanguage } from '../../i18n';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { account } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useAccounts } from '../accounts/store';
import { openXmppUri } from '../links/open-xmpp-uri';
import { useUi } from '../ui/store';
import { AcceptInviteDialog } from './AcceptInviteDialog';
import { InviteDialog } from './InviteDialog';
import { InviteSignUp } from './InviteSignUp';
import { useInvites } from './store';

const CONTACT = 'xmpp:alice@example.org?roster;preauth=T0k;ibr=y';
const ACCOUNT = 'xmpp:example.org?register;preauth=T0k';
let client: FakeClient;

beforeEach(() => {
  resetStores();
  client = new FakeClient();
  setClient(client);
});
afterEach(() => {
  cleanup();
  applyLanguage('en');
});

const withAccount = () => {
  useAccounts.getState().setAll([account({ id: 'a1', jid: 'bob@example.net' })]);
  useUi.getState().setActiveAccount('a1');
};

describe('following an invitation link', () => {
  it('offers a contact invite to the active account, sending nothing yet', () => {
    withAccount();
    expect(openXmppUri(CONTACT)).toEqual({ kind: 'invitation', accountId: 'a1', mode: 'accept' });
    expect(useInvites.getState().accept).toEqual({ accountId: 'a1', uri: CONTACT });
    expect(client.calls).toEqual([]);
  });

  it('takes an account invite, or any invite without an account, to sign-up', () => {
    withAccount();
    expect(openXmppUri(ACCOUNT)).toMatchObject({ kind: 'invitation', mode: 'signup' });
    expect(useInvites.getState().signup).toBe(ACCOUNT);
    expect(useUi.getState().accountsDialogOpen).toBe(true);
    resetStores();
    expect(openXmppUri(CONTACT)).toMatchObject({ kind: 'invitation', mode: 'signup' });
    expect(useInvites.getState().signup).toBe(CONTACT);
  });
});

describe('the invitation dialogs', () => {
  it('Open invitation says why a link is not one, and signs up with one that is', async () => {
    client.handle('registration.start', () => ({
      ok: false,
      failure: { code: 'invite-invalid', message: 'refused', certificate: null },
    }));
    render(<InviteSignUp />);
    const field = screen.getByTestId('invitation-link');
    fireEvent.change(field, { target: { value: 'xmpp:alice@example.org?message' } });
    fireEvent.click(screen.getByTestId('invitation-open'));
    expect(screen.getByTestId('invitation-error').textContent).toMatch(/not an invitation/u);
    fireEvent.change(field, { target: { value: CONTACT } });
    fireEvent.click(screen.getByTestId('invitation-open'));
    expect(screen.getByTestId('invite-from').textContent).toMatch(/alice@example.org invited/u);
    expect((screen.getByTestId('register-server') as HTMLInputElement).value).toBe('example.org');
    fireEvent.click(screen.getByTestId('register-submit'));
    await screen.findByTestId('signin-problem');
    expect(client.calls.find((c) => c.name === 'registration.start')?.request).toMatchObject({
      server: 'example.org',
      invite: CONTACT,
    });
    expect(screen.getByTestId('signin-problem-fix').textContent).toMatch(/new invitation/u);
  });

  it('Invite someone shows the link, its QR code and expiry; a server without says so', async () => {
    client
      .handle('invites.capabilities', () => ({ contact: true, account: false }))
      .handle('invites.create', () => ({
        ok: true,
        invite: {
          kind: 'contact',
          uri: CONTACT,
          landingUrl: null,
          expiresAt: Date.UTC(2030, 0, 1),
        },
      }));
    render(<InviteDialog accountId="a1" open onOpenChange={() => {}} />);
    expect((await screen.findByTestId('invite-link')).textContent).toBe(CONTACT);
    expect(screen.getByTestId('qr-code')).toBeTruthy();
    expect(screen.getByTestId('invite-expiry').textContent).toMatch(/2030/u);
    expect(screen.queryByTestId('invite-make-other')).toBeNull();
    cleanup();
    client.handle('invites.capabilities', () => ({ contact: false, account: false }));
    render(<InviteDialog accountId="a1" open onOpenChange={() => {}} />);
    expect((await screen.findByTestId('invite-error')).textContent).toMatch(/does not offer/u);
  });

  it('accepting a contact invite asks first, then says whether it was approved', async () => {
    withAccount();
    client.handle('invites.accept', () => ({
      ok: true,
      contact: 'alice@example.org',
      approved: false,
    }));
    useInvites.getState().setAccept({ accountId: 'a1', uri: CONTACT });
    render(<AcceptInviteDialog />);
    expect(screen.getByText('Add alice@example.org as a contact?')).toBeTruthy();
    expect(client.calls).toEqual([]);
    fireEvent.click(screen.getByTestId('accept-invite-confirm'));
    await waitFor(() =>
      expect(screen.getByTestId('accept-invite-outcome').textContent).toBe(
        'The invitation was not accepted by alice@example.org’s server: it may have expired or been used. alice@example.org has been asked to accept you instead.',
      ),
    );
    expect(client.calls[0]).toEqual({
      name: 'invites.accept',
      request: { accountId: 'a1', uri: CONTACT },
    });
  });

  it('an invitation for another server is refused in the user’s language, with what to do', async () => {
    client.handle('registration.start', () => ({
      ok: false,
      failure: {
        code: 'bad-request',
        message: 'This invitation is for example.org, not example.net.',
        text: {
          id: 'invite.other-server',
          params: { invited: 'example.org', server: 'example.net' },
        },
        certificate: null,
      },
    }));
    applyLanguage('de');
    useInvites.getState().setSignup(ACCOUNT);
    render(<InviteSignUp />);
    fireEvent.click(screen.getByTestId('register-submit'));
    const reason = await screen.findByTestId('signin-problem-reason');
    expect(reason.textContent).toBe('Diese Einladung gilt für example.org, nicht für example.net.');
    expect(screen.getByTestId('signin-problem-fix').textContent).toBe(
      'Öffne den Einladungslink genau so, wie du ihn bekommen hast, oder bitte um einen neuen.',
    );
    cleanup();
    applyLanguage('ar');
    render(<InviteSignUp />);
    fireEvent.click(screen.getByTestId('register-submit'));
    expect((await screen.findByTestId('signin-problem-reason')).textContent).toBe(
      'هذه الدعوة إلى example.org، لا إلى example.net.',
    );
  });
});
