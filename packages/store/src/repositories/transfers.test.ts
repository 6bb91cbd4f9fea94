import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newAccount, openTempStore, type TempStore } from '../test-support.js';
import type { TransferRecord } from './transfers.js';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
  t.store.accounts.insert(newAccount('a1'));
  t.store.accounts.insert(newAccount('a2'));
});
afterEach(() => t.dispose());

const transfer = (extra: Partial<TransferRecord> = {}): TransferRecord => ({
  id: 't1',
  accountId: 'a1',
  peer: 'bob@x',
  direction: 'download',
  messageId: 'm1',
  name: 'photo.png',
  size: 1234,
  mediaType: 'image/png',
  sha256: 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=',
  url: 'https://upload.x/abc/photo.png',
  bytes: 0,
  state: 'queued',
  error: null,
  localPath: null,
  createdAt: 1000,
  ...extra,
});

describe('transfers', () => {
  it('reads back what was inserted, nulls included', () => {
    const record = transfer();
    t.store.transfers.insert(record);
    expect(t.store.transfers.get('t1')).toEqual(record);
    const bare = transfer({
      id: 't2',
      messageId: null,
      size: null,
      mediaType: null,
      sha256: null,
      url: null,
      direction: 'upload',
    });
    t.store.transfers.insert(bare);
    expect(t.store.transfers.get('t2')).toEqual(bare);
    expect(t.store.transfers.get('nope')).toBeNull();
  });

  it('refuses a second transfer with the same id', () => {
    t.store.transfers.insert(transfer());
    expect(() => t.store.transfers.insert(transfer({ name: 'other' }))).toThrow();
    expect(t.store.transfers.get('t1')?.name).toBe('photo.png');
  });

  it('patches state, bytes, error and path; the error round-trips and clears', () => {
    t.store.transfers.insert(transfer());
    const failed = t.store.transfers.update('t1', {
      state: 'failed',
      bytes: 99,
      error: { code: 'hash-mismatch', message: 'The file is not what was announced' },
    });
    expect(failed).toMatchObject({ state: 'failed', bytes: 99, name: 'photo.png' });
    expect(t.store.transfers.get('t1')?.error).toEqual({
      code: 'hash-mismatch',
      message: 'The file is not what was announced',
    });
    t.store.transfers.update('t1', { state: 'done', error: null, localPath: '/d/photo.png' });
    expect(t.store.transfers.get('t1')).toMatchObject({
      state: 'done',
      error: null,
      localPath: '/d/photo.png',
      bytes: 99,
      createdAt: 1000,
    });
    expect(t.store.transfers.update('nope', { state: 'done' })).toBeNull();
  });

  it('finds the newest transfer of a message, per account', () => {
    t.store.transfers.insert(transfer({ id: 'old', createdAt: 1000 }));
    t.store.transfers.insert(transfer({ id: 'new', createdAt: 2000 }));
    t.store.transfers.insert(transfer({ id: 'other', accountId: 'a2', createdAt: 3000 }));
    expect(t.store.transfers.forMessage('a1', 'm1')?.id).toBe('new');
    expect(t.store.transfers.forMessage('a2', 'm1')?.id).toBe('other');
    expect(t.store.transfers.forMessage('a1', 'm2')).toBeNull();
  });

  it('lists newest first, bounded, and goes with its account', () => {
    t.store.transfers.insert(transfer({ id: 'x', createdAt: 1000 }));
    t.store.transfers.insert(transfer({ id: 'y', createdAt: 3000, accountId: 'a2' }));
    t.store.transfers.insert(transfer({ id: 'z', createdAt: 2000 }));
    expect(t.store.transfers.recent().map((r) => r.id)).toEqual(['y', 'z', 'x']);
    expect(t.store.transfers.recent(2).map((r) => r.id)).toEqual(['y', 'z']);
    t.store.accounts.remove('a2');
    expect(t.store.transfers.recent().map((r) => r.id)).toEqual(['z', 'x']);
  });

  it('keeps unknown states out (the schema checks them)', () => {
    expect(() => t.store.transfers.insert(transfer({ state: 'bogus' as never }))).toThrow();
  });
});
