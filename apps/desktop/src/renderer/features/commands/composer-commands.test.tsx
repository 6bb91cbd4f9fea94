import '../../test/jsdom.js';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { account, contact } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useAccounts } from '../accounts/store';
import { Composer } from '../chat/Composer';
import { useStaging } from '../files/staging';
import { useOmemoLocks } from '../omemo/lock-store';
import { useRoster } from '../roster/store';
import { chatKey } from '../ui/store';
import { typeInComposer } from '../../test/composer';

const BOB = 'bob@example.org';
let client: FakeClient;

beforeEach(() => {
  resetStores();
  client = new FakeClient();
  setClient(client);
  useAccounts.setState({ loaded: true, accounts: [account({ id: 'a1' })] });
  useRoster.getState().setRoster('a1', [contact(BOB, { name: 'Bob' }), contact('ann@example.org')]);
});
afterEach(() => {
  cleanup();
  delete (window as { parley?: unknown }).parley;
});

const type = typeInComposer;
const options = () => screen.queryAllByTestId('command-suggestion').map((o) => o.dataset.value);
const key = (field: HTMLElement, k: string) => !fireEvent.keyDown(field, { key: k });
async function enter(text: string) {
  const field = type(text);
  await act(async () => {
    fireEvent.keyDown(field, { key: 'Enter' });
  });
  return field;
}

describe('command completion in the composer', () => {
  it('lists commands, then sub-commands and contacts; Tab, arrows, Enter and Escape', () => {
    render(<Composer accountId="a1" peer={BOB} peerName="Bob" online />);
    const field = type('/ro');
    expect(options()).toEqual(['/roster']);
    expect(field.getAttribute('aria-expanded')).toBe('true');
    expect(key(field, 'Tab')).toBe(true);
    expect(field.value).toBe('/roster ');
    expect(options()).toEqual(['add', 'remove']);
    key(field, 'ArrowDown');
    key(field, 'ArrowDown');
    const active = field.getAttribute('aria-activedescendant');
    expect(active && document.getElementById(active)?.dataset.value).toBe('remove');
    expect(key(field, 'Enter')).toBe(true);
    expect(field.value).toBe('/roster remove ');
    type('/roster remove bo');
    expect(options()).toEqual([BOB]);
    key(field, 'Tab');
    expect(field.value).toBe(`/roster remove ${BOB} `);
    type('/om');
    expect(key(field, 'Escape')).toBe(true);
    expect(options()).toEqual([]);
    expect(field.getAttribute('aria-expanded')).toBe('false');
  });

  it('leaves Tab alone in plain text', () => {
    render(<Composer accountId="a1" peer={BOB} peerName="Bob" online />);
    expect(key(type('hello'), 'Tab')).toBe(false);
  });
});

describe('commands typed in a one-to-one composer', () => {
  it('adds a contact with a quoted name, sets the status, turns OMEMO off for this chat', async () => {
    client.handle('omemo.conversation.set', (r) => ({
      accountId: r.accountId,
      peer: r.peer,
      encryption: r.encryption,
      chosen: true,
      hasDevices: true,
      enabled: true,
    }));
    render(<Composer accountId="a1" peer={BOB} peerName="Bob" online />);
    expect((await enter('/roster add carl@example.org "Carl the Cook"')).value).toBe('');
    expect(client.callsOf('roster.add')).toEqual([
      { accountId: 'a1', jid: 'carl@example.org', name: 'Carl the Cook', groups: [] },
    ]);
    await enter('/status dnd In a meeting');
    expect(client.callsOf('presence.set')).toEqual([
      { accountId: 'a1', show: 'dnd', status: 'In a meeting' },
    ]);
    await enter('/omemo disable');
    expect(client.callsOf('omemo.conversation.set')).toEqual([
      { accountId: 'a1', peer: BOB, encryption: 'off' },
    ]);
    expect(useOmemoLocks.getState().byKey[chatKey('a1', BOB)]?.encryption).toBe('off');
    expect(client.callsOf('messages.send')).toEqual([]);
  });

  it('says what is wrong near the composer and keeps the text', async () => {
    render(<Composer accountId="a1" peer={BOB} peerName="Bob" online />);
    const field = await enter('/omemo on');
    expect(screen.getByTestId('composer-error').textContent).toMatch(/\/omemo has no “on”/);
    expect(field.value).toBe('/omemo on');
  });

  it('/sendfile PATH asks main for its dialog at the path, and stages what was confirmed', async () => {
    const picked = [{ grant: 'g'.repeat(32), name: 'a b.txt', size: 3 }];
    const pickFilesAt = vi.fn(() => Promise.resolve(picked));
    (window as { parley?: unknown }).parley = { pickFiles: vi.fn(), pickFilesAt };
    render(<Composer accountId="a1" peer={BOB} peerName="Bob" online />);
    await enter('/sendfile ~/a b.txt');
    expect(pickFilesAt).toHaveBeenCalledWith('~/a b.txt');
    await waitFor(() =>
      expect(useStaging.getState().byKey[chatKey('a1', BOB)]?.map((f) => f.file)).toEqual(picked),
    );
  });
});
