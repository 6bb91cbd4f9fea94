import '../../test/jsdom.js';
import { cleanup, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAllDeferred } from '../../ui/deferred';
import { App } from '../../app/App';
import { startApp } from '../../app/bootstrap';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { account, conversation } from '../../test/fixtures';
import { resetStores } from '../../test/reset';

// The app's deferred pieces (the conversation among them) in before the first test: a lazy
// chunk's first load can outlast a test's wait on a busy machine.
beforeAll(() => loadAllDeferred());

const openLink = { status: () => 'open' as const, onStatus: () => () => undefined };
let stop: (() => void) | null = null;

function Sized({ children }: { children: ReactNode }) {
  return (
    <VirtuosoMockContext.Provider value={{ viewportHeight: 600, itemHeight: 40 }}>
      {children}
    </VirtuosoMockContext.Provider>
  );
}

beforeEach(() => resetStores());
afterEach(() => {
  cleanup();
  stop?.();
  stop = null;
  setClient(null);
});

const stripeOf = async (peer: string) =>
  (await screen.findByTestId(`conversation-${peer}`))
    .querySelector('.account-color-stripe')
    ?.getAttribute('data-account-color');

describe('account colours in a mixed conversation list', () => {
  it('marks each conversation with its account colour', async () => {
    const client = new FakeClient()
      .handle('accounts.list', () => [
        account({ id: 'work', jid: 'me@work.example', color: 'teal', position: 1 }),
        account({ id: 'home', jid: 'me@home.example', color: 'pink', position: 0 }),
      ])
      .handle('conversations.list', () => [
        conversation('boss@work.example', { accountId: 'work' }),
        conversation('mum@home.example', { accountId: 'home' }),
      ]);
    stop = startApp(client, openLink);
    render(<App />, { wrapper: Sized });
    expect(await stripeOf('boss@work.example')).toBe('teal');
    expect(await stripeOf('mum@home.example')).toBe('pink');
    const row = await screen.findByTestId('conversation-boss@work.example');
    expect(within(row).getByText('via me@work.example')).toBeTruthy();
  });

  it('shows no stripe with a single account', async () => {
    const client = new FakeClient()
      .handle('accounts.list', () => [account({ color: 'teal' })])
      .handle('conversations.list', () => [conversation('bob@example.org')]);
    stop = startApp(client, openLink);
    render(<App />, { wrapper: Sized });
    expect(await stripeOf('bob@example.org')).toBeUndefined();
  });
});
