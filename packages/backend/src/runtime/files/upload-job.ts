import type { SealedAttachment } from '@parley/contract';
import { encryptedSize, newFileKey } from '@parley/omemo/media';
import type { TransferPatch, TransferRecord } from '@parley/store';
import {
  SessionError,
  buildSlotRequest,
  describeTransferError,
  parseSlot,
  parseSlotError,
  type Element,
  type ProxyConfig,
  type Session,
  type SlotErrorLike,
  type UploadServiceInfo,
} from '@parley/xmpp';
import type { FilesConfig } from './config.js';
import { secretOf } from './encrypted-files.js';
import { TransferCancelled, TransferFailure, fetchableUrl } from './http-common.js';
import { putFile } from './http-upload.js';
import { regularFileSize } from './sources.js';
import type { JobContext } from './transfers.js';

export interface UploadDeps {
  config: FilesConfig;
  online(): Session | null;
  uploadService(session: Session): Promise<UploadServiceInfo | null>;
  /** Stores the message announcing the file and sends it (or queues it while offline). */
  announce(peer: string, attachment: SealedAttachment): { id: string };
  /** The account's proxy now (the PUT goes through it), or null: connect directly. */
  proxy?(): ProxyConfig | null;
}

export interface UploadOptions {
  /**
   * XEP-0454: upload AES-256-GCM ciphertext under a fresh key and IV (a new pair per attempt:
   * a slot is single-use, and a key never encrypts two uploads), and announce the file by its
   * aesgcm:// URL only. Decided by the conversation's encryption, never by the server.
   */
  encrypt?: boolean;
}

/** The service's limit, checked before anything is sent: the words name both sizes. */
export function checkSize(size: number, service: UploadServiceInfo): void {
  if (service.maxSize !== null && size > service.maxSize) {
    throw new TransferFailure(
      'too-large',
      describeTransferError('too-large', { size, maxSize: service.maxSize }),
    );
  }
}

/** Why the slot request failed: the service's refusal in words, or the connection's state. */
function slotFailure(error: unknown, size: number): TransferFailure {
  if (error instanceof SessionError && error.code === 'stanza-error') {
    const refusal = parseSlotError((error.cause ?? {}) as SlotErrorLike, size);
    return new TransferFailure(refusal.code, refusal.message);
  }
  if (error instanceof SessionError && error.code === 'timeout') {
    return new TransferFailure('slot-refused', 'The upload service did not answer. Try again.');
  }
  return new TransferFailure('not-connected', describeTransferError('not-connected'));
}

/**
 * One upload, from the slot request on (a retry starts here again: a slot is single-use):
 * check the size, ask for a slot, PUT the file streamed from disk, then send the message with
 * the GET URL (body, XEP-0066 and XEP-0447 with the hash computed during the PUT); encrypted
 * (options.encrypt), the file is encrypted on its way and the message names it only by its
 * aesgcm:// URL.
 */
export async function uploadJob(
  record: TransferRecord,
  ctx: JobContext,
  deps: UploadDeps,
  options: UploadOptions = {},
): Promise<TransferPatch> {
  const path = record.localPath;
  if (!path) throw new TransferFailure('file-unreadable', 'The file to send is not known');
  const session = deps.online();
  if (!session) throw new TransferFailure('not-connected', describeTransferError('not-connected'));
  const size = await regularFileSize(path);
  if (size !== record.size) ctx.update({ size });
  let service: UploadServiceInfo | null;
  try {
    service = await deps.uploadService(session);
  } catch {
    throw new TransferFailure('not-connected', describeTransferError('not-connected'));
  }
  if (!service) {
    throw new TransferFailure('no-upload-service', describeTransferError('no-upload-service'));
  }
  const fileKey = options.encrypt ? newFileKey() : null;
  // What the server stores: for an encrypted file the ciphertext and its tag, of no known type.
  const storedSize = fileKey ? encryptedSize(size) : size;
  checkSize(storedSize, service);
  const contentType = record.mediaType ?? 'application/octet-stream';
  const slotType = fileKey ? 'application/octet-stream' : contentType;
  let answer: Element;
  try {
    answer = await session.iq(
      buildSlotRequest({
        service: service.service,
        filename: record.name,
        size: storedSize,
        contentType: slotType,
      }),
    );
  } catch (error) {
    throw slotFailure(error, storedSize);
  }
  const slot = parseSlot(answer);
  if ('error' in slot) throw new TransferFailure(slot.error, slot.message);
  // parseSlot allows http to loopback; outside tests only https goes.
  const put = fetchableUrl(slot.put, deps.config.allowLoopbackHttp);
  const get = fetchableUrl(slot.get, deps.config.allowLoopbackHttp).href;
  if (ctx.signal.aborted) throw new TransferCancelled();
  const { sha256 } = await putFile({
    url: put,
    headers: slot.headers,
    path,
    size,
    contentType: slotType,
    ...(fileKey ? { encrypt: fileKey } : {}),
    caPem: deps.config.caPem,
    proxy: deps.proxy?.() ?? null,
    signal: ctx.signal,
    stallMs: deps.config.stallMs,
    onBytes: (n) => ctx.progress(n),
  });
  // An encrypted file is announced by its aesgcm:// URL alone: no hash (outgoingOf then adds
  // no OOB or XEP-0447 element), the key kept with the stored message (encrypted-files.ts).
  const message = deps.announce(
    record.peer,
    fileKey
      ? {
          url: get,
          name: record.name,
          size,
          mediaType: contentType,
          sha256: null,
          encrypted: true,
          aesgcmSecret: secretOf(fileKey),
        }
      : { url: get, name: record.name, size, mediaType: contentType, sha256 },
  );
  return { messageId: message.id, url: get, sha256, size, bytes: size };
}
