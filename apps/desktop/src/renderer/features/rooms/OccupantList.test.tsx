import '../../test/jsdom.js';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { occupant, room } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useChat } from '../chat/store';
import { chatKey } from '../ui/store';
import { onOccupantBatch } from './actions';
import { OccupantList } from './OccupantList';
import { useRooms } from './store';

const R = 'room@conference.example.org';
const key = chatKey('a1', R);

function Sized({ children }: { children: ReactNode }) {
  return (
    <VirtuosoMockContext.Provider value={{ viewportHeight: 600, itemHeight: 40 }}>
      {children}
    </VirtuosoMockContext.Provider>
  );
}

function show(client: FakeClient, over: Parameters<typeof room>[1] = {}) {
  setClient(client);
  const r = room(R, { nick: 'me', ownRole: 'moderator', ownAffiliation: 'admin', ...over });
  useRooms.getState().upsertRoom(r);
  render(<OccupantList room={r} />, { wrapper: Sized });
}

const groups = () => screen.getAllByTestId(/^occupant-group-/u).map((g) => g.textContent);

beforeEach(() => resetStores());
afterEach(() => {
  cleanup();
  setClient(null);
});

describe('occupant list', () => {
  it('fetches the list, groups it by role with counts, and follows batches', async () => {
    const client = new FakeClient().handle('rooms.occupants', () => [
      occupant('me', { role: 'moderator', affiliation: 'admin' }),
      occupant('zoe'),
      occupant('Bob', { affiliation: 'member' }),
      occupant('lurker', { role: 'visitor' }),
    ]);
    show(client);
    await screen.findByTestId('occupant-zoe');
    expect(groups()).toEqual(['Moderators1', 'Participants2', 'Visitors1']);
    const rows = [...document.querySelectorAll('[data-testid^="occupant-"][data-role]')];
    expect(rows.map((r) => r.getAttribute('data-testid'))).toEqual([
      'occupant-me',
      'occupant-Bob',
      'occupant-zoe',
      'occupant-lurker',
    ]);
    expect(screen.getByTestId('occupant-Bob').textContent).toContain('Member');
    expect(screen.getByTestId('occupant-me').textContent).toContain('(you)');

    act(() =>
      onOccupantBatch({
        accountId: 'a1',
        room: R,
        reset: false,
        upserted: [occupant('lurker', { role: 'participant' }), occupant('amy')],
        removed: ['zoe'],
      }),
    );
    expect(groups()).toEqual(['Moderators1', 'Participants3']);
    expect(screen.queryByTestId('occupant-zoe')).toBeNull();

    fireEvent.change(screen.getByTestId('occupant-filter'), { target: { value: 'AM' } });
    expect(groups()).toEqual(['Participants1']);
    expect(screen.getByTestId('occupant-amy')).toBeTruthy();
  });

  it('keeps batches that arrive while the list is being fetched', async () => {
    let answer: (value: ReturnType<typeof occupant>[]) => void = () => undefined;
    const client = new FakeClient().handle(
      'rooms.occupants',
      () => new Promise((resolve) => (answer = resolve)),
    );
    show(client);
    expect(screen.getByRole('status').textContent).toContain('Loading');
    onOccupantBatch({
      accountId: 'a1',
      room: R,
      reset: false,
      upserted: [occupant('late')],
      removed: ['early'],
    });
    await act(async () => answer([occupant('early'), occupant('other')]));
    expect(screen.getByTestId('occupant-late')).toBeTruthy();
    expect(screen.queryByTestId('occupant-early')).toBeNull();
  });

  it('renders 2,500 occupants virtualised and applies a join burst in one update', async () => {
    const client = new FakeClient();
    show(client);
    act(() =>
      onOccupantBatch({
        accountId: 'a1',
        room: R,
        reset: true,
        upserted: Array.from({ length: 2_500 }, (_, i) =>
          occupant(`user${String(i).padStart(4, '0')}`, {
            role: i < 10 ? 'moderator' : 'participant',
          }),
        ),
        removed: [],
      }),
    );
    await screen.findByTestId('occupant-user0000');
    expect(groups()).toEqual(['Moderators10', 'Participants2490']);
    const rendered = document.querySelectorAll('[data-role]').length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(100);
    expect(useRooms.getState().occupants[key]?.size).toBe(2_500);
  });

  it('kicks with a reason through the row menu, only where the rules allow', async () => {
    const client = new FakeClient().handle('rooms.occupants', () => [
      occupant('me', { role: 'moderator', affiliation: 'admin' }),
      occupant('troll', { jid: 'troll@example.org' }),
      occupant('boss', { role: 'moderator', affiliation: 'owner', jid: 'boss@example.org' }),
    ]);
    show(client);
    const boss = await screen.findByTestId('occupant-boss');
    fireEvent.keyDown(within(boss).getByTestId('occupant-menu-boss'), { key: 'Enter' });
    await screen.findByTestId('occupant-pm');
    expect(screen.queryByTestId('occupant-kick')).toBeNull();
    expect(screen.queryByTestId('occupant-ban')).toBeNull();
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('occupant-pm')).toBeNull());

    const troll = screen.getByTestId('occupant-troll');
    fireEvent.keyDown(within(troll).getByTestId('occupant-menu-troll'), { key: 'Enter' });
    expect(await screen.findByTestId('occupant-ban')).toBeTruthy();
    expect(screen.getByTestId('occupant-voice').textContent).toBe('Revoke voice…');
    fireEvent.click(screen.getByTestId('occupant-kick'));
    const dialog = await screen.findByTestId('moderation-dialog');
    fireEvent.change(within(dialog).getByTestId('reason-input'), { target: { value: 'spam' } });
    fireEvent.click(within(dialog).getByTestId('reason-confirm'));
    await waitFor(() => expect(screen.queryByTestId('moderation-dialog')).toBeNull());
    expect(client.callsOf('rooms.setRole')).toEqual([
      { accountId: 'a1', room: R, nick: 'troll', role: 'none', reason: 'spam' },
    ]);
  });

  it('bans by real JID', async () => {
    const client = new FakeClient().handle('rooms.occupants', () => [
      occupant('troll', { jid: 'troll@example.org' }),
    ]);
    show(client);
    const troll = await screen.findByTestId('occupant-troll');
    fireEvent.keyDown(within(troll).getByTestId('occupant-menu-troll'), { key: 'Enter' });
    fireEvent.click(await screen.findByTestId('occupant-ban'));
    fireEvent.click(
      within(await screen.findByTestId('moderation-dialog')).getByTestId('reason-confirm'),
    );
    await waitFor(() => expect(client.callsOf('rooms.setAffiliation')).toHaveLength(1));
    expect(client.callsOf('rooms.setAffiliation')[0]).toEqual({
      accountId: 'a1',
      room: R,
      jid: 'troll@example.org',
      affiliation: 'outcast',
      reason: '',
    });
  });

  it('puts a clicked nick into the room’s draft', async () => {
    const client = new FakeClient().handle('rooms.occupants', () => [occupant('alice')]);
    show(client);
    const row = await screen.findByTestId('occupant-alice');
    fireEvent.click(row.querySelector('.occupant-main')!);
    expect(useChat.getState().drafts[key]).toBe('alice: ');
    fireEvent.click(row.querySelector('.occupant-main')!);
    expect(useChat.getState().drafts[key]).toBe('alice: alice ');
  });
});
