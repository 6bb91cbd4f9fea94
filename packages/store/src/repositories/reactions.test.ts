import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newAccount, openTempStore, type TempStore } from '../test-support.js';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
  t.store.accounts.insert(newAccount('a1'));
});
afterEach(() => t.dispose());

const set = (reactor: string, emojis: string[], at: number, mine = false) => ({
  reactor,
  display: reactor,
  emojis,
  mine,
  at,
});

describe('reactions store', () => {
  it('replaces one reactor set as a whole, and an empty set removes it', () => {
    const r = t.store.reactions;
    expect(r.set('a1', 'm1', set('bob@x', ['👍', '🎉'], 10), 10)).toBe('applied');
    expect(r.set('a1', 'm1', set('carol@x', ['👍'], 11), 10)).toBe('applied');
    expect(r.set('a1', 'm1', set('bob@x', ['❤️'], 12), 10)).toBe('applied');
    const sets = r.forMessages('a1', ['m1', 'm2']);
    expect(sets.get('m2')).toBeUndefined();
    expect(Object.fromEntries(sets.get('m1')!.map((s) => [s.reactor, s.emojis]))).toEqual({
      'bob@x': ['❤️'],
      'carol@x': ['👍'],
    });
    expect(r.set('a1', 'm1', set('bob@x', [], 13), 10)).toBe('applied');
    expect(
      r
        .forMessages('a1', ['m1'])
        .get('m1')!
        .map((s) => s.reactor),
    ).toEqual(['carol@x']);
  });

  it('never lets an older set (met later, e.g. archive scroll-back) replace a newer one', () => {
    const r = t.store.reactions;
    r.set('a1', 'm1', set('bob@x', ['🎉'], 20), 10);
    expect(r.set('a1', 'm1', set('bob@x', ['👎'], 5), 10)).toBe('stale');
    expect(r.forMessages('a1', ['m1']).get('m1')![0]!.emojis).toEqual(['🎉']);
  });

  it('bounds the reactors per message; those already there may still change theirs', () => {
    const r = t.store.reactions;
    for (let i = 0; i < 3; i++) r.set('a1', 'm1', set(`nick:${i}`, ['👍'], i), 3);
    expect(r.set('a1', 'm1', set('nick:new', ['👍'], 9), 3)).toBe('full');
    expect(r.set('a1', 'm1', set('nick:0', ['😂'], 9), 3)).toBe('applied');
    expect(r.forMessages('a1', ['m1']).get('m1')).toHaveLength(3);
  });

  it('keeps sets for unknown messages aside, bounded per conversation, until adopted', () => {
    const r = t.store.reactions;
    for (let i = 0; i < 10; i++) r.keepPending('a1', 'bob@x', `t${i}`, set('bob@x', ['👍'], i), 4);
    expect(r.pendingCount('a1')).toBe(4);
    expect(r.takePending('a1', 'bob@x', 't0')).toEqual([]); // the oldest went first
    expect(r.takePending('a1', 'bob@x', 't9').map((s) => s.emojis)).toEqual([['👍']]);
    expect(r.takePending('a1', 'bob@x', 't9')).toEqual([]);
    // Another conversation's target of the same id is not this one's.
    r.keepPending('a1', 'eve@x', 't8', set('eve@x', ['💩'], 1), 4);
    expect(r.takePending('a1', 'bob@x', 't8').map((s) => s.reactor)).toEqual(['bob@x']);
  });
});

describe('message refs', () => {
  it('resolve a 1:1 wire id, an origin-id, or a room stanza-id, within one conversation only', () => {
    const { messages, messageRefs } = t.store;
    const base = { accountId: 'a1', direction: 'in', body: 'x', timestamp: 1 } as const;
    const bobs = messages.insert({
      ...base,
      peer: 'bob@x',
      status: 'received',
      senderId: 'wire-1',
    }).message;
    const ours = messages.insert({
      ...base,
      direction: 'out',
      peer: 'bob@x',
      status: 'acked',
      originId: 'o-1',
    }).message;
    const room = messages.insert({
      ...base,
      peer: 'r@c.x',
      status: 'received',
      stanzaId: 'sid-1',
    }).message;
    expect(messageRefs.resolve('a1', 'bob@x', 'wire-1', 'chat')).toBe(bobs.id);
    expect(messageRefs.resolve('a1', 'bob@x', 'o-1', 'chat')).toBe(ours.id);
    expect(messageRefs.resolve('a1', 'r@c.x', 'sid-1', 'room')).toBe(room.id);
    expect(messageRefs.resolve('a1', 'eve@x', 'wire-1', 'chat')).toBeNull();
    expect(messageRefs.resolve('a1', 'r@c.x', 'wire-1', 'room')).toBeNull();
    expect(messageRefs.refOf('a1', bobs.id)).toBe('wire-1');
    // Most clients send origin-id = id: not in the wire-id index, found through the origin-id.
    const same = messages.insert({
      ...base,
      peer: 'bob@x',
      status: 'received',
      senderId: 'same-1',
      originId: 'same-1',
    }).message;
    expect(messageRefs.resolve('a1', 'bob@x', 'same-1', 'chat')).toBe(same.id);
    expect(messageRefs.refOf('a1', ours.id)).toBeNull();
  });
});

describe('markers', () => {
  it('move forward only, and read-up-to lowers unread to the messages after it', () => {
    const { markers, messages, conversations } = t.store;
    for (let i = 1; i <= 5; i++) {
      const m = messages.insert({
        accountId: 'a1',
        peer: 'bob@x',
        direction: 'in',
        body: `m${i}`,
        timestamp: i * 100,
        status: 'received',
      }).message;
      conversations.recordMessage(m, { countUnread: true, kind: 'chat' });
    }
    expect(conversations.get('a1', 'bob@x')!.unread).toBe(5);
    expect(markers.setOwnDisplayed('a1', 'bob@x', 300)).toBe(true);
    expect(markers.setOwnDisplayed('a1', 'bob@x', 200)).toBe(false);
    expect(markers.readUpTo('a1', 'bob@x', 300)).toBe(true);
    expect(conversations.get('a1', 'bob@x')!.unread).toBe(2);
    markers.noteMarkable('a1', 'bob@x', 'late', 500);
    markers.noteMarkable('a1', 'bob@x', 'early', 100);
    expect(markers.setPeerDisplayed('a1', 'bob@x', 50)).toBe(true);
    expect(markers.get('a1', 'bob@x')).toEqual({
      markableRef: 'late',
      markableAt: 500,
      ownDisplayedAt: 300,
      peerDisplayedAt: 50,
    });
  });
});

describe('replies', () => {
  it('store what a reply answers', () => {
    const r = t.store.replies;
    r.set('a1', { messageId: 'm2', target: 'w1', author: 'bob@x', quote: 'hi' });
    expect(r.forMessages('a1', ['m1', 'm2'])).toEqual(
      new Map([['m2', { messageId: 'm2', target: 'w1', author: 'bob@x', quote: 'hi' }]]),
    );
  });
});
