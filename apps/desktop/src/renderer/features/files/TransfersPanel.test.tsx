import '../../test/jsdom.js';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { conversation, transfer } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useConversations } from '../conversations/store';
import { useUi } from '../ui/store';
import { useFiles } from './store';
import { TransfersPanel, TransfersToggle } from './TransfersPanel';

let fake: FakeClient;

beforeEach(() => {
  resetStores();
  fake = new FakeClient();
  setClient(fake);
  useConversations.getState().setAll([conversation('alice@example.org', { name: 'Alice' })]);
  useFiles.getState().setAll([
    transfer('up', { direction: 'upload', state: 'active', bytes: 50, size: 100, createdAt: 3 }),
    transfer('down', { state: 'queued', createdAt: 4 }),
    transfer('bad', {
      state: 'failed',
      error: { code: 'download-failed', message: 'HTTP 404' },
      createdAt: 2,
    }),
    transfer('ok', {
      state: 'done',
      name: 'report.pdf',
      mediaType: 'application/pdf',
      createdAt: 1,
    }),
  ]);
});
afterEach(() => {
  cleanup();
  setClient(null);
});

function renderPanel() {
  render(
    <>
      <TransfersToggle />
      <TransfersPanel />
    </>,
  );
}

describe('TransfersPanel', () => {
  it('counts active transfers on its toggle and lists active, then recent, newest first', () => {
    renderPanel();
    expect(screen.queryByTestId('transfers-panel')).toBeNull();
    expect(screen.getByTestId('transfers-count').textContent).toBe('2');
    fireEvent.click(screen.getByTestId('transfers-toggle'));
    const panel = screen.getByTestId('transfers-panel');
    const rows = within(panel)
      .getAllByRole('listitem')
      .map((li) => li.dataset.testid);
    expect(rows).toEqual(['transfer-down', 'transfer-up', 'transfer-bad', 'transfer-ok']);
    const up = screen.getByTestId('transfer-up');
    expect(up.textContent).toContain('To Alice');
    expect(within(up).getByTestId('file-progress').getAttribute('aria-valuenow')).toBe('50');
    const bad = screen.getByTestId('transfer-bad');
    expect(within(bad).getByTestId('file-error').textContent).toContain('HTTP 404');
    expect(within(bad).getByTestId('file-retry')).toBeTruthy();
    expect(within(screen.getByTestId('transfer-ok')).getByTestId('file-open')).toBeTruthy();
  });

  it('updates as transfers move, cancels, and goes to the conversation', async () => {
    renderPanel();
    fireEvent.click(screen.getByTestId('transfers-toggle'));
    act(() => useFiles.getState().upsert(transfer('up', { direction: 'upload', state: 'done' })));
    expect(screen.getByTestId('transfers-count').textContent).toBe('1');
    expect(screen.getByTestId('transfer-up').dataset.state).toBe('done');
    fireEvent.click(within(screen.getByTestId('transfer-down')).getByTestId('file-cancel'));
    await waitFor(() => expect(fake.callsOf('transfers.cancel')).toEqual([{ id: 'down' }]));
    fireEvent.click(within(screen.getByTestId('transfer-down')).getByText('Alice'));
    expect(useUi.getState().openChat).toEqual({ accountId: 'a1', peer: 'alice@example.org' });
  });

  it('closes with its button or Escape', () => {
    renderPanel();
    fireEvent.click(screen.getByTestId('transfers-toggle'));
    fireEvent.keyDown(screen.getByTestId('transfers-close'), { key: 'Escape' });
    expect(screen.queryByTestId('transfers-panel')).toBeNull();
    fireEvent.click(screen.getByTestId('transfers-toggle'));
    fireEvent.click(screen.getByTestId('transfers-close'));
    expect(screen.queryByTestId('transfers-panel')).toBeNull();
  });
});
