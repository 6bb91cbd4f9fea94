import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { room } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { MembersDialog } from './MembersDialog';

const R = 'room@conference.example.org';

beforeEach(() => resetStores());
afterEach(() => {
  cleanup();
  setClient(null);
});

describe('members dialog', () => {
  it('lists each affiliation, adds and removes by JID, and reloads', async () => {
    const lists: Record<string, string[]> = {
      member: ['m1@example.org'],
      admin: [],
      owner: ['me@example.org'],
      outcast: ['spam@example.org'],
    };
    const client = new FakeClient()
      .handle('rooms.affiliations', (r) =>
        (lists[r.affiliation] ?? []).map((jid) => ({
          jid,
          affiliation: r.affiliation,
          nick: null,
          reason: null,
        })),
      )
      .handle('rooms.setAffiliation', (r) => {
        for (const list of Object.values(lists)) {
          const at = list.indexOf(r.jid);
          if (at >= 0) list.splice(at, 1);
        }
        if (r.affiliation !== 'none') lists[r.affiliation]!.push(r.jid);
        return { ok: true };
      });
    setClient(client);
    render(<MembersDialog room={room(R, { ownAffiliation: 'owner' })} onClose={() => undefined} />);
    await screen.findByTestId('member-m1@example.org');
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual([
      'Members',
      'Admins',
      'Owners',
      'Banned',
    ]);

    fireEvent.change(screen.getByTestId('members-add-jid'), {
      target: { value: 'new@example.org' },
    });
    fireEvent.click(screen.getByTestId('members-add-submit'));
    await screen.findByTestId('member-new@example.org');
    expect(client.callsOf('rooms.setAffiliation')[0]).toEqual({
      accountId: 'a1',
      room: R,
      jid: 'new@example.org',
      affiliation: 'member',
      reason: '',
    });

    fireEvent.click(screen.getByTestId('members-tab-outcast'));
    const banned = await screen.findByTestId('member-spam@example.org');
    fireEvent.click(within(banned).getByTestId('members-remove-spam@example.org'));
    await waitFor(() => expect(screen.queryByTestId('member-spam@example.org')).toBeNull());
    expect(client.callsOf('rooms.setAffiliation')[1]?.affiliation).toBe('none');
    expect(client.callsOf('rooms.affiliations').map((r) => r.affiliation)).toEqual([
      'member',
      'member',
      'outcast',
      'outcast',
    ]);
  });

  it('gives an admin only the member and ban lists', async () => {
    setClient(new FakeClient());
    render(<MembersDialog room={room(R, { ownAffiliation: 'admin' })} onClose={() => undefined} />);
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Members', 'Banned']);
    await screen.findByText('Nobody here yet.');
  });
});
