import '../../test/jsdom.js';
import type { BlocklistState } from '@parley/contract';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { applyLanguage } from '../../i18n';
import { FakeClient } from '../../test/fake-client';
import { contact, message } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useChat } from '../chat/store';
import { ContactRow } from '../roster/ContactRow';
import { useRoster } from '../roster/store';
import { chatKey } from '../ui/store';
import { BlockedList } from './BlockedList';
import { ChatBanner } from './ChatBanner';
import { useBlocking } from './store';

const A = 'a1';
const SPAMMER = 'spammer@example.net';

function state(jids: string[], over: Partial<BlocklistState> = {}): BlocklistState {
  return { accountId: A, jids, supported: true, reporting: false, ...over };
}

/** A client whose blocklist follows its block/unblock/report commands. */
function blockingClient(initial: BlocklistState): FakeClient {
  let current = initial;
  return new FakeClient()
    .handle('blocking.list', () => current)
    .handle('blocking.block', (r) => (current = { ...current, jids: [...current.jids, ...r.jids] }))
    .handle(
      'blocking.unblock',
      (r) => (current = { ...current, jids: current.jids.filter((j) => !r.jids.includes(j)) }),
    )
    .handle('blocking.report', (r) => {
      current = { ...current, jids: [...current.jids, r.jid] };
      return { reported: current.reporting, state: current };
    });
}

beforeEach(() => {
  resetStores();
  useBlocking.setState({ byAccount: {}, sets: {} });
});
afterEach(() => {
  cleanup();
  setClient(null);
  applyLanguage('en');
});

describe('blocked list in the account settings', () => {
  it('lists blocked addresses, unblocks one, and blocks a whole server by name', async () => {
    const client = blockingClient(state(['bob@example.org', 'spam.example']));
    setClient(client);
    render(<BlockedList accountId={A} />);
    await screen.findByTestId('blocked-bob@example.org');
    expect(screen.getByTestId('blocked-spam.example').textContent).toMatch(/whole server/);

    fireEvent.click(screen.getByTestId('unblock-bob@example.org'));
    await waitFor(() => expect(screen.queryByTestId('blocked-bob@example.org')).toBeNull());
    expect(client.callsOf('blocking.unblock')).toEqual([
      { accountId: A, jids: ['bob@example.org'] },
    ]);

    fireEvent.change(screen.getByTestId('block-address'), { target: { value: 'not an address' } });
    fireEvent.click(screen.getByTestId('block-address-submit'));
    expect(screen.getByTestId('blocked-error').textContent).toMatch(/example\.org/);
    fireEvent.change(screen.getByTestId('block-address'), { target: { value: ' Evil.Example ' } });
    fireEvent.click(screen.getByTestId('block-address-submit'));
    await screen.findByTestId('blocked-evil.example');
    expect(client.callsOf('blocking.block')).toEqual([{ accountId: A, jids: ['evil.example'] }]);
  });

  it('says so when the server has no blocking', async () => {
    setClient(blockingClient(state([], { supported: false })));
    render(<BlockedList accountId={A} />);
    expect((await screen.findByTestId('blocking-unsupported')).textContent).toMatch(
      /does not support blocking/,
    );
    expect(screen.getByTestId('blocked-empty')).toBeTruthy();
  });

  it('marks the blocks only this device enforces', async () => {
    setClient(
      blockingClient(
        state(['bob@example.org', 'pest@example.org'], { local: ['pest@example.org'] }),
      ),
    );
    render(<BlockedList accountId={A} />);
    expect((await screen.findByTestId('blocked-pest@example.org')).textContent).toMatch(
      /this device only/,
    );
    expect(screen.getByTestId('blocked-bob@example.org').textContent).not.toMatch(/device/);
  });
});

describe('chat banners', () => {
  function withMessages(peer: string) {
    act(() =>
      useChat.setState({
        timelines: {
          [chatKey(A, peer)]: {
            messages: [message('m1', { peer, body: 'buy now', direction: 'in' })],
            ready: true,
            loading: false,
            complete: true,
            error: null,
          } as never,
        },
      }),
    );
  }

  it('offers Add contact / Block / Report spam for a stranger; reporting says the server takes none', async () => {
    const client = blockingClient(state([]));
    setClient(client);
    withMessages(SPAMMER);
    render(<ChatBanner accountId={A} peer={SPAMMER} />);
    expect(screen.getByTestId('stranger-banner').textContent).toMatch(/not in your contacts/);
    fireEvent.click(screen.getByTestId('stranger-report'));
    const dialog = await screen.findByTestId('report-dialog');
    expect(dialog.textContent).toMatch(/does not take spam reports/);
    fireEvent.click(screen.getByTestId('report-submit'));
    await screen.findByTestId('blocked-banner');
    expect(client.callsOf('blocking.report')).toEqual([
      { accountId: A, jid: SPAMMER, reason: 'spam', messageIds: ['m1'], text: '' },
    ]);
    // Blocked now: the chat says so, with Unblock.
    fireEvent.click(screen.getByTestId('banner-unblock'));
    await waitFor(() => expect(screen.queryByTestId('blocked-banner')).toBeNull());
  });

  it('shows no stranger banner for a contact', async () => {
    setClient(blockingClient(state([])));
    useRoster.getState().setRoster(A, [contact(SPAMMER)]);
    withMessages(SPAMMER);
    render(<ChatBanner accountId={A} peer={SPAMMER} />);
    await waitFor(() => expect(useBlocking.getState().byAccount[A]).toBeDefined());
    expect(screen.queryByTestId('stranger-banner')).toBeNull();
  });
});

describe('the roster marks blocked contacts', () => {
  it('by address or by domain', async () => {
    setClient(blockingClient(state(['bob@example.org', 'spam.example'])));
    const onAction = () => {};
    render(
      <>
        <ContactRow contact={contact('bob@example.org', { accountId: A })} onAction={onAction} />
        <ContactRow contact={contact('x@spam.example', { accountId: A })} onAction={onAction} />
        <ContactRow contact={contact('carol@example.org', { accountId: A })} onAction={onAction} />
      </>,
    );
    await waitFor(() =>
      expect(screen.getByTestId('contact-bob@example.org').getAttribute('data-blocked')).toBe(
        'true',
      ),
    );
    expect(screen.getByTestId('contact-x@spam.example').getAttribute('data-blocked')).toBe('true');
    expect(screen.getByTestId('contact-x@spam.example').textContent).toMatch(/Blocked/);
    expect(screen.getByTestId('contact-carol@example.org').getAttribute('data-blocked')).toBe(
      'false',
    );
  });
});

describe('blocking in German and Arabic', () => {
  it('the blocked list and a stranger’s banner speak the chosen language', async () => {
    applyLanguage('de');
    setClient(blockingClient(state(['spam.example'])));
    withMessagesFrom(SPAMMER);
    const { unmount } = render(
      <>
        <BlockedList accountId={A} />
        <ChatBanner accountId={A} peer={SPAMMER} />
      </>,
    );
    expect((await screen.findByTestId('blocked-spam.example')).textContent).toMatch(
      /ganzer Server/,
    );
    expect(screen.getByTestId('unblock-spam.example').getAttribute('aria-label')).toBe(
      'spam.example freigeben',
    );
    expect(screen.getByTestId('stranger-banner').textContent).toContain(
      `${SPAMMER} ist nicht in deinen Kontakten.`,
    );
    expect(screen.getByTestId('stranger-report').textContent).toBe('Spam melden');
    unmount();
    applyLanguage('ar');
    render(<BlockedList accountId={A} />);
    expect((await screen.findByTestId('blocked-spam.example')).textContent).toMatch(
      /الخادم بأكمله/,
    );
    expect(screen.getByText('العناوين المحظورة')).toBeTruthy();
  });
});

function withMessagesFrom(peer: string) {
  act(() =>
    useChat.setState({
      timelines: {
        [chatKey(A, peer)]: {
          messages: [message('m1', { peer, body: 'buy now', direction: 'in' })],
          ready: true,
          loading: false,
          complete: true,
          error: null,
        } as never,
      },
    }),
  );
}
