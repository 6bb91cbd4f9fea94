import '../../test/jsdom.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { account, attachment, contact, conversation, message, room } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useAccounts } from '../accounts/store';
import { useConversations } from '../conversations/store';
import { useRooms } from '../rooms/store';
import { useRoster } from '../roster/store';
import { usePrefs } from '../settings/prefs-store';
import { useUi } from '../ui/store';
import { FRESH_MS, noticeFor, notifyMessages, type MessageNotice } from './message-notifier';

const ROOM = 'tea@conference.example.org';
let client: FakeClient;

beforeEach(() => {
  resetStores();
  client = new FakeClient().handle('conversations.open', ({ peer }) => conversation(peer));
  setClient(client);
  useAccounts.getState().setAll([account({ id: 'a1' })]);
  useRoster.getState().setRoster('a1', [contact('alice@example.org', { name: 'Alice' })]);
  useRooms
    .getState()
    .upsertRoom(room(ROOM, { accountId: 'a1', name: 'Tea', nick: 'me', state: 'joined' }));
  vi.spyOn(document, 'hasFocus').mockReturnValue(true);
});
afterEach(() => vi.restoreAllMocks());

const fresh = (id: string, over: Parameters<typeof message>[1] = {}) =>
  message(id, { accountId: 'a1', timestamp: Date.now(), ...over });

describe('desktop notifications for new messages', () => {
  it('tells of a contact’s message by their name, one per conversation', () => {
    expect(noticeFor(fresh('m1', { peer: 'alice@example.org', body: 'lunch?' }))).toEqual({
      title: 'Alice',
      body: 'lunch?',
      tag: expect.stringContaining('alice@example.org'),
    });
  });

  it('names a contact without a roster name by the nick they published (XEP-0172)', () => {
    useRoster
      .getState()
      .setRoster('a1', [contact('zed@example.org', { name: '', nick: 'Zed the Great' })]);
    expect(noticeFor(fresh('n1', { peer: 'zed@example.org', body: '/me waves' }))).toMatchObject({
      title: 'Zed the Great',
      body: '* Zed the Great waves',
    });
  });

  it('in a room, only when our nick is named; says who and where', () => {
    expect(noticeFor(fresh('r1', { peer: ROOM, resource: 'bob', body: 'anyone?' }))).toBeNull();
    expect(noticeFor(fresh('r2', { peer: ROOM, resource: 'bob', body: 'me: tea?' }))).toMatchObject(
      {
        title: 'bob in Tea',
        body: 'me: tea?',
      },
    );
    expect(noticeFor(fresh('p1', { peer: `${ROOM}/bob`, body: 'psst' }))).toMatchObject({
      title: 'bob (private, in tea)',
    });
  });

  it('not for our own, our other device’s, old ones, or the chat being looked at', () => {
    expect(noticeFor(fresh('o1', { peer: 'alice@example.org', direction: 'out' }))).toBeNull();
    expect(noticeFor(fresh('o2', { peer: 'alice@example.org', fromOtherDevice: true }))).toBeNull();
    expect(
      noticeFor(fresh('o3', { peer: 'alice@example.org', timestamp: Date.now() - FRESH_MS - 1 })),
    ).toBeNull();
    useUi.getState().setOpenChat({ accountId: 'a1', peer: 'alice@example.org' });
    expect(noticeFor(fresh('o4', { peer: 'alice@example.org' }))).toBeNull();
    // The same chat open, but the window hidden or in the background: it does tell.
    useUi.getState().setVisible(false);
    expect(noticeFor(fresh('o5', { peer: 'alice@example.org' }))).not.toBeNull();
    useUi.getState().setVisible(true);
    vi.spyOn(document, 'hasFocus').mockReturnValue(false);
    expect(noticeFor(fresh('o6', { peer: 'alice@example.org' }))).not.toBeNull();
  });

  it('bounds the text, flattens it, names files and reads /me as an action', () => {
    const long = noticeFor(
      fresh('l1', { peer: 'alice@example.org', body: `a\n\nb ${'x'.repeat(500)}` }),
    )!;
    expect(long.body.startsWith('a b x')).toBe(true);
    expect(long.body.length).toBeLessThanOrEqual(200);
    expect(
      noticeFor(
        fresh('f1', { peer: 'alice@example.org', attachment: attachment({ name: 'cat.png' }) }),
      )!.body,
    ).toBe('📎 cat.png');
    expect(noticeFor(fresh('a1', { peer: 'alice@example.org', body: '/me waves' }))!.body).toBe(
      '* Alice waves',
    );
  });

  it('a click opens the conversation', async () => {
    const shown: Array<{ notice: MessageNotice; click(): void }> = [];
    notifyMessages([fresh('c1', { peer: 'alice@example.org', body: 'hi' })], (notice, click) =>
      shown.push({ notice, click }),
    );
    expect(shown).toHaveLength(1);
    shown[0]!.click();
    expect(useUi.getState().openChat).toEqual({ accountId: 'a1', peer: 'alice@example.org' });
  });

  it('a batch tells of each conversation once, by its newest message that deserves it', () => {
    const shown: MessageNotice[] = [];
    let chimes = 0;
    const batch = [
      ...Array.from({ length: 200 }, (_, i) =>
        fresh(`a${i}`, { peer: 'alice@example.org', body: `line ${i}` }),
      ),
      fresh('r1', { peer: ROOM, resource: 'bob', body: 'me: tea?' }),
      fresh('r2', { peer: ROOM, resource: 'bob', body: 'anyone?' }),
    ];
    notifyMessages(
      batch,
      (notice) => shown.push(notice),
      () => chimes++,
    );
    expect(shown.map((n) => n.body)).toEqual(['line 199', 'me: tea?']);
    expect(chimes).toBe(usePrefs.getState().notificationSound ? 1 : 0);
  });

  it("follows the conversation's own setting: a muted chat is silent, a room on 'all' tells all", () => {
    useConversations.getState().upsert(conversation('alice@example.org', { notify: 'never' }));
    expect(noticeFor(fresh('n1', { peer: 'alice@example.org', body: 'hi' }))).toBeNull();
    useConversations.getState().upsert(conversation(ROOM, { kind: 'room', notify: 'all' }));
    expect(noticeFor(fresh('n2', { peer: ROOM, resource: 'bob', body: 'anyone?' }))).toMatchObject({
      title: 'bob in Tea',
    });
    useConversations.getState().upsert(conversation(ROOM, { kind: 'room', notify: 'never' }));
    expect(noticeFor(fresh('n3', { peer: ROOM, resource: 'bob', body: 'me: tea?' }))).toBeNull();
  });
});
