import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { transfer } from '../../test/fixtures';
import {
  activeCount,
  MAX_THUMBNAILS,
  pendingUploads,
  sortedTransfers,
  transferForMessage,
  useFiles,
} from './store';

const revoked: string[] = [];

beforeEach(() => {
  useFiles.getState().setAll([]);
  revoked.length = 0;
  vi.stubGlobal('URL', Object.assign(URL, { revokeObjectURL: (u: string) => revoked.push(u) }));
});
afterEach(() => vi.unstubAllGlobals());

describe('the files slice', () => {
  it('keeps the latest progress of each transfer', () => {
    const files = useFiles.getState();
    files.upsert(transfer('t1', { state: 'active', bytes: 100, size: 1000 }));
    files.upsert(transfer('t1', { state: 'active', bytes: 600, size: 1000, rate: 50 }));
    const t = useFiles.getState().transfers.t1;
    expect(t?.bytes).toBe(600);
    expect(t?.rate).toBe(50);
    expect(activeCount(useFiles.getState().transfers)).toBe(1);
    files.upsert(transfer('t1', { state: 'done', bytes: 1000, size: 1000 }));
    expect(activeCount(useFiles.getState().transfers)).toBe(0);
  });

  it('finds the newest transfer of a message, per account', () => {
    const files = useFiles.getState();
    files.upsert(transfer('old', { messageId: 'm1', state: 'failed', createdAt: 1 }));
    files.upsert(transfer('new', { messageId: 'm1', state: 'active', createdAt: 2 }));
    files.upsert(transfer('other', { accountId: 'a2', messageId: 'm1', createdAt: 3 }));
    // A late event of the older one does not take the message back.
    files.upsert(transfer('old', { messageId: 'm1', state: 'failed', createdAt: 1, bytes: 9 }));
    const s = useFiles.getState();
    expect(transferForMessage(s, 'a1', 'm1')?.id).toBe('new');
    expect(transferForMessage(s, 'a2', 'm1')?.id).toBe('other');
    expect(transferForMessage(s, 'a1', 'm2')).toBeUndefined();
  });

  it('links an upload to its message once the backend says which', () => {
    const files = useFiles.getState();
    files.upsert(transfer('u1', { direction: 'upload', state: 'active', messageId: null }));
    expect(pendingUploads(useFiles.getState().transfers, 'a1', 'alice@example.org')).toHaveLength(
      1,
    );
    files.upsert(transfer('u1', { direction: 'upload', state: 'done', messageId: 'm7' }));
    expect(transferForMessage(useFiles.getState(), 'a1', 'm7')?.id).toBe('u1');
    expect(pendingUploads(useFiles.getState().transfers, 'a1', 'alice@example.org')).toEqual([]);
  });

  it('moves the thumbnail to a retry with a new id, and revokes it when cancelled', () => {
    const files = useFiles.getState();
    files.upsert(transfer('u1', { direction: 'upload', state: 'failed' }));
    files.setThumbnail('u1', 'blob:one');
    files.replace('u1', transfer('u2', { direction: 'upload', state: 'queued' }));
    expect(useFiles.getState().transfers.u1).toBeUndefined();
    expect(useFiles.getState().thumbnails).toEqual({ u2: 'blob:one' });
    files.upsert(transfer('u2', { direction: 'upload', state: 'cancelled' }));
    expect(useFiles.getState().thumbnails).toEqual({});
    expect(revoked).toEqual(['blob:one']);
  });

  it('drops the preview of a file retracted after it was downloaded', () => {
    const files = useFiles.getState();
    files.upsert(transfer('d1', { state: 'done', name: 'plan.png', localPath: '/d/plan.png' }));
    files.setPreview('d1', { status: 'ready', mediaType: 'image/png', dataUrl: 'data:image/png,' });
    files.upsert(transfer('d1', { state: 'cancelled', name: '', localPath: null }));
    expect(useFiles.getState().previews.d1).toBeUndefined();
    expect(useFiles.getState().transfers.d1).toMatchObject({ name: '', localPath: null });
  });

  it('bounds the thumbnails it holds, revoking the oldest', () => {
    const files = useFiles.getState();
    for (let i = 0; i <= MAX_THUMBNAILS; i++) files.setThumbnail(`t${i}`, `blob:${i}`);
    expect(Object.keys(useFiles.getState().thumbnails)).toHaveLength(MAX_THUMBNAILS);
    expect(revoked).toEqual(['blob:0']);
  });

  it('replaces the list on sync and forgets a removed account', () => {
    const files = useFiles.getState();
    files.upsert(transfer('gone'));
    files.setThumbnail('gone', 'blob:gone');
    files.setAll([
      transfer('a', { createdAt: 1 }),
      transfer('b', { accountId: 'a2', createdAt: 3 }),
      transfer('c', { createdAt: 2 }),
    ]);
    expect(revoked).toEqual(['blob:gone']);
    expect(sortedTransfers(useFiles.getState().transfers).map((t) => t.id)).toEqual([
      'b',
      'c',
      'a',
    ]);
    files.refuse('a2\u0000bob@example.org', [{ name: 'x', reason: 'no' }]);
    files.removeAccount('a2');
    expect(Object.keys(useFiles.getState().transfers).sort()).toEqual(['a', 'c']);
    expect(useFiles.getState().refusals).toEqual({});
  });
});
