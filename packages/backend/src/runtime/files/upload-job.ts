import type { Attachment } from '@parley/contract';
import type { TransferPatch, TransferRecord } from '@parley/store';
import {
  SessionError,
  buildSlotRequest,
  describeTransferError,
  parseSlot,
  parseSlotError,
  type Element,
  type Session,
  type SlotErrorLike,
  type UploadServiceInfo,
} from '@parley/xmpp';
import type { FilesConfig } from './config.js';
import { TransferCancelled, TransferFailure, fetchableUrl } from './http-common.js';
import { putFile } from './http-upload.js';
import { regularFileSize } from './sources.js';
import type { JobContext } from './transfers.js';

export interface UploadDeps {
  config: FilesConfig;
  online(): Session | null;
  uploadService(session: Session): Promise<UploadServiceInfo | null>;
  /** Stores the message announcing the file and sends it (or queues it while offline). */
  announce(peer: string, attachment: Attachment): { id: string };
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
 * the GET URL (body, XEP-0066 and XEP-0447 with the hash computed during the PUT).
 */
export async function uploadJob(
  record: TransferRecord,
  ctx: JobContext,
  deps: UploadDeps,
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
  checkSize(size, service);
  const contentType = record.mediaType ?? 'application/octet-stream';
  let answer: Element;
  try {
    answer = await session.iq(
      buildSlotRequest({ service: service.service, filename: record.name, size, contentType }),
    );
  } catch (error) {
    throw slotFailure(error, size);
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
    contentType,
    caPem: deps.config.caPem,
    signal: ctx.signal,
    stallMs: deps.config.stallMs,
    onBytes: (n) => ctx.progress(n),
  });
  const message = deps.announce(record.peer, {
    url: get,
    name: record.name,
    size,
    mediaType: contentType,
    sha256,
  });
  return { messageId: message.id, url: get, sha256, size, bytes: size };
}
