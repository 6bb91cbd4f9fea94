import { lstat, readdir, realpath, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Message } from '@parley/contract';
import type { Store } from '@parley/store';
import type { EventBus } from '../../event-bus.js';
import type { Transfers } from './transfers.js';

/** Files removed per sweep; more wait for the next one (a retraction or the next start). */
const SWEEP_LIMIT = 1_000;
/** Messages whose files were already forgotten, so a later update of the tombstone is quiet. */
const MAX_REMEMBERED = 1_000;

/** Whether `path` lies strictly inside `folder`. */
function inside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

async function realOrNull(path: string): Promise<string | null> {
  try {
    return await realpath(path);
  } catch {
    return null;
  }
}

/**
 * A retracted or moderated file leaves the disk. The store forgets it in the retraction's own
 * write (the transfer records lose name, URL and path; the paths they named are queued in
 * files_to_remove); after the commit, `message.updated` says the message is a tombstone, and
 * this cancels any transfer of it still running, tells the renderer (`transfer.changed` of each
 * record, now nameless), and deletes the queued files. A crash before that leaves the queue,
 * which the next start sweeps.
 *
 * Only files inside Parley's own folders are deleted (the download folder, the profile's upload
 * copies): an upload's path outside them is the user's own file, never ours to delete, and is
 * only forgotten. A symbolic link is removed as a link, never followed; a folder is never removed
 * except an upload copy's own folder once empty.
 */
export class RetractedFiles {
  private sweeping: Promise<void> = Promise.resolve();
  private readonly handled = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly transfers: Transfers,
    private readonly folders: { downloadDir: string; uploadDir: string },
  ) {
    bus.subscribe((name, payload) => {
      if (name !== 'message.updated') return;
      const message = payload as Message;
      if (message.retracted) this.forget(message.accountId, message.id);
    });
    transfers.onForgottenEnd = () => void this.sweep();
  }

  /** After the commit of a retraction of message `messageId`. */
  private forget(accountId: string, messageId: string): void {
    const key = `${accountId}\u0000${messageId}`;
    if (this.handled.has(key)) return;
    if (this.handled.size >= MAX_REMEMBERED) this.handled.clear();
    this.handled.add(key);
    for (const record of this.store.transfers.allForMessage(accountId, messageId)) {
      if (this.transfers.isRunning(record.id)) this.transfers.forget(record.id);
      const now = this.transfers.get(record.id);
      if (now) this.bus.emit('transfer.changed', this.transfers.view(now));
    }
    void this.sweep();
  }

  /** Deletes the queued files (one sweep at a time); never rejects. */
  sweep(): Promise<void> {
    this.sweeping = this.sweeping
      .then(() => this.sweepOnce())
      .catch((error: unknown) => {
        console.warn(`[parley] removing retracted files: ${String(error)}`);
      });
    return this.sweeping;
  }

  /** Waits for a sweep under way (before the store closes). */
  stop(): Promise<void> {
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    const queued = this.store.transfers.filesToRemove(SWEEP_LIMIT);
    if (queued.length === 0) return;
    const downloads = await realOrNull(this.folders.downloadDir);
    const uploads = await realOrNull(this.folders.uploadDir);
    // The downloads folder the user chose (settings: downloadsFolder) holds ours too.
    const chosenSetting = this.store.settings.get('downloadsFolder', null);
    const chosen = chosenSetting ? await realOrNull(chosenSetting) : null;
    for (const { path } of queued) {
      // Gone already, or not ours: either way nothing is left to do for it.
      if (
        (await this.removeIfOurs(path, downloads, uploads)) ||
        (chosen !== null && (await this.removeIfOurs(path, chosen, null)))
      ) {
        console.info('[parley] removed the local copy of a retracted file');
      }
      this.store.transfers.fileRemoved(path);
    }
  }

  private async removeIfOurs(
    path: string,
    downloads: string | null,
    uploads: string | null,
  ): Promise<boolean> {
    if (!isAbsolute(path)) return false;
    // The folder the file is in, with every link resolved: a link cannot lead us outside.
    const parent = await realOrNull(dirname(resolve(path)));
    if (parent === null) return false;
    const file = join(parent, basename(path));
    const inDownloads = downloads !== null && inside(downloads, file);
    const inUploads = uploads !== null && inside(uploads, file);
    if (!inDownloads && !inUploads) return false;
    const info = await lstat(file).catch(() => null);
    if (!info || info.isDirectory()) return false;
    await rm(file, { force: true });
    // An upload copy lives in a folder of its own (uploads/<id>/<name>): it goes once empty.
    if (inUploads && uploads !== null && dirname(parent) === uploads) {
      if ((await readdir(parent).catch(() => ['?'])).length === 0) {
        await rmdir(parent).catch(() => undefined);
      }
    }
    return true;
  }
}
