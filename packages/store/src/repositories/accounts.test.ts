import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreConflictError } from '../errors.js';
import { newAccount, openTempStore, type TempStore } from '../test-support.js';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
});
afterEach(() => t.dispose());

describe('accounts', () => {
  it('insert fills the store-maintained fields and reads back equal', () => {
    const rec = t.store.accounts.insert(
      newAccount('a1', { host: '127.0.0.1', port: 5222, tlsMode: 'starttls', createdAt: 1000 }),
    );
    expect(rec).toMatchObject({ rosterVersion: null, mamLastStanzaId: null, createdAt: 1000 });
    expect(t.store.accounts.get('a1')).toEqual(rec);
    expect(t.store.accounts.get('nope')).toBeNull();
  });

  it('lists in the order they were added', () => {
    t.store.accounts.insert(newAccount('b', { createdAt: 2 }));
    t.store.accounts.insert(newAccount('a', { createdAt: 1 }));
    expect(t.store.accounts.list().map((a) => a.id)).toEqual(['b', 'a']);
  });

  it('a taken id is a StoreConflictError', () => {
    t.store.accounts.insert(newAccount('a1'));
    expect(() => t.store.accounts.insert(newAccount('a1'))).toThrow(StoreConflictError);
  });

  it('update applies only the given fields and keeps id and createdAt', () => {
    const rec = t.store.accounts.insert(newAccount('a1', { createdAt: 5, host: 'h' }));
    const updated = t.store.accounts.update('a1', {
      password: 'new',
      enabled: false,
      host: undefined,
      pinnedCertPem: '-----BEGIN CERTIFICATE-----',
      ownPresence: { show: 'dnd', status: 'busy' },
      // Not patchable; a caller spreading a wider object must not change them.
      ...({ id: 'other', createdAt: 9 } as object),
    });
    expect(updated).toEqual({
      ...rec,
      password: 'new',
      enabled: false,
      pinnedCertPem: '-----BEGIN CERTIFICATE-----',
      ownPresence: { show: 'dnd', status: 'busy' },
    });
    expect(t.store.accounts.get('a1')).toEqual(updated);
    expect(t.store.accounts.update('missing', { password: 'x' })).toBeNull();
  });

  it('null clears a nullable field', () => {
    t.store.accounts.insert(newAccount('a1', { host: 'h', port: 1 }));
    expect(t.store.accounts.update('a1', { host: null, port: null })).toMatchObject({
      host: null,
      port: null,
    });
  });

  it('keeps the roster version and the archive cursor', () => {
    t.store.accounts.insert(newAccount('a1'));
    expect(t.store.accounts.setRosterVersion('a1', 'ver7')).toBe(true);
    expect(t.store.accounts.setMamCursor('a1', 'stanza-99')).toBe(true);
    expect(t.store.accounts.get('a1')).toMatchObject({
      rosterVersion: 'ver7',
      mamLastStanzaId: 'stanza-99',
    });
    expect(t.store.accounts.setMamCursor('missing', 'x')).toBe(false);
  });

  it('remove cascades to everything of that account and nothing else', () => {
    const s = t.store;
    for (const id of ['a1', 'a2']) {
      s.accounts.insert(newAccount(id));
      s.contacts.upsert(id, {
        jid: 'c@x',
        name: 'C',
        groups: ['g'],
        subscription: 'both',
        askSubscribe: false,
      });
      s.pendingSubscriptions.add(id, 'req@x', null);
      const { message } = s.messages.insert({
        accountId: id,
        peer: 'c@x',
        direction: 'in',
        body: 'hi',
        timestamp: 1,
        status: 'received',
      });
      s.conversations.recordMessage(message, { countUnread: true });
    }
    expect(s.accounts.remove('a1')).toBe(true);
    expect(s.accounts.remove('a1')).toBe(false);
    expect(s.accounts.get('a1')).toBeNull();
    expect(s.contacts.list('a1')).toEqual([]);
    expect(s.messages.count('a1', 'c@x')).toBe(0);
    expect(s.conversations.get('a1', 'c@x')).toBeNull();
    expect(s.pendingSubscriptions.list().map((r) => r.accountId)).toEqual(['a2']);
    expect(s.contacts.list('a2')).toHaveLength(1);
    expect(s.messages.count('a2', 'c@x')).toBe(1);
    expect(s.conversations.list().map((c) => c.accountId)).toEqual(['a2']);
  });

  it('rows of an unknown account are refused (foreign keys are on)', () => {
    expect(() =>
      t.store.contacts.upsert('ghost', {
        jid: 'c@x',
        name: '',
        groups: [],
        subscription: 'none',
        askSubscribe: false,
      }),
    ).toThrow(/FOREIGN KEY/);
  });
});

describe('account options (order, colour, priority, status history, proxy)', () => {
  it('puts new accounts last and lists in the order the user chose', () => {
    const s = t.store.accounts;
    s.insert(newAccount('a', { createdAt: 1 }));
    s.insert(newAccount('b', { createdAt: 2 }));
    s.insert(newAccount('c', { createdAt: 3 }));
    expect(s.list().map((a) => [a.id, a.position])).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ]);
    s.reorder(['c', 'a', 'b']);
    expect(s.list().map((a) => a.id)).toEqual(['c', 'a', 'b']);
    s.insert(newAccount('d', { createdAt: 0 }));
    expect(s.list().map((a) => a.id)).toEqual(['c', 'a', 'b', 'd']);
  });

  it('refuses an order that misses, repeats or invents an account, and changes nothing', () => {
    const s = t.store.accounts;
    s.insert(newAccount('a'));
    s.insert(newAccount('b'));
    expect(() => s.reorder(['a'])).toThrow(StoreConflictError);
    expect(() => s.reorder(['a', 'a'])).toThrow(StoreConflictError);
    expect(() => s.reorder(['a', 'x'])).toThrow(StoreConflictError);
    expect(() => s.reorder(['b', 'a', 'x'])).toThrow(StoreConflictError);
    expect(s.list().map((a) => a.id)).toEqual(['a', 'b']);
  });

  it('keeps colour and priority, and the database refuses a priority outside a signed byte', () => {
    const s = t.store.accounts;
    s.insert(newAccount('a'));
    expect(s.get('a')).toMatchObject({ color: null, priority: 0 });
    expect(s.update('a', { color: 'teal', priority: -5 })).toMatchObject({
      color: 'teal',
      priority: -5,
    });
    expect(s.get('a')).toMatchObject({ color: 'teal', priority: -5 });
    expect(() => s.update('a', { priority: 128 })).toThrow(/CHECK/);
    expect(() => s.update('a', { priority: -129 })).toThrow(/CHECK/);
    expect(s.update('a', { color: null })?.color).toBeNull();
  });

  it('remembers the last 10 distinct status texts, newest first, and clears them', () => {
    const s = t.store.accounts;
    s.insert(newAccount('a'));
    for (let i = 0; i < 12; i++) s.rememberStatus('a', `status ${i}`);
    s.rememberStatus('a', '  status 5 ');
    s.rememberStatus('a', '   ');
    const history = s.get('a')!.statusHistory;
    expect(history).toHaveLength(10);
    expect(history.slice(0, 3)).toEqual(['status 5', 'status 11', 'status 10']);
    expect(history.filter((h) => h === 'status 5')).toHaveLength(1);
    expect(history).not.toContain('status 0');
    expect(s.rememberStatus('missing', 'x')).toBeNull();
    expect(s.update('a', { statusHistory: [] })?.statusHistory).toEqual([]);
    expect(s.get('a')!.statusHistory).toEqual([]);
  });

  it('keeps a proxy with its secret and removes it with null', () => {
    const s = t.store.accounts;
    s.insert(newAccount('a'));
    expect(s.get('a')!.proxy).toBeNull();
    const proxy = {
      type: 'socks5' as const,
      host: '127.0.0.1',
      port: 9050,
      username: 'tor',
      password: 'pw',
    };
    expect(s.update('a', { proxy })?.proxy).toEqual(proxy);
    expect(s.get('a')!.proxy).toEqual(proxy);
    expect(() => s.update('a', { proxy: { ...proxy, type: 'ftp' as unknown as 'http' } })).toThrow(
      /CHECK/,
    );
    expect(s.update('a', { proxy: null })?.proxy).toBeNull();
    expect(s.get('a')!.proxy).toBeNull();
  });
});
