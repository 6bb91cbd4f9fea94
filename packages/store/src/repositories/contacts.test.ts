import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newAccount, openTempStore, type TempStore } from '../test-support.js';
import type { ContactInput } from './contacts.js';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
  t.store.accounts.insert(newAccount('a1'));
  t.store.accounts.insert(newAccount('a2'));
});
afterEach(() => t.dispose());

const item = (jid: string, extra: Partial<ContactInput> = {}): ContactInput => ({
  jid,
  name: '',
  groups: [],
  subscription: 'none',
  askSubscribe: false,
  ...extra,
});

describe('contacts', () => {
  it('upsert inserts, then replaces', () => {
    const c = t.store.contacts.upsert(
      'a1',
      item('b@x', { name: 'Bea', groups: ['Work', 'Ünïcode'], subscription: 'to' }),
    );
    expect(c).toEqual({
      accountId: 'a1',
      jid: 'b@x',
      name: 'Bea',
      groups: ['Work', 'Ünïcode'],
      subscription: 'to',
      askSubscribe: false,
    });
    expect(t.store.contacts.get('a1', 'b@x')).toEqual(c);
    t.store.contacts.upsert(
      'a1',
      item('b@x', { name: 'B', subscription: 'both', askSubscribe: true }),
    );
    expect(t.store.contacts.get('a1', 'b@x')).toMatchObject({
      name: 'B',
      groups: [],
      subscription: 'both',
      askSubscribe: true,
    });
    expect(t.store.contacts.get('a2', 'b@x')).toBeNull();
  });

  it('list is per account, by JID; remove deletes one', () => {
    t.store.contacts.upsert('a1', item('z@x'));
    t.store.contacts.upsert('a1', item('a@x'));
    t.store.contacts.upsert('a2', item('m@x'));
    expect(t.store.contacts.list('a1').map((c) => c.jid)).toEqual(['a@x', 'z@x']);
    expect(t.store.contacts.remove('a1', 'z@x')).toBe(true);
    expect(t.store.contacts.remove('a1', 'z@x')).toBe(false);
    expect(t.store.contacts.list('a1').map((c) => c.jid)).toEqual(['a@x']);
    expect(t.store.contacts.list('a2')).toHaveLength(1);
  });

  it('replaceAll swaps the roster and its version together', () => {
    t.store.contacts.upsert('a1', item('old@x'));
    t.store.contacts.upsert('a2', item('keep@x'));
    t.store.contacts.replaceAll('a1', [item('n1@x'), item('n2@x', { groups: ['g'] })], 'v2');
    expect(t.store.contacts.list('a1').map((c) => c.jid)).toEqual(['n1@x', 'n2@x']);
    expect(t.store.accounts.get('a1')?.rosterVersion).toBe('v2');
    expect(t.store.contacts.list('a2').map((c) => c.jid)).toEqual(['keep@x']);
  });

  it('replaceAll is all or nothing', () => {
    t.store.contacts.replaceAll('a1', [item('old@x')], 'v1');
    const bad = { ...item('n2@x'), subscription: 'bogus' } as unknown as ContactInput;
    expect(() => t.store.contacts.replaceAll('a1', [item('n1@x'), bad], 'v2')).toThrow(/CHECK/);
    expect(t.store.contacts.list('a1').map((c) => c.jid)).toEqual(['old@x']);
    expect(t.store.accounts.get('a1')?.rosterVersion).toBe('v1');
  });

  it('lists 5,000 contacts with their groups', () => {
    const items = Array.from({ length: 5000 }, (_, i) =>
      item(`contact${String(i).padStart(4, '0')}@example.org`, {
        name: `Contact ${i}`,
        groups: ['Friends', `G${i % 20}`],
      }),
    );
    t.store.contacts.replaceAll('a1', items, 'v');
    t.store.contacts.list('a1'); // warm the page cache
    const listed = t.store.contacts.list('a1');
    expect(listed).toHaveLength(5000);
    expect(listed[4999]?.groups).toEqual(['Friends', 'G19']);
  });
});

describe('pendingSubscriptions', () => {
  it('add, list oldest first across accounts, remove', () => {
    t.store.pendingSubscriptions.add('a1', 'x@x', 'Xena');
    t.store.pendingSubscriptions.add('a2', 'y@x', null);
    // A repeated request keeps its place and a name it already had.
    t.store.pendingSubscriptions.add('a1', 'x@x', null);
    expect(t.store.pendingSubscriptions.list()).toEqual([
      { accountId: 'a1', jid: 'x@x', name: 'Xena' },
      { accountId: 'a2', jid: 'y@x', name: null },
    ]);
    expect(t.store.pendingSubscriptions.remove('a1', 'x@x')).toBe(true);
    expect(t.store.pendingSubscriptions.remove('a1', 'x@x')).toBe(false);
    expect(t.store.pendingSubscriptions.list()).toEqual([
      { accountId: 'a2', jid: 'y@x', name: null },
    ]);
  });

  it('takes no new request past the bound, but still updates a pending one', () => {
    const pending = t.store.pendingSubscriptions;
    expect(pending.add('a1', 'x0@x', null, 3)).toBe('added');
    expect(pending.add('a1', 'x1@x', null, 3)).toBe('added');
    expect(pending.add('a1', 'x2@x', null, 3)).toBe('added');
    expect(pending.add('a1', 'x3@x', null, 3)).toBe('full');
    expect(pending.add('a1', 'x0@x', 'Xena', 3)).toBe('updated');
    expect(pending.add('a1', 'x0@x', 'Xena', 3)).toBe('unchanged');
    // The bound is per account.
    expect(pending.add('a2', 'x3@x', null, 3)).toBe('added');
    expect(pending.count('a1')).toBe(3);
  });
});
