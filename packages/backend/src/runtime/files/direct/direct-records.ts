// The records of a direct transfer outside the transfer itself: the file message each side
// shows in its timeline, the failed download that says why an offer cannot be taken, and the
// file's hash for the offer.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Message, Transfer } from '@parley/contract';
import type { TransferRecord } from '@parley/store';
import type { AccountScope } from '../../account-scope.js';
import type { MessagePipeline } from '../../message-pipeline.js';
import type { Transfers } from '../transfers.js';
import type { DirectEntry } from './direct-entry.js';

/** The file message in the timeline (written and shown at once, like a call's row). */
export function recordFileMessage(
  scope: AccountScope,
  pipeline: MessagePipeline,
  peer: string,
  direction: 'in' | 'out',
  entry: DirectEntry,
): Message {
  const { store, accountId, bus } = scope;
  let stored: Message | null = null;
  pipeline.batch.add(null, () => {
    const { message } = store.messages.insert({
      accountId,
      peer,
      direction,
      body: '',
      timestamp: Date.now(),
      status: direction === 'out' ? 'acked' : 'received',
      attachment: {
        url: `jingle:${entry.sid}`,
        name: entry.file.name,
        size: entry.file.size,
        mediaType: entry.file.mediaType,
        sha256: entry.file.sha256,
        direct: true,
      },
    });
    stored = message;
    pipeline.noteForConversation(peer, message, direction === 'in');
    return () => bus.emit('message.added', message);
  });
  pipeline.batch.flush();
  if (!stored) throw new Error('the file message was not stored');
  return stored;
}

/** The offer of `message` cannot be taken: its download (made if none) fails with `code`. */
export function failOffer(
  scope: AccountScope,
  transfers: Transfers,
  message: Message,
  code: 'offer-gone' | 'declined',
  words: string,
  existing: TransferRecord | null = scope.store.transfers.forMessage(scope.accountId, message.id),
): Transfer {
  const attachment = message.attachment;
  const record =
    existing ??
    transfers.create({
      accountId: scope.accountId,
      peer: message.peer,
      direction: 'download',
      messageId: message.id,
      name: attachment?.name ?? 'file',
      size: attachment?.size ?? null,
      mediaType: attachment?.mediaType ?? null,
      sha256: attachment?.sha256 ?? null,
      url: attachment?.url ?? null,
    });
  return transfers.fail(record.id, code, words);
}

/** The SHA-256 (base64) of a file on disk, read as a stream. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}
