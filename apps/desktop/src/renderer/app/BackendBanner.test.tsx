import '../test/jsdom.js';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAllDeferred } from '../ui/deferred';
import { FakeClient } from '../test/fake-client';
import { account } from '../test/fixtures';
import { resetStores } from '../test/reset';
import { App } from './App';
import { startApp } from './bootstrap';
import { setClient } from './client';
import { pickTransport, type BackendProcessState, type ElectronBridge } from './transport';
import type { LinkStatus } from './ws-transport';

// The app's deferred pieces (the conversation among them) in before the first test: a lazy
// chunk's first load can outlast a test's wait on a busy machine.
beforeAll(() => loadAllDeferred());

/** What the preload exposes, driven by hand: the backend process dies and comes back. */
function fakeBridge() {
  let status: LinkStatus = 'open';
  let state: BackendProcessState = { kind: 'running', restarts: 0 };
  const statusListeners = new Set<(status: LinkStatus) => void>();
  const stateListeners = new Set<(state: BackendProcessState) => void>();
  const bridge: ElectronBridge = {
    invoke: async () => ({ ok: true, value: null }),
    subscribe: () => () => undefined,
    link: {
      status: () => status,
      onStatus: (listener) => (
        statusListeners.add(listener),
        () => statusListeners.delete(listener)
      ),
    },
    // A fresh copy per read, as contextBridge gives it.
    backendState: () => ({ ...state }),
    onBackendState: (listener) => (
      stateListeners.add(listener),
      () => stateListeners.delete(listener)
    ),
  };
  return {
    bridge,
    setStatus(next: LinkStatus) {
      status = next;
      statusListeners.forEach((l) => l(next));
    },
    setState(next: BackendProcessState) {
      state = next;
      stateListeners.forEach((l) => l({ ...next }));
    },
  };
}

let stop: (() => void) | null = null;
beforeEach(() => resetStores());
afterEach(() => {
  cleanup();
  stop?.();
  stop = null;
  setClient(null);
  delete window.parley;
});

describe('the backend process restarting (Electron)', () => {
  it('uses the preload link, reloads everything when it comes back, and says so', async () => {
    const fake = fakeBridge();
    window.parley = fake.bridge;
    const picked = pickTransport(window);
    expect(picked.kind).toBe('electron');
    expect(picked.link).toBe(fake.bridge.link);

    const client = new FakeClient().handle('accounts.list', () => [account()]);
    stop = startApp(client, picked.link);
    render(<App />);
    await waitFor(() => expect(screen.queryByTestId('splash')).toBeNull());
    const listsBefore = client.calls.filter((c) => c.name === 'accounts.list').length;
    expect(screen.queryByTestId('backend-restarted')).toBeNull();

    // Crash: the link drops while the process restarts…
    act(() => {
      fake.setState({ kind: 'restarting', restarts: 1 });
      fake.setStatus('closed');
    });
    expect(screen.getByTestId('backend-status').textContent).toMatch(/lost the connection/i);
    // …and comes back with a new port: the state is loaded again and the banner says why.
    act(() => {
      fake.setState({ kind: 'running', restarts: 1 });
      fake.setStatus('open');
    });
    await waitFor(() =>
      expect(client.calls.filter((c) => c.name === 'accounts.list').length).toBe(listsBefore + 1),
    );
    const banner = await screen.findByTestId('backend-restarted');
    expect(banner.getAttribute('role')).toBe('status');
    expect(banner.textContent).toMatch(/stopped unexpectedly and was restarted/);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('backend-restarted')).toBeNull();

    // Too many crashes: not started again, and the window says so.
    act(() => fake.setState({ kind: 'failed', message: 'The Parley backend stopped 6 times.' }));
    expect(screen.getByRole('alert').textContent).toBe('The Parley backend stopped 6 times.');
  });
});
