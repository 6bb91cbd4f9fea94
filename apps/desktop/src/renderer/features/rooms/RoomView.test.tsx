import '../../test/jsdom.js';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAllDeferred } from '../../ui/deferred';
import { App } from '../../app/App';
import { startApp } from '../../app/bootstrap';
import { setClient } from '../../app/client';
import { FakeClient, failure } from '../../test/fake-client';
import {
  account,
  conversation,
  invitation,
  message,
  notice,
  occupant,
  room,
} from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useUi } from '../ui/store';

const R = 'tea@conference.example.org';
const openLink = { status: () => 'open' as const, onStatus: () => () => undefined };
let stop: (() => void) | null = null;
const now = Date.now();

function Sized({ children }: { children: ReactNode }) {
  return (
    <VirtuosoMockContext.Provider value={{ viewportHeight: 800, itemHeight: 40 }}>
      {children}
    </VirtuosoMockContext.Provider>
  );
}

function roomClient(over: Parameters<typeof room>[1] = {}) {
  return new FakeClient()
    .handle('accounts.list', () => [account()])
    .handle('conversations.list', () => [
      conversation(R, {
        kind: 'room',
        name: 'Tea',
        unread: 3,
        mentions: 2,
        lastMessage: { body: 'me: hi', direction: 'in', timestamp: now },
      }),
    ])
    .handle('rooms.list', () => [
      room(R, {
        name: 'Tea room',
        subject: 'Earl Grey only',
        canSetSubject: true,
        ownRole: 'moderator',
        ownAffiliation: 'owner',
        occupantCount: 3,
        ...over,
      }),
      room('old@conference.example.org', { state: 'left', bookmarked: true }),
    ])
    .handle('rooms.occupants', () => [
      occupant('me', { role: 'moderator', affiliation: 'owner' }),
      occupant('alice', { jid: 'alice@example.org', affiliation: 'member' }),
      occupant('\u202Eevil\u0000', { role: 'visitor', show: 'away', status: 'brb' }),
    ])
    .handle('conversations.open', (r) =>
      conversation(r.peer, { kind: r.peer.includes('/') ? 'private' : 'room' }),
    )
    .handle('messages.page', (r) => ({
      messages:
        r.peer === R
          ? [
              message('m1', { peer: R, resource: 'alice', body: 'hello', timestamp: now - 3000 }),
              message('m2', {
                peer: R,
                resource: 'alice',
                body: 'me: look',
                timestamp: now - 2000,
              }),
              message('m3', {
                peer: R,
                resource: 'me',
                direction: 'out',
                status: 'acked',
                body: 'yes',
                timestamp: now - 1000,
              }),
            ]
          : [],
      complete: true,
    }));
}

async function openRoom(client: FakeClient) {
  stop = startApp(client, openLink);
  render(<App />, { wrapper: Sized });
  const item = await screen.findByTestId(`conversation-${R}`);
  fireEvent.click(item);
  await screen.findByTestId('room-header');
  await waitFor(() => expect(screen.getAllByTestId('message')).toHaveLength(3));
}

/** Radix menus open on a keyboard Enter as on a click, and jsdom has no pointer events. */
function openMenu(trigger: HTMLElement) {
  fireEvent.keyDown(trigger, { key: 'Enter' });
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

describe('rooms in the conversation list', () => {
  it('shows rooms with their kind, unread count, mentions and state', async () => {
    stop = startApp(roomClient(), openLink);
    render(<App />, { wrapper: Sized });
    const item = await screen.findByTestId(`conversation-${R}`);
    expect(item.dataset.kind).toBe('room');
    expect(item.textContent).toContain('Tea room');
    expect(within(item).getByTestId('unread-badge').textContent).toBe('3');
    expect(within(item).getByTestId(`mention-badge-${R}`).textContent).toBe('@2');
    const old = await screen.findByTestId('conversation-old@conference.example.org');
    expect(old.dataset.roomState).toBe('left');
    expect(old.className).toContain('dimmed');
    expect(old.textContent).toContain('Bookmarked, not joined');
  });

  it('accepts an invitation with the default nick and opens the room', async () => {
    const client = roomClient();
    stop = startApp(client, openLink);
    render(<App />, { wrapper: Sized });
    await screen.findByTestId(`conversation-${R}`);
    act(() =>
      client.emit(
        'invitation.received',
        invitation('party@conference.example.org', { reason: 'come along' }),
      ),
    );
    const card = screen.getByTestId('invitation-party@conference.example.org');
    expect(card.textContent).toContain('alice invites you');
    expect(card.textContent).toContain('come along');
    fireEvent.click(within(card).getByTestId('invitation-accept'));
    await waitFor(() => expect(screen.queryByTestId('invitations')).toBeNull());
    expect(client.callsOf('invitations.answer')).toEqual([
      {
        accountId: 'a1',
        room: 'party@conference.example.org',
        accept: true,
        nick: 'me',
      },
    ]);
    expect(useUi.getState().openChat?.peer).toBe('party@conference.example.org');
  });
});

describe('room view', () => {
  it('shows the header, sender nicks, mentions, and sends to the room', async () => {
    const client = roomClient().handle('messages.send', (r) =>
      message('o1', {
        peer: r.peer,
        direction: 'out',
        body: r.body,
        resource: 'me',
        timestamp: now,
      }),
    );
    await openRoom(client);
    const header = screen.getByTestId('room-header');
    expect(header.textContent).toContain('Tea room');
    expect(screen.getByTestId('room-subject').textContent).toBe('Earl Grey only');
    expect(screen.getByTestId('room-occupant-count').textContent).toContain('3 people');
    // One nick for alice's run of two messages, none on our own.
    expect(screen.getAllByTestId('message-sender').map((s) => s.textContent)).toEqual(['alice']);
    const [, second, own] = screen.getAllByTestId('message');
    expect(second!.dataset.mention).toBe('true');
    expect(own!.dataset.direction).toBe('out');

    fireEvent.change(screen.getByTestId('composer'), { target: { value: 'hi all' } });
    fireEvent.keyDown(screen.getByTestId('composer'), { key: 'Enter' });
    await waitFor(() => expect(screen.getAllByTestId('message')).toHaveLength(4));
    expect(client.callsOf('messages.send')).toEqual([{ accountId: 'a1', peer: R, body: 'hi all' }]);
  });

  it('collapses consecutive notices into one expandable row', async () => {
    const client = roomClient();
    await openRoom(client);
    act(() => {
      client.emit('room.notice', notice('join', 'bob', { room: R, timestamp: now + 1 }));
      client.emit('room.notice', notice('join', 'carol', { room: R, timestamp: now + 2 }));
      client.emit('room.notice', notice('leave', 'dave', { room: R, timestamp: now + 3 }));
    });
    const toggle = await screen.findByTestId('notice-group-toggle');
    expect(toggle.textContent).toBe('2 joined, 1 left');
    expect(screen.queryAllByTestId('room-notice')).toHaveLength(0);
    fireEvent.click(toggle);
    expect(screen.getAllByTestId('room-notice').map((n) => n.textContent)).toEqual([
      expect.stringContaining('bob joined'),
      expect.stringContaining('carol joined'),
      expect.stringContaining('dave left'),
    ]);
  });

  it('shows a room’s refusal as a notice in its words', async () => {
    const client = roomClient();
    await openRoom(client);
    const words = 'The room refused a request: you are not in this room any more.';
    act(() => {
      client.emit(
        'room.notice',
        notice('error', '', { room: R, value: words, timestamp: now + 1 }),
      );
    });
    const shown = await screen.findByTestId('room-notice');
    expect(shown.textContent).toContain(words);
  });

  it('edits the subject and toggles the bookmark', async () => {
    const client = roomClient().handle('rooms.bookmark', (r) =>
      room(R, { name: 'Tea room', bookmarked: r.bookmarked, ownAffiliation: 'owner' }),
    );
    await openRoom(client);
    fireEvent.click(screen.getByTestId('room-subject'));
    const input = screen.getByTestId('room-subject-input');
    fireEvent.change(input, { target: { value: 'Green tea too' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(screen.queryByTestId('room-subject-input')).toBeNull());
    expect(client.callsOf('rooms.setSubject')).toEqual([
      { accountId: 'a1', room: R, subject: 'Green tea too' },
    ]);

    const bookmark = screen.getByTestId('room-bookmark');
    expect(bookmark.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(bookmark);
    await waitFor(() => expect(bookmark.getAttribute('aria-pressed')).toBe('true'));
    expect(client.callsOf('rooms.bookmark')).toEqual([
      { accountId: 'a1', room: R, bookmarked: true, autojoin: true },
    ]);
  });

  it('explains being kicked and rejoins', async () => {
    const client = roomClient().handle('rooms.join', (r) => room(r.room, { nick: r.nick }));
    await openRoom(client);
    expect(screen.queryByTestId('room-banner')).toBeNull();
    act(() =>
      client.emit(
        'room.changed',
        room(R, { state: 'left', error: { code: 'kicked', message: 'Be nice' } }),
      ),
    );
    const banner = screen.getByTestId('room-banner');
    expect(banner.textContent).toContain('You were kicked from the room. (Be nice)');
    expect((screen.getByTestId('composer') as HTMLTextAreaElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('room-rejoin'));
    await waitFor(() => expect(screen.queryByTestId('room-banner')).toBeNull());
    expect(client.callsOf('rooms.join')).toEqual([
      { accountId: 'a1', room: R, nick: 'me', password: null },
    ]);
  });

  it('offers owner actions in the room menu and sends an invitation', async () => {
    const client = roomClient();
    await openRoom(client);
    openMenu(screen.getByTestId('room-menu'));
    for (const id of ['nick', 'invite', 'configure', 'members', 'destroy', 'leave']) {
      expect(await screen.findByTestId(`room-menu-${id}`)).toBeTruthy();
    }
    fireEvent.click(screen.getByTestId('room-menu-invite'));
    const dialog = await screen.findByTestId('invite-dialog');
    fireEvent.change(within(dialog).getByTestId('invite-jid'), {
      target: { value: 'bob@example.org' },
    });
    fireEvent.change(within(dialog).getByTestId('invite-reason'), { target: { value: 'tea?' } });
    fireEvent.click(within(dialog).getByTestId('invite-mode-mediated'));
    fireEvent.click(within(dialog).getByTestId('invite-submit'));
    await waitFor(() => expect(screen.queryByTestId('invite-dialog')).toBeNull());
    expect(client.callsOf('rooms.invite')).toEqual([
      { accountId: 'a1', room: R, jid: 'bob@example.org', reason: 'tea?', mode: 'mediated' },
    ]);
  });

  it('hides owner actions from a plain participant', async () => {
    await openRoom(roomClient({ ownRole: 'participant', ownAffiliation: 'none' }));
    openMenu(screen.getByTestId('room-menu'));
    await screen.findByTestId('room-menu-leave');
    expect(screen.queryByTestId('room-menu-configure')).toBeNull();
    expect(screen.queryByTestId('room-menu-members')).toBeNull();
    expect(screen.queryByTestId('room-menu-destroy')).toBeNull();
  });

  it('opens a private conversation from the occupant list', async () => {
    const client = roomClient();
    await openRoom(client);
    const row = await screen.findByTestId('occupant-alice');
    openMenu(within(row).getByTestId('occupant-menu-alice'));
    fireEvent.click(await screen.findByTestId('occupant-pm'));
    await waitFor(() => expect(useUi.getState().openChat?.peer).toBe(`${R}/alice`));
    const title = await screen.findByTestId('private-title');
    expect(title.textContent).toBe('alice (in Tea room)');
    expect(screen.getByTestId('chat-view').dataset.kind).toBe('private');
    expect(client.callsOf('conversations.open').at(-1)).toEqual({
      accountId: 'a1',
      peer: `${R}/alice`,
    });
  });

  it('renders a hostile nick isolated and cleaned', async () => {
    await openRoom(roomClient());
    const row = await screen.findByTestId('occupant-\u202Eevil\u0000');
    const nick = row.querySelector('bdi.nick')!;
    expect(nick.textContent).toBe('evil');
    expect(row.textContent).toContain('brb');
  });
});

describe('/me actions (XEP-0245)', () => {
  it("shows an occupant's and our own action with the nick, in italics, not the command", async () => {
    const client = roomClient();
    await openRoom(client);
    act(() => {
      client.emit(
        'message.added',
        message('a1', {
          peer: R,
          resource: 'alice',
          body: '/me waves at https://example.org',
          timestamp: now,
        }),
      );
      client.emit(
        'message.added',
        message('a2', {
          peer: R,
          resource: 'me',
          direction: 'out',
          body: '/me waves back',
          timestamp: now + 1,
        }),
      );
    });
    const [theirs, ours] = screen.getAllByTestId('message').slice(-2);
    const theirsBody = theirs!.querySelector('.message-body')!;
    expect(theirsBody.className).toContain('me-action');
    expect(theirsBody.textContent).toBe('* alice waves at https://example.org');
    expect(theirsBody.querySelector('a')?.getAttribute('href')).toBe('https://example.org/');
    expect(ours!.querySelector('.message-body')!.textContent).toBe('* me waves back');
  });

  it('leaves "/me" alone when nothing follows it, or when it is not at the start', async () => {
    const client = roomClient();
    await openRoom(client);
    act(() => {
      client.emit(
        'message.added',
        message('b1', { peer: R, resource: 'alice', body: '/me', timestamp: now }),
      );
      client.emit(
        'message.added',
        message('b2', { peer: R, resource: 'alice', body: 'say /me hi', timestamp: now + 1 }),
      );
    });
    const bodies = screen
      .getAllByTestId('message')
      .slice(-2)
      .map((m) => m.querySelector('.message-body')!);
    expect(bodies.map((b) => b.textContent)).toEqual(['/me', 'say /me hi']);
    expect(bodies.every((b) => !b.className.includes('me-action'))).toBe(true);
  });
});

describe('commands in the composer', () => {
  async function enter(text: string) {
    const field = screen.getByTestId('composer');
    fireEvent.change(field, { target: { value: text } });
    await act(async () => {
      fireEvent.keyDown(field, { key: 'Enter' });
    });
    return field as HTMLTextAreaElement;
  }

  it('changes the nick, kicks by nick with a reason, and sends nothing to the room', async () => {
    const client = roomClient().handle('rooms.setNick', (r) => room(R, { nick: r.nick }));
    await openRoom(client);
    await waitFor(() => expect(screen.getByTestId('occupant-alice')).toBeTruthy());
    expect((await enter('/nick Neo')).value).toBe('');
    expect(client.callsOf('rooms.setNick')).toEqual([{ accountId: 'a1', room: R, nick: 'Neo' }]);
    await enter('/kick alice too loud');
    expect(client.callsOf('rooms.setRole')).toEqual([
      { accountId: 'a1', room: R, nick: 'alice', role: 'none', reason: 'too loud' },
    ]);
    expect(client.callsOf('messages.send')).toEqual([]);
  });

  it('explains a mistake and keeps the text; /help lists the commands', async () => {
    const client = roomClient();
    await openRoom(client);
    const field = await enter('/kick nobody');
    expect(screen.getByTestId('composer-error').textContent).toMatch(/Nobody called nobody/);
    expect(field.value).toBe('/kick nobody');
    await enter('/nik Neo');
    expect(screen.getByTestId('composer-error').textContent).toMatch(/no command \/nik/);
    expect((await enter('/help')).value).toBe('');
    expect(screen.getByTestId('composer-note').textContent).toMatch(/\/topic new subject/);
    expect(screen.getByTestId('composer-note').textContent).toMatch(/\/roster add/);
    expect(screen.queryByTestId('composer-error')).toBeNull();
    await enter('//help is a word');
    expect(client.callsOf('messages.send')).toEqual([
      { accountId: 'a1', peer: R, body: '/help is a word' },
    ]);
  });
  it('says why the subject cannot be changed: /topic explains and sends nothing, the subject is not editable', async () => {
    const client = roomClient({ canSetSubject: false, ownRole: 'participant' });
    await openRoom(client);
    const subject = screen.getByTestId('room-subject');
    expect(subject.tagName).toBe('SPAN');
    expect(subject.getAttribute('title')).toMatch(/Only moderators may change the subject here/);
    const field = await enter('/topic Green tea');
    expect(screen.getByTestId('composer-error').textContent).toMatch(
      /Only moderators may change the subject here/,
    );
    expect(field.value).toBe('/topic Green tea');
    expect(client.callsOf('rooms.setSubject')).toEqual([]);
    expect(client.callsOf('messages.send')).toEqual([]);
  });

  it('shows the room’s refusal of a subject change in words', async () => {
    const client = roomClient().handle('rooms.setSubject', () => {
      throw failure('Only moderators may change the subject here.');
    });
    await openRoom(client);
    fireEvent.click(screen.getByTestId('room-subject'));
    const input = screen.getByTestId('room-subject-input');
    fireEvent.change(input, { target: { value: 'Green tea too' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    const shown = await screen.findByTestId('room-action-error');
    expect(shown.textContent).toMatch(/Could not change the subject: Only moderators may change/);
  });
});
