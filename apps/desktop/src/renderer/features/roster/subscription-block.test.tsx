import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { resetStores } from '../../test/reset';
import { useBlocking } from '../blocking/store';
import { useRoster } from './store';
import { SubscriptionRequests } from './SubscriptionRequests';

const A = 'a1';
const STRANGER = 'stranger@example.net';

beforeEach(() => {
  resetStores();
  useBlocking.setState({ byAccount: {}, sets: {} });
});
afterEach(() => {
  cleanup();
  setClient(null);
});

describe('contact requests', () => {
  it('can be answered with a block instead of a denial', async () => {
    const client = new FakeClient().handle('blocking.block', (r) => ({
      accountId: r.accountId,
      jids: r.jids,
      supported: true,
      reporting: false,
    }));
    setClient(client);
    useRoster.getState().setRequests([{ accountId: A, jid: STRANGER, name: null }]);
    render(<SubscriptionRequests accountId={A} />);
    fireEvent.click(screen.getByTestId(`subscription-block-${STRANGER}`));
    await waitFor(() => expect(screen.queryByTestId('subscription-requests')).toBeNull());
    expect(client.callsOf('blocking.block')).toEqual([{ accountId: A, jids: [STRANGER] }]);
    expect(client.callsOf('subscriptions.answer')).toEqual([]);
    expect(useBlocking.getState().byAccount[A]?.jids).toEqual([STRANGER]);
  });
});
