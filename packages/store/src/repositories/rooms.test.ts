import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newAccount, openTempStore, type TempStore } from '../test-support.js';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
  t.store.accounts.insert(newAccount('a1'));
  t.store.accounts.insert(newAccount('a2'));
});
afterEach(() => t.dispose());

describe('rooms', () => {
  it('creates with defaults once, then only patches', () => {
    const r = t.store.rooms.upsert('a1', 'room@conf.x', { nick: 'alice', joined: true });
    expect(r).toEqual({
      accountId: 'a1',
      jid: 'room@conf.x',
      nick: 'alice',
      password: null,
      name: '',
      subject: '',
      joined: true,
      bookmarked: false,
      autojoin: false,
      mamLastStanzaId: null,
      bookmarkExtensions: null,
    });
    // Defaults of a second upsert do not overwrite; the patch does.
    const again = t.store.rooms.upsert(
      'a1',
      'room@conf.x',
      { nick: 'other', name: 'ignored' },
      { bookmarked: true, autojoin: true, name: 'Lounge' },
    );
    expect(again).toMatchObject({ nick: 'alice', name: 'Lounge', bookmarked: true, joined: true });
  });

  it('updates fields including booleans and nulls, and ignores unknown keys', () => {
    t.store.rooms.upsert('a1', 'room@conf.x', { nick: 'alice', password: 'pw' });
    const patch = {
      password: null,
      joined: true,
      mamLastStanzaId: 's1',
      bookmarkExtensions: '<extensions xmlns="urn:xmpp:bookmarks:1"/>',
      bogus: 'x',
    } as never;
    expect(t.store.rooms.update('a1', 'room@conf.x', patch)).toMatchObject({
      password: null,
      joined: true,
      mamLastStanzaId: 's1',
      bookmarkExtensions: '<extensions xmlns="urn:xmpp:bookmarks:1"/>',
    });
    expect(t.store.rooms.update('a1', 'nope@conf.x', { joined: true })).toBeNull();
  });

  it('lists per account or all, removes, and goes with its account', () => {
    t.store.rooms.upsert('a1', 'b@conf.x', { nick: 'n' });
    t.store.rooms.upsert('a1', 'a@conf.x', { nick: 'n' });
    t.store.rooms.upsert('a2', 'a@conf.x', { nick: 'm' });
    expect(t.store.rooms.list('a1').map((r) => r.jid)).toEqual(['a@conf.x', 'b@conf.x']);
    expect(t.store.rooms.list()).toHaveLength(3);
    expect(t.store.rooms.remove('a1', 'b@conf.x')).toBe(true);
    expect(t.store.rooms.remove('a1', 'b@conf.x')).toBe(false);
    t.store.accounts.remove('a2');
    expect(t.store.rooms.list().map((r) => `${r.accountId}/${r.jid}`)).toEqual(['a1/a@conf.x']);
  });

  it('exists follows inserts, removals, rolled-back inserts and stores reopened', () => {
    const { rooms } = t.store;
    rooms.upsert('a1', 'old@conf.x', { nick: 'n' });
    expect(rooms.exists('a1', 'old@conf.x')).toBe(true); // loaded from the store
    expect(rooms.exists('a1', 'bob@x')).toBe(false);
    expect(rooms.exists('a2', 'old@conf.x')).toBe(false);
    rooms.upsert('a1', 'new@conf.x', { nick: 'n' }); // after the first load
    expect(rooms.exists('a1', 'new@conf.x')).toBe(true);
    rooms.remove('a1', 'new@conf.x');
    expect(rooms.exists('a1', 'new@conf.x')).toBe(false);
    expect(() =>
      t.store.transaction(() => {
        rooms.upsert('a1', 'undone@conf.x', { nick: 'n' });
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(rooms.exists('a1', 'undone@conf.x')).toBe(false);
    t.store.accounts.remove('a1');
    expect(rooms.exists('a1', 'old@conf.x')).toBe(false);
  });
});
