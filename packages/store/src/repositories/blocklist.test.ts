import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../store.js';
import { newAccount, openTempStore, type TempStore } from '../test-support.js';

let t: TempStore | null = null;
afterEach(() => {
  t?.dispose();
  t = null;
});

function open(): TempStore {
  t = openTempStore();
  t.store.accounts.insert(newAccount('a1'));
  t.store.accounts.insert(newAccount('a2'));
  return t;
}

describe('the stored blocklist', () => {
  it('keeps blocks per account with their origin, across a reopen of the file', () => {
    const { store, path, key } = open();
    store.blocklist.add('a1', ['spam@x', 'evil.example'], 'server');
    store.blocklist.add('a1', ['pest@y'], 'local');
    store.blocklist.add('a2', ['other@z'], 'server');
    store.close();
    const again = openStore({ path, key });
    try {
      expect(again.blocklist.list('a1')).toEqual([
        { jid: 'evil.example', origin: 'server' },
        { jid: 'pest@y', origin: 'local' },
        { jid: 'spam@x', origin: 'server' },
      ]);
      expect(again.blocklist.list('a2')).toEqual([{ jid: 'other@z', origin: 'server' }]);
    } finally {
      again.close();
    }
  });

  it('replaces only the server part at login; local blocks stay', () => {
    const { store } = open();
    store.blocklist.add('a1', ['old@x', 'both@x'], 'server');
    store.blocklist.add('a1', ['pest@y'], 'local');
    store.blocklist.replaceServer('a1', ['new@x', 'pest@y']);
    // pest@y is now on the server too: a server entry (the server enforces it).
    expect(store.blocklist.list('a1')).toEqual([
      { jid: 'new@x', origin: 'server' },
      { jid: 'pest@y', origin: 'server' },
    ]);
    store.blocklist.add('a1', ['lone@y'], 'local');
    store.blocklist.replaceServer('a1', []);
    expect(store.blocklist.list('a1')).toEqual([{ jid: 'lone@y', origin: 'local' }]);
  });

  it('a local block never demotes a server entry; removal and clearing are per account', () => {
    const { store } = open();
    store.blocklist.add('a1', ['s@x'], 'server');
    store.blocklist.add('a1', ['s@x', 'l@x'], 'local');
    store.blocklist.add('a2', ['s@x'], 'local');
    expect(store.blocklist.list('a1')).toEqual([
      { jid: 'l@x', origin: 'local' },
      { jid: 's@x', origin: 'server' },
    ]);
    store.blocklist.remove('a1', ['s@x']);
    expect(store.blocklist.list('a1')).toEqual([{ jid: 'l@x', origin: 'local' }]);
    store.blocklist.add('a1', ['s2@x'], 'server');
    store.blocklist.clear('a1');
    expect(store.blocklist.list('a1')).toEqual([{ jid: 'l@x', origin: 'local' }]);
    store.blocklist.clear('a1', true);
    expect(store.blocklist.list('a1')).toEqual([]);
    expect(store.blocklist.list('a2')).toEqual([{ jid: 's@x', origin: 'local' }]);
  });

  it('goes with its account', () => {
    const { store } = open();
    store.blocklist.add('a1', ['s@x'], 'local');
    store.accounts.remove('a1');
    expect(store.blocklist.list('a1')).toEqual([]);
  });
});
