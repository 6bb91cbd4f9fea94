import '../test/jsdom.js';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { flushRosterChanges } from '../features/roster/store';
import { FakeClient } from '../test/fake-client';
import { account, contact, conversation, message } from '../test/fixtures';
import { resetStores } from '../test/reset';
import { loadAllDeferred } from '../ui/deferred';
import { App } from './App';
import { startApp } from './bootstrap';
import { setClient } from './client';

const openLink = { status: () => 'open' as const, onStatus: () => () => undefined };
let stop: (() => void) | null = null;

function Sized({ children }: { children: ReactNode }) {
  return (
    <VirtuosoMockContext.Provider value={{ viewportHeight: 600, itemHeight: 40 }}>
      {children}
    </VirtuosoMockContext.Provider>
  );
}

async function start(client: FakeClient) {
  stop = startApp(client, openLink);
  const view = render(<App />, { wrapper: Sized });
  await waitFor(() => expect(screen.queryByTestId('splash')).toBeNull());
  return view;
}

// The app's deferred pieces (the conversation among them) in before the first test, as a
// static import had them: the first one loaded on a click would eat into the test's wait.
beforeAll(() => loadAllDeferred());
beforeEach(() => resetStores());
afterEach(() => {
  cleanup();
  stop?.();
  stop = null;
  setClient(null);
});

describe('first run', () => {
  it('adds an account with the advanced settings', async () => {
    const client = new FakeClient().handle('accounts.signIn', (req) => ({
      ok: true as const,
      account: account({
        id: 'new',
        jid: req.jid,
        state: 'connecting',
        host: req.host ?? null,
        port: req.port ?? null,
      }),
    }));
    await start(client);
    expect(screen.getByRole('heading', { name: 'Add an account' })).toBeTruthy();

    fireEvent.click(screen.getByTestId('account-submit'));
    expect(screen.getByTestId('account-form-error').textContent).toMatch(/name@server/);
    expect(client.callsOf('accounts.signIn')).toHaveLength(0);

    fireEvent.change(screen.getByTestId('account-jid'), { target: { value: ' me@example.org ' } });
    fireEvent.change(screen.getByTestId('account-password'), { target: { value: 'secret' } });
    fireEvent.click(screen.getByTestId('account-advanced-toggle'));
    fireEvent.change(screen.getByTestId('account-host'), { target: { value: '127.0.0.1' } });
    fireEvent.change(screen.getByTestId('account-port'), { target: { value: '5223' } });
    fireEvent.change(screen.getByTestId('account-tls'), { target: { value: 'direct' } });
    fireEvent.click(screen.getByTestId('account-submit'));

    await waitFor(() =>
      expect(screen.getByTestId('account-state').dataset.state).toBe('connecting'),
    );
    expect(client.callsOf('accounts.signIn')).toEqual([
      {
        jid: 'me@example.org',
        password: 'secret',
        host: '127.0.0.1',
        port: 5223,
        tlsMode: 'direct',
        pinnedFingerprint256: null,
      },
    ]);
    expect(screen.getByTestId('account-state').textContent).toContain('Connecting');

    act(() =>
      client.emit(
        'account.changed',
        account({
          id: 'new',
          state: 'error',
          error: { code: 'auth-failed', message: 'not-authorized' },
        }),
      ),
    );
    expect(screen.getByTestId('account-state').textContent).toBe('Wrong address or password');
    expect(screen.getByTestId('account-state').title).toBe('not-authorized');
  });
});

describe('certificate', () => {
  const cert = {
    subject: 'CN=localhost',
    issuer: 'CN=Parley Test CA',
    validFrom: '2025-01-01T00:00:00Z',
    validTo: '2035-01-01T00:00:00Z',
    fingerprint256: Array.from({ length: 32 }, () => 'AB').join(':'),
    reason: 'SELF_SIGNED_CERT_IN_CHAIN',
  };

  it('offers to pin the untrusted certificate', async () => {
    const client = new FakeClient()
      .handle('accounts.list', () => [account({ state: 'error', untrustedCertificate: cert })])
      .handle('accounts.pinCertificate', () => account({ state: 'connecting' }));
    await start(client);
    const dialog = await screen.findByTestId('certificate-dialog');
    expect(within(dialog).getByTestId('certificate-fingerprint').textContent).toBe(
      cert.fingerprint256,
    );
    expect(dialog.textContent).toContain('CN=Parley Test CA');
    fireEvent.click(within(dialog).getByTestId('certificate-trust'));
    await waitFor(() => expect(screen.queryByTestId('certificate-dialog')).toBeNull());
    expect(client.callsOf('accounts.pinCertificate')).toEqual([
      { id: 'a1', fingerprint256: cert.fingerprint256 },
    ]);
  });

  it('can be cancelled', async () => {
    const client = new FakeClient().handle('accounts.list', () => [
      account({ state: 'error', untrustedCertificate: cert }),
    ]);
    await start(client);
    fireEvent.click(await screen.findByTestId('certificate-cancel'));
    await waitFor(() => expect(screen.queryByTestId('certificate-dialog')).toBeNull());
    expect(client.callsOf('accounts.pinCertificate')).toHaveLength(0);
  });
});

describe('roster', () => {
  it('shows grouped contacts, filters, and answers subscription requests', async () => {
    const client = new FakeClient()
      .handle('accounts.list', () => [account()])
      .handle('roster.list', () => [
        contact('alice@example.org', {
          name: 'Alice',
          show: 'available',
          groups: ['Friends'],
          status: 'Hi',
        }),
        contact('bob@example.org', { name: 'Bob' }),
      ])
      .handle('subscriptions.pending', () => [
        { accountId: 'a1', jid: 'carol@example.org', name: 'Carol' },
      ]);
    await start(client);
    fireEvent.click(screen.getByTestId('tab-contacts'));
    await screen.findByTestId('contact-alice@example.org');
    expect(screen.getByTestId('contact-alice@example.org').textContent).toContain('Hi');
    expect(screen.getByTestId('roster-group-Friends')).toBeTruthy();
    expect(screen.getByTestId('roster-group-Contacts')).toBeTruthy();

    fireEvent.change(screen.getByTestId('roster-filter'), { target: { value: 'bo' } });
    expect(screen.queryByTestId('contact-alice@example.org')).toBeNull();
    expect(screen.getByTestId('contact-bob@example.org')).toBeTruthy();

    act(() => {
      client.emit('roster.changed', {
        accountId: 'a1',
        upserted: [contact('bob@example.org', { name: 'Bob', show: 'dnd' })],
        removed: [],
      });
      flushRosterChanges();
    });
    expect(screen.getByTestId('contact-bob@example.org').dataset.show).toBe('dnd');

    fireEvent.click(screen.getByTestId('subscription-accept-carol@example.org'));
    await waitFor(() =>
      expect(screen.queryByTestId('subscription-request-carol@example.org')).toBeNull(),
    );
    expect(client.callsOf('subscriptions.answer')).toEqual([
      { accountId: 'a1', jid: 'carol@example.org', accept: true },
    ]);
  });

  it('renders 5,000 contacts virtualised', async () => {
    const many = Array.from({ length: 5_000 }, (_, i) =>
      contact(`user${i}@example.org`, { name: `User ${i}` }),
    );
    const client = new FakeClient()
      .handle('accounts.list', () => [account()])
      .handle('roster.list', () => many);
    await start(client);
    fireEvent.click(screen.getByTestId('tab-contacts'));
    await screen.findByTestId('contact-user0@example.org');
    const rows = document.querySelectorAll('[data-testid^="contact-user"]');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(100);
  });
});

describe('chat', () => {
  it('opens a conversation, pages messages, sends with Enter and shows typing', async () => {
    const client = new FakeClient()
      .handle('accounts.list', () => [account()])
      .handle('conversations.list', () => [
        conversation('alice@example.org', {
          name: 'Alice',
          unread: 2,
          lastMessage: { body: '<b>hi</b>', direction: 'in', timestamp: Date.now() },
        }),
      ])
      .handle('conversations.open', (r) => conversation(r.peer, { name: 'Alice', unread: 2 }))
      .handle('messages.page', () => ({
        messages: [
          message('m2', { body: 'second', timestamp: Date.now() - 1000 }),
          message('m1', { body: 'first', timestamp: Date.now() - 2 * 86_400_000 }),
        ],
        complete: true,
      }))
      .handle('messages.send', (r) =>
        message('o1', { direction: 'out', body: r.body, status: 'pending', timestamp: Date.now() }),
      );
    await start(client);
    const item = await screen.findByTestId('conversation-alice@example.org');
    expect(item.textContent).toContain('<b>hi</b>');
    expect(within(item).getByTestId('unread-badge').textContent).toBe('2');

    fireEvent.click(item);
    await waitFor(() => expect(screen.getAllByTestId('message')).toHaveLength(2));
    expect(screen.getAllByTestId('message').map((m) => m.textContent)).toEqual([
      expect.stringContaining('first'),
      expect.stringContaining('second'),
    ]);
    expect(screen.getAllByTestId('day-separator').map((d) => d.textContent)).toContain('Today');
    await waitFor(() => expect(client.callsOf('conversations.markRead')).toHaveLength(1));

    const composer = screen.getByTestId('composer');
    fireEvent.change(composer, { target: { value: 'hello\nworld' } });
    expect(client.callsOf('chatStates.send')).toEqual([
      { accountId: 'a1', peer: 'alice@example.org', state: 'composing' },
    ]);
    fireEvent.keyDown(composer, { key: 'Enter', shiftKey: true });
    expect(client.callsOf('messages.send')).toHaveLength(0);
    fireEvent.keyDown(composer, { key: 'Enter' });
    await waitFor(() => expect(screen.getAllByTestId('message')).toHaveLength(3));
    expect(client.callsOf('messages.send')).toEqual([
      { accountId: 'a1', peer: 'alice@example.org', body: 'hello\nworld' },
    ]);
    expect((composer as HTMLTextAreaElement).value).toBe('');
    const sent = screen.getAllByTestId('message')[2]!;
    expect(sent.dataset.direction).toBe('out');
    expect(sent.dataset.status).toBe('pending');

    act(() =>
      client.emit(
        'message.updated',
        message('o1', {
          direction: 'out',
          body: 'hello\nworld',
          status: 'delivered',
          timestamp: Date.now(),
        }),
      ),
    );
    expect(screen.getAllByTestId('message')[2]!.dataset.status).toBe('delivered');

    act(() =>
      client.emit('chatState.changed', {
        accountId: 'a1',
        peer: 'alice@example.org',
        state: 'composing',
        nick: null,
      }),
    );
    expect(screen.getByTestId('typing-indicator').textContent).toBe('Alice is typing…');
    act(() =>
      client.emit('message.added', message('m3', { body: 'third', timestamp: Date.now() })),
    );
    expect(screen.queryByTestId('typing-indicator')).toBeNull();
    expect(screen.getAllByTestId('message')).toHaveLength(4);

    // A "/me" action (XEP-0245) reads with the contact's name, ours with our own.
    act(() => {
      client.emit('message.added', message('m4', { body: '/me waves', timestamp: Date.now() }));
      client.emit(
        'message.added',
        message('m5', { body: '/me waves back', direction: 'out', timestamp: Date.now() + 1 }),
      );
    });
    const actions = screen.getAllByTestId('message').slice(-2);
    expect(actions.map((m) => m.querySelector('.message-body')?.textContent)).toEqual([
      '* Alice waves',
      '* me waves back',
    ]);
  });
});

describe('xmpp: links the system opened Parley with', () => {
  it('follows those waiting at start, and those opened later', async () => {
    const waiting = ['xmpp:lounge@conference.example.org?join'];
    const client = new FakeClient()
      .handle('accounts.list', () => [account({ id: 'a1', state: 'online' })])
      .handle('links.take', () => waiting.splice(0))
      .handle('conversations.open', ({ accountId, peer }) => conversation(peer, { accountId }));
    await start(client);
    const address = await screen.findByTestId('join-room-address');
    expect((address as HTMLInputElement).value).toBe('lounge@conference.example.org');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));

    waiting.push('xmpp:alice@example.org');
    act(() => client.emit('link.opened', {}));
    await waitFor(() =>
      expect(client.callsOf('conversations.open')).toContainEqual({
        accountId: 'a1',
        peer: 'alice@example.org',
      }),
    );
  });
});
