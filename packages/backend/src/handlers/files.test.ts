import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TransferRecord } from '@parley/store';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Accounts } from '../accounts.js';
import { HandlerError } from '../handler-types.js';
import type { RuntimeContext } from '../runtime/context.js';
import { fileHandlers } from './files.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function record(direction: TransferRecord['direction'], localPath: string): TransferRecord {
  return {
    id: direction,
    accountId: 'a1',
    peer: 'friend@x',
    direction,
    messageId: 'm1',
    name: 'file.txt',
    size: 1,
    mediaType: 'text/plain',
    sha256: null,
    url: null,
    bytes: 1,
    state: 'done',
    error: null,
    localPath,
    createdAt: 0,
  };
}

describe('files.open', () => {
  it('opens a download we wrote, never an upload whose path came from the renderer', async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-open-'));
    const file = join(dir, 'file.txt');
    writeFileSync(file, 'x');
    const records = new Map([
      ['download', record('download', file)],
      ['upload', record('upload', file)],
    ]);
    const openFile = vi.fn(async (_path: string) => undefined);
    const ctx = {
      transfers: { get: (id: string) => records.get(id) ?? null },
      files: { openFile },
    } as unknown as RuntimeContext;
    const handlers = fileHandlers({} as Accounts, ctx);
    const open = handlers['files.open'] as (request: { id: string }) => Promise<unknown>;

    await expect(open({ id: 'upload' })).rejects.toThrow(HandlerError);
    await expect(open({ id: 'upload' })).rejects.toMatchObject({ code: 'conflict' });
    expect(openFile).not.toHaveBeenCalled();

    await expect(open({ id: 'download' })).resolves.toEqual({ ok: true });
    expect(openFile).toHaveBeenCalledWith(file);
  });
});
