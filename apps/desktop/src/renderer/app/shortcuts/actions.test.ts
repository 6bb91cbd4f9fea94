import '../../test/jsdom.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useReplies } from '../../features/chat/reply-store';
import { useConversations } from '../../features/conversations/store';
import { useRoomPrefs } from '../../features/rooms/dialogs';
import { useRooms } from '../../features/rooms/store';
import { useSearchUi } from '../../features/search/store';
import { chatKey, useUi } from '../../features/ui/store';
import { FakeClient } from '../../test/fake-client';
import { conversation, message, room } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { setClient } from '../client';
import { escapeTopmost, stepConversation } from './actions';
import { useNav } from './store';

let fake: FakeClient;

beforeEach(() => {
  resetStores();
  useNav.setState({ sheetOpen: false, drawerOpen: false, renaming: null });
  useSearchUi.setState({ conversationSearch: new Set() });
  useReplies.setState({ replying: {} });
  fake = new FakeClient();
  fake.handle('conversations.open', ({ peer }) => conversation(peer));
  setClient(fake);
  // Newest first: carol, bob, dave (unread); then the room without a conversation.
  useConversations
    .getState()
    .setAll([
      conversation('bob@example.org', { updatedAt: 20 }),
      conversation('carol@example.org', { updatedAt: 30 }),
      conversation('dave@example.org', { updatedAt: 10, unread: 2 }),
    ]);
  useRooms.getState().setRooms([room('lounge@conference.example.org')]);
});

afterEach(() => {
  setClient(null);
  document.body.innerHTML = '';
});

const open = () => useUi.getState().openChat?.peer;

describe('next and previous conversation', () => {
  it('follows the list order and wraps at both ends', () => {
    expect(stepConversation(1)).toBe(true);
    expect(open()).toBe('carol@example.org');
    stepConversation(1);
    expect(open()).toBe('bob@example.org');
    stepConversation(1);
    stepConversation(1);
    expect(open()).toBe('lounge@conference.example.org');
    stepConversation(1);
    expect(open()).toBe('carol@example.org');
    stepConversation(-1);
    expect(open()).toBe('lounge@conference.example.org');
  });

  it('starts from the bottom going backwards when nothing is open', () => {
    stepConversation(-1);
    expect(open()).toBe('lounge@conference.example.org');
  });

  it('skips read conversations when asked for unread ones', () => {
    useUi.getState().setOpenChat({ accountId: 'a1', peer: 'carol@example.org' });
    expect(stepConversation(1, true)).toBe(true);
    expect(open()).toBe('dave@example.org');
    // Dave is the only unread one: nothing else to go to.
    expect(stepConversation(1, true)).toBe(false);
  });

  it('does nothing without conversations', () => {
    useConversations.getState().setAll([]);
    useRooms.getState().setRooms([]);
    expect(stepConversation(1)).toBe(false);
    expect(open()).toBeUndefined();
  });
});

describe('Escape', () => {
  const peer = 'bob@example.org';
  const key = chatKey('a1', peer);
  const composer = () => {
    const field = document.createElement('textarea');
    field.className = 'composer-input';
    document.body.append(field);
    return field;
  };

  it('closes the top-most thing first, one per press, then goes to the composer', () => {
    const field = composer();
    useUi.getState().setOpenChat({ accountId: 'a1', peer });
    useNav.getState().setDrawerOpen(true);
    useRoomPrefs.getState().setNarrow(true);
    useRoomPrefs.getState().toggleOccupants();
    useReplies.getState().startReply(message('m1', { peer }));
    useSearchUi.getState().setConversationSearch(key, true);

    expect(escapeTopmost()).toBe(true);
    expect(useNav.getState().drawerOpen).toBe(false);
    expect(escapeTopmost()).toBe(true);
    expect(useRoomPrefs.getState().occupantsShown).toBe(false);
    expect(escapeTopmost()).toBe(true);
    expect(useReplies.getState().replying[key]).toBeUndefined();
    expect(useSearchUi.getState().conversationSearch.has(key)).toBe(true);
    expect(escapeTopmost()).toBe(true);
    expect(useSearchUi.getState().conversationSearch.has(key)).toBe(false);
    expect(document.activeElement).toBe(field);
    // Nothing left: the key goes on (false) instead of being swallowed.
    expect(escapeTopmost()).toBe(false);
  });

  it('returns the focus to the composer from elsewhere', () => {
    const field = composer();
    const button = document.createElement('button');
    document.body.append(button);
    button.focus();
    expect(escapeTopmost()).toBe(true);
    expect(document.activeElement).toBe(field);
  });

  it('leaves the member panel of a wide window alone', () => {
    useRoomPrefs.getState().setNarrow(false);
    expect(useRoomPrefs.getState().occupantsShown).toBe(true);
    expect(escapeTopmost()).toBe(false);
    expect(useRoomPrefs.getState().occupantsShown).toBe(true);
  });
});

describe('member panel by width', () => {
  it('is shown beside a wide timeline and closed by default on a narrow one', () => {
    const prefs = useRoomPrefs.getState();
    expect(prefs.occupantsShown).toBe(true);
    prefs.setNarrow(true);
    expect(useRoomPrefs.getState().occupantsShown).toBe(false);
    useRoomPrefs.getState().toggleOccupants();
    expect(useRoomPrefs.getState().occupantsShown).toBe(true);
    // Back to wide: the wide choice is kept apart from the overlay's.
    useRoomPrefs.getState().setNarrow(false);
    expect(useRoomPrefs.getState().occupantsShown).toBe(true);
    useRoomPrefs.getState().toggleOccupants();
    useRoomPrefs.getState().setNarrow(true);
    expect(useRoomPrefs.getState().occupantsShown).toBe(true);
  });
});
