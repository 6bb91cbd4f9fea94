import { existsSync, lstatSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Message, Transfer } from '@parley/contract';
import type { TransferPatch, TransferRecord } from '@parley/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  newAccount,
  openTempStore,
  tempDir,
  type TempStore,
} from '../../../../store/src/test-support.js';
import { EventBus } from '../../event-bus.js';
import { RetractedFiles } from './retracted-files.js';
import { Transfers, type JobContext } from './transfers.js';

let temp: TempStore;
let disk: { dir: string; dispose(): void };
let bus: EventBus;
let transfers: Transfers;
let retracted: RetractedFiles;
let downloadDir: string;
let uploadDir: string;
let userDir: string;
let events: Transfer[];

beforeEach(() => {
  temp = openTempStore();
  temp.store.accounts.insert(newAccount('a1'));
  disk = tempDir();
  downloadDir = join(disk.dir, 'Downloads');
  uploadDir = join(disk.dir, 'profile', 'uploads');
  userDir = join(disk.dir, 'Documents');
  for (const dir of [downloadDir, uploadDir, userDir]) mkdirSync(dir, { recursive: true });
  bus = new EventBus(true);
  events = [];
  bus.subscribe((name, payload) => {
    if (name === 'transfer.changed') events.push(payload as Transfer);
  });
  transfers = new Transfers(temp.store, bus);
  retracted = new RetractedFiles(temp.store, bus, transfers, { downloadDir, uploadDir });
});
afterEach(() => {
  temp.dispose();
  disk.dispose();
});

function file(path: string, text = 'secret bytes'): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** A received file message with a transfer record, as the pipeline and a download leave them. */
function fileMessage(id: string, record: Partial<TransferRecord> = {}): Message {
  const attachment = {
    url: `https://up.x/${id}/plan.pdf`,
    name: 'plan.pdf',
    size: 12,
    mediaType: 'application/pdf',
    sha256: null,
  };
  const { message } = temp.store.messages.insert({
    accountId: 'a1',
    peer: 'bob@x',
    direction: 'in',
    body: attachment.url,
    timestamp: 1000,
    status: 'received',
    senderId: id,
    attachment,
  });
  temp.store.transfers.insert({
    id: `t-${id}`,
    accountId: 'a1',
    peer: 'bob@x',
    direction: 'download',
    messageId: message.id,
    name: attachment.name,
    size: 12,
    mediaType: attachment.mediaType,
    sha256: null,
    url: attachment.url,
    bytes: 12,
    state: 'done',
    error: null,
    localPath: null,
    createdAt: 1,
    ...record,
  });
  return message;
}

/** What MessageEdits does: retract in a write, then say so after the commit. */
async function retract(message: Message): Promise<void> {
  temp.store.transaction(() =>
    temp.store.messageEdits.retract('a1', message.id, {
      by: 'bob@x',
      at: 2000,
      moderated: false,
      reason: null,
    }),
  );
  bus.emit('message.updated', temp.store.messages.get('a1', message.id)!);
  await retracted.sweep();
}

describe('a retracted file leaves the disk', () => {
  it('deletes the downloaded copy and tells the renderer its record forgot the file', async () => {
    const path = file(join(downloadDir, 'plan.pdf'));
    const message = fileMessage('m1', { localPath: path });
    await retract(message);
    expect(existsSync(path)).toBe(false);
    expect(events.at(-1)).toMatchObject({
      id: 't-m1',
      messageId: message.id,
      name: '',
      localPath: null,
      state: 'cancelled',
    });
    expect(temp.store.transfers.filesToRemove()).toEqual([]);
  });

  it('deletes a copy downloaded into the downloads folder the user chose', async () => {
    const chosen = join(disk.dir, 'Incoming');
    mkdirSync(chosen);
    temp.store.settings.set('downloadsFolder', null, chosen);
    const path = file(join(chosen, 'plan.pdf'));
    await retract(fileMessage('m9', { localPath: path }));
    expect(existsSync(path)).toBe(false);
    // Another folder of the user's is still not ours.
    const own = file(join(userDir, 'notes.pdf'));
    await retract(fileMessage('m10', { direction: 'upload', localPath: own }));
    expect(existsSync(own)).toBe(true);
  });

  it('never deletes a file outside its own folders: the user’s own sent file stays', async () => {
    const own = file(join(userDir, 'plan.pdf'));
    const message = fileMessage('m2', { direction: 'upload', localPath: own });
    await retract(message);
    expect(existsSync(own)).toBe(true);
    expect(temp.store.transfers.get('t-m2')?.localPath).toBeNull();
    expect(temp.store.transfers.filesToRemove()).toEqual([]);
  });

  it('removes a link in the download folder as a link, never what it points to', async () => {
    const target = file(join(userDir, 'precious.txt'));
    const link = join(downloadDir, 'plan.pdf');
    symlinkSync(target, link);
    await retract(fileMessage('m3', { localPath: link }));
    expect(existsSync(target)).toBe(true);
    expect(() => lstatSync(link)).toThrow();
  });

  it('is not fooled by a path that climbs out of the download folder', async () => {
    const target = file(join(userDir, 'notes.txt'));
    const sneaky = join(downloadDir, '..', 'Documents', 'notes.txt');
    await retract(fileMessage('m4', { localPath: sneaky }));
    expect(existsSync(target)).toBe(true);
  });

  it('removes a cached upload copy with its folder', async () => {
    const copy = file(join(uploadDir, 'c0ffee', 'plan.pdf'));
    await retract(fileMessage('m5', { direction: 'upload', localPath: copy }));
    expect(existsSync(copy)).toBe(false);
    expect(existsSync(join(uploadDir, 'c0ffee'))).toBe(false);
    expect(existsSync(uploadDir)).toBe(true);
  });

  it('removes what a crash left queued at the next sweep (start)', async () => {
    const path = file(join(downloadDir, 'left.pdf'));
    temp.store.transfers.queueFileRemoval('a1', path);
    await retracted.sweep();
    expect(existsSync(path)).toBe(false);
  });

  it('cancels a download still running; a file it finished meanwhile goes too', async () => {
    const message = fileMessage('m6', { state: 'queued', bytes: 0 });
    const path = file(join(downloadDir, 'plan.pdf'));
    let finish: (patch: TransferPatch) => void = () => {};
    let started: () => void = () => {};
    const running = new Promise<void>((r) => (started = r));
    transfers.run('t-m6', (_ctx: JobContext) => {
      started();
      // Finishes whatever the abort says: the race where the last byte wins.
      return new Promise<TransferPatch>((r) => (finish = r));
    });
    await running;
    await retract(message);
    finish({ localPath: path, bytes: 12 });
    await new Promise((r) => setTimeout(r, 20));
    await retracted.sweep();
    expect(existsSync(path)).toBe(false);
    expect(temp.store.transfers.get('t-m6')).toMatchObject({
      state: 'cancelled',
      localPath: null,
      name: '',
      url: null,
    });
    expect(events.at(-1)).toMatchObject({ id: 't-m6', state: 'cancelled', localPath: null });
  });
});
