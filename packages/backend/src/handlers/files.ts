import { existsSync } from 'node:fs';
import type { TransferRecord } from '@parley/store';
import type { Accounts } from '../accounts.js';
import { HandlerError, type HandlerMap, textError } from '../handler-types.js';
import type { RuntimeContext } from '../runtime/context.js';
import { PreviewRefused, previewDataUrl } from '../runtime/files/preview.js';
import { conversationOf } from './messages.js';

type FileHandlers = Pick<
  HandlerMap,
  | 'files.uploadService'
  | 'files.send'
  | 'files.download'
  | 'files.preview'
  | 'files.open'
  | 'transfers.list'
  | 'transfers.cancel'
  | 'transfers.retry'
>;

/** XEP-0363 / XEP-0066 / XEP-0447 file transfer commands; the work is in runtime/files. */
export function fileHandlers(accounts: Accounts, ctx: RuntimeContext): FileHandlers {
  const { transfers, files } = ctx;
  const find = (id: string): TransferRecord => {
    const record = transfers.get(id);
    if (!record) throw textError('not-found', 'file.no-transfer');
    return record;
  };
  /** A finished transfer's file, still where it was. */
  const finishedFile = (id: string): string => {
    const record = find(id);
    if (record.state !== 'done' || !record.localPath) {
      throw textError('conflict', 'file.not-transferred');
    }
    if (!existsSync(record.localPath)) {
      throw textError('not-found', 'file.gone');
    }
    return record.localPath;
  };
  return {
    'files.uploadService': async ({ accountId }) => {
      const runtime = accounts.runtime(accountId);
      const session = runtime.requireOnline();
      const found = await runtime.files.uploadService(session).catch((error: unknown) => {
        throw new HandlerError('failed', `Could not ask the server: ${String(error)}`);
      });
      return {
        accountId,
        available: found !== null,
        service: found?.service ?? null,
        maxSize: found?.maxSize ?? null,
      };
    },
    'files.send': ({ accountId, peer, files: outgoing }) => {
      accounts.record(accountId);
      const target = conversationOf(accounts, accountId, peer);
      return accounts.runtime(accountId).files.send(target.peer, outgoing);
    },
    'files.download': ({ accountId, messageId }) => {
      accounts.record(accountId);
      const runtime = accounts.runtime(accountId);
      // A direct offer (XEP-0234): downloading it means accepting it.
      const message = ctx.store.messages.get(accountId, messageId);
      if (message?.attachment?.direct) return runtime.directFiles.accept(messageId);
      return runtime.files.download(messageId);
    },
    'files.preview': async ({ id }) => {
      const path = finishedFile(id);
      try {
        return await previewDataUrl(path);
      } catch (error) {
        if (error instanceof PreviewRefused) throw new HandlerError('failed', error.message);
        throw textError('failed', 'file.preview-unreadable');
      }
    },
    'files.open': async ({ id }) => {
      if (!files.openFile) {
        throw textError('failed', 'file.open-unavailable');
      }
      // Only a file we wrote ourselves: an upload's path came from the user's side of the app.
      if (find(id).direction !== 'download') {
        throw textError('conflict', 'file.only-received');
      }
      const path = finishedFile(id);
      // Only the system's handler, never anything run by us; the renderer asks on a click.
      await files.openFile(path).catch(() => {
        throw textError('failed', 'file.no-application');
      });
      return { ok: true };
    },
    'transfers.list': () => transfers.list(),
    'transfers.cancel': ({ id }) => {
      find(id);
      transfers.cancel(id);
      return { ok: true };
    },
    'transfers.retry': ({ id }) => {
      const record = find(id);
      if (record.state !== 'failed' && record.state !== 'cancelled') {
        throw textError('conflict', 'file.not-retryable');
      }
      const runtime = accounts.runtime(record.accountId);
      // A direct download again is the offer again: only while its session is open.
      if (
        record.url?.startsWith('jingle:') &&
        record.direction === 'download' &&
        record.messageId
      ) {
        return runtime.directFiles.accept(record.messageId);
      }
      if (record.url?.startsWith('jingle:')) throw textError('conflict', 'file.already-sent');
      return runtime.files.retry(record);
    },
  };
}
