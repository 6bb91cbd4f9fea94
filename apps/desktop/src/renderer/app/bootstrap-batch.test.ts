import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useAccounts } from '../features/accounts/store';
import { useChat } from '../features/chat/store';
import { useConversations } from '../features/conversations/store';
import { chatKey, useUi } from '../features/ui/store';
import { FakeClient } from '../test/fake-client';
import { account, conversation, message } from '../test/fixtures';
import { resetStores } from '../test/reset';
import { wireEvents } from './bootstrap';
import { setClient } from './client';
import type { FlushScheduler } from './event-queue';

const ALICE = 'alice@example.org';
const BOB = 'bob@example.org';
const key = chatKey('a1', ALICE);
const at = (i: number) => Date.UTC(2025, 0, 1, 12) + i * 1000;

/** The frames, driven by the test. */
function frames() {
  let pending: (() => void) | null = null;
  const schedule: FlushScheduler = (flush) => {
    pending = flush;
    return () => {
      pending = null;
    };
  };
  return {
    schedule,
    next: () => {
      const flush = pending;
      pending = null;
      flush?.();
    },
  };
}

/** How many times each store changed (each a render of what reads it). */
function countUpdates() {
  const counts = { chat: 0, conversations: 0 };
  const offs = [
    useChat.subscribe(() => counts.chat++),
    useConversations.subscribe(() => counts.conversations++),
  ];
  return { counts, off: () => offs.forEach((off) => off()) };
}

let stop: (() => void) | null = null;

beforeEach(() => {
  resetStores();
  useAccounts.getState().setAll([account({ id: 'a1', state: 'online' })]);
  useConversations.getState().setAll([conversation(ALICE)]);
  // Alice's conversation is open, shown, scrolled to the bottom, with its first page in.
  useUi.getState().setVisible(true);
  useUi.getState().setOpenChat({ accountId: 'a1', peer: ALICE });
  useChat.getState().prepend(key, [message('m0', { timestamp: at(0) })], true);
});
afterEach(() => {
  stop?.();
  stop = null;
  setClient(null);
});

describe('event bridge batching (a catch-up page)', () => {
  it('applies a burst of messages as one update per store and one read mark, in order', () => {
    const client = new FakeClient();
    setClient(client);
    const frame = frames();
    stop = wireEvents(client, null, frame.schedule);
    const updates = countUpdates();

    for (let i = 1; i <= 250; i++) {
      const m = message(`m${i}`, { timestamp: at(i), body: `text ${i}` });
      client.emit('message.added', m);
      client.emit(
        'conversation.changed',
        conversation(ALICE, {
          lastMessage: { body: m.body, direction: 'in', timestamp: m.timestamp },
          unread: i,
        }),
      );
      client.emit('conversation.changed', conversation(BOB, { updatedAt: at(i) }));
    }
    // An update after its add, in the same frame: applied after it.
    client.emit('message.updated', message('m250', { timestamp: at(250), body: 'edited' }));
    // Nothing is applied before the frame.
    expect(useChat.getState().timelines[key]?.messages).toHaveLength(1);
    expect(updates.counts).toEqual({ chat: 0, conversations: 0 });

    frame.next();
    const shown = useChat.getState().timelines[key]!.messages;
    expect(shown.map((m) => m.id)).toEqual(Array.from({ length: 251 }, (_, i) => `m${i}`));
    expect(shown.at(-1)?.body).toBe('edited');
    const alice = useConversations.getState().byKey.get(key);
    expect(alice?.lastMessage?.body).toBe('text 250');
    // Seen as it arrived: read.
    expect(alice?.unread).toBe(0);
    expect(useConversations.getState().byKey.get(chatKey('a1', BOB))?.updatedAt).toBe(at(250));
    expect(updates.counts.chat).toBe(1);
    // The batch, then the optimistic read mark: at most two, not one per event.
    expect(updates.counts.conversations).toBeLessThanOrEqual(2);
    expect(client.calls.filter((c) => c.name === 'conversations.markRead')).toHaveLength(1);
    updates.off();
  });

  it('applies what is queued before any other event, so that event does not overtake it', () => {
    const client = new FakeClient();
    setClient(client);
    const frame = frames();
    stop = wireEvents(client, null, frame.schedule);

    client.emit('conversation.changed', conversation(BOB, { accountId: 'a1' }));
    // A catch-up's progress is no reason to apply the queue: its pages wait for the paced batch.
    client.emit('history.progress', { accountId: 'a1', fetched: 1, done: false });
    expect(useConversations.getState().byKey.has(chatKey('a1', BOB))).toBe(false);
    // Its end is: what it brought is applied by the time the end is told.
    client.emit('history.progress', { accountId: 'a1', fetched: 1, done: true });
    expect(useConversations.getState().byKey.has(chatKey('a1', BOB))).toBe(true);

    client.emit('conversation.changed', conversation('carol@example.org'));
    client.emit('account.removed', { id: 'a1' });
    frame.next();
    // Removed after its conversations arrived: none comes back.
    expect([...useConversations.getState().byKey.keys()]).toEqual([]);
  });

  it('stopping applies what is still queued', () => {
    const client = new FakeClient();
    setClient(client);
    const frame = frames();
    const off = wireEvents(client, null, frame.schedule);
    client.emit('message.added', message('m1', { timestamp: at(1) }));
    off();
    expect(useChat.getState().timelines[key]!.messages.map((m) => m.id)).toEqual(['m0', 'm1']);
    client.emit('message.added', message('m2', { timestamp: at(2) }));
    frame.next();
    expect(useChat.getState().timelines[key]!.messages).toHaveLength(2);
  });
});
