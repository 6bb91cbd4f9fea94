// The receiving side of a direct transfer (we are the Jingle responder), run once the user
// accepted the offer: answer with the transport the sender offered, take a transport-replace
// when it fails, and write the bytes as they come into a hidden temp file in the downloads
// folder. Only a file of the offered size and SHA-256 gets its real name; anything else is
// removed and the sender told (media-error), so a partial file never looks finished.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { TransferPatch } from '@parley/store';
import { buildReceived, type Session } from '@parley/xmpp';
import { DEFAULT_STALL_MS } from '../config.js';
import { claimUniquePath, partName, safeDiskName } from '../file-names.js';
import { sameSha256 } from '../hashing.js';
import { TransferFailure } from '../http-common.js';
import type { JobContext } from '../transfers.js';
import type { DirectEntry } from './direct-entry.js';
import { stallGuard } from './stall-guard.js';
import {
  contentOf,
  failureOf,
  sendJingle,
  transportContext,
  transportIn,
  useTransport,
} from './jingle-link.js';
import type { DirectTiming } from './sender.js';
import {
  TransportFailed,
  TransportRefused,
  type DirectTransportKind,
  type TransportInstance,
} from './transport.js';

export interface ReceiveTarget {
  /** The downloads folder now. */
  dir: string;
  timing: DirectTiming;
  /** Our transports (the offered one must be among them). */
  kinds: readonly DirectTransportKind[];
  onTransport(): void;
}

export async function runReceiver(
  session: Session,
  entry: DirectEntry,
  ctx: JobContext,
  target: ReceiveTarget,
): Promise<TransferPatch> {
  const { signal } = entry.controller;
  const offered = entry.offeredTransport;
  const kind = offered ? kindOf(target.kinds, offered.getNS() ?? '') : null;
  let instance: TransportInstance;
  if (!offered || !kind) {
    // The offer's transport is none of ours: the sender may replace it (we answer with none).
    await sendJingle(session, entry, 'session-terminate', {
      reason: 'unsupported-transports',
    }).catch(() => {});
    entry.state = 'ended';
    throw new TransferFailure('no-transport', 'The sender offered no transport Parley takes.');
  }
  instance = adopt(session, entry, kind, offered);
  const description = entry.description ? [entry.description] : [];
  await sendJingle(session, entry, 'session-accept', {
    contents: [contentOf(entry, ...description, await instance.local())],
  });
  entry.state = 'accepted';
  target.onTransport();
  for (;;) {
    try {
      const stream = await instance.connect();
      const patch = await receive(
        stream,
        entry,
        ctx,
        target.dir,
        target.timing.stallMs ?? DEFAULT_STALL_MS,
      );
      await sendJingle(session, entry, 'session-info', {
        extra: [buildReceived('initiator', entry.contentName)],
      }).catch(() => {});
      await sendJingle(session, entry, 'session-terminate', { reason: 'success' }).catch(() => {});
      entry.state = 'ended';
      return patch;
    } catch (error) {
      if (error instanceof TransferFailure && error.code === 'hash-mismatch') {
        await sendJingle(session, entry, 'session-terminate', { reason: 'media-error' }).catch(
          () => {},
        );
        entry.state = 'ended';
      }
      if (!(error instanceof TransportFailed || error instanceof TransportRefused)) throw error;
    }
    // This transport failed: the sender replaces it, or ends the session.
    for (;;) {
      const replace = await entry.mailbox.next(
        ['transport-replace'],
        signal,
        target.timing.stepMs,
        'other way to connect',
      );
      if (replace.action === 'session-terminate') {
        entry.state = 'ended';
        throw (
          failureOf(replace.reason, 'responder', true) ??
          new TransferFailure('unknown', 'The sender ended the transfer early.')
        );
      }
      const transport = transportIn(replace.jingle);
      const next = transport ? kindOf(target.kinds, transport.getNS() ?? '') : null;
      if (!transport || !next) {
        await sendJingle(session, entry, 'transport-reject', {
          contents: transport ? [contentOf(entry, transport)] : [],
        }).catch(() => {});
        continue;
      }
      try {
        instance = adopt(session, entry, next, transport);
      } catch {
        await sendJingle(session, entry, 'transport-reject', {
          contents: [contentOf(entry, transport)],
        }).catch(() => {});
        continue;
      }
      await sendJingle(session, entry, 'transport-accept', {
        contents: [contentOf(entry, await instance.local())],
      });
      target.onTransport();
      break;
    }
  }
}

function kindOf(kinds: readonly DirectTransportKind[], ns: string): DirectTransportKind | null {
  return kinds.find((k) => k.namespace === ns) ?? null;
}

function adopt(
  session: Session,
  entry: DirectEntry,
  kind: DirectTransportKind,
  remote: import('@parley/xmpp').Element,
): TransportInstance {
  const instance = kind.create(transportContext(session, entry));
  instance.take(remote);
  useTransport(entry, instance);
  // What the sender trickled before this transport existed, in order; a refused one is dropped.
  for (const info of entry.early.splice(0)) {
    if (info.getNS() !== kind.namespace) continue;
    try {
      instance.info(info);
    } catch {
      // Not for this transport after all.
    }
  }
  return instance;
}

/** The bytes into a temp file, checked against the offer, then under the file's own name. */
async function receive(
  stream: NodeJS.ReadableStream,
  entry: DirectEntry,
  ctx: JobContext,
  dir: string,
  stallMs: number,
): Promise<TransferPatch> {
  const { size, sha256, name } = entry.file;
  const safeName = safeDiskName(name);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, partName(safeName));
  const hash = createHash('sha256');
  let bytes = 0;
  const check = stallGuard(ctx, stallMs, (chunk) => {
    bytes += chunk.length;
    if (bytes > size) {
      return new TransferFailure(
        'size-mismatch',
        'More bytes came than the file was said to have.',
      );
    }
    hash.update(chunk);
    return null;
  });
  try {
    await pipeline(stream, check, createWriteStream(temp, { flags: 'wx' }), {
      signal: entry.controller.signal,
    });
    if (bytes !== size) {
      throw new TransferFailure('size-mismatch', `The file ended after ${bytes} of ${size} bytes.`);
    }
    if (!sameSha256(sha256, hash.digest('base64'))) {
      throw new TransferFailure(
        'hash-mismatch',
        'The file arrived damaged (its hash does not match); it was removed.',
      );
    }
    const path = await claimUniquePath(dir, safeName);
    await rename(temp, path);
    return { localPath: path, bytes, size, sha256 };
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
