// The sending side of a direct transfer (we are the Jingle initiator): offer the file with our
// first transport, wait for the user at the other end, connect, and on a transport's failure
// replace it with the next (XEP-0166 transport-replace) until one carries the bytes. The file
// is read from disk as the transport takes it (backpressure); the receiver's session-terminate
// (success, or media-error for a bad hash) settles the outcome.
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { TransferPatch } from '@parley/store';
import { buildFileDescription, type Element, type Session } from '@parley/xmpp';
import { DEFAULT_STALL_MS } from '../config.js';
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
import { TransportFailed, TransportRefused, type DirectTransportKind } from './transport.js';

export interface DirectTiming {
  /** How long an offer waits for the user at the other end. */
  offerMs: number;
  /** How long a step of the negotiation (an answer, a transport) may take. */
  stepMs: number;
  /** No byte moving for this long fails the transfer (default: the files' stall time). */
  stallMs?: number;
}

export async function runSender(
  session: Session,
  entry: DirectEntry,
  ctx: JobContext,
  timing: DirectTiming,
  onTransport: () => void,
): Promise<TransferPatch> {
  const { signal } = entry.controller;
  const kinds = entry.kinds;
  if (!entry.source || kinds.length === 0)
    throw new TransferFailure('no-transport', 'No transport');
  let index = 0;
  let instance = start(session, entry, kinds[0] as DirectTransportKind);
  const description = buildFileDescription({
    name: entry.file.name,
    size: entry.file.size,
    mediaType: entry.file.mediaType,
    sha256: entry.file.sha256,
  });
  try {
    await sendJingle(session, entry, 'session-initiate', {
      contents: [contentOf(entry, description, await instance.local())],
    });
  } catch (error) {
    throw new TransferFailure(
      'peer-unreachable',
      `The other device refused the offer: ${String(error)}`,
    );
  }
  const accept = await entry.mailbox.next(['session-accept'], signal, timing.offerMs, 'answer');
  ended(accept, entry, false);
  entry.state = 'accepted';
  let answer: Element | null = transportIn(
    accept.jingle,
    instance.kind === kinds[0]?.kind ? kinds[0].namespace : undefined,
  );
  for (;;) {
    try {
      if (!answer) throw new TransportRefused('no transport in the answer');
      instance.take(answer);
      onTransport();
      const stream = await instance.connect();
      const guard = stallGuard(ctx, timing.stallMs ?? DEFAULT_STALL_MS);
      await pipeline(createReadStream(entry.source), guard, stream, { signal });
      break;
    } catch (error) {
      if (!(error instanceof TransportFailed || error instanceof TransportRefused)) throw error;
      // The next transport, if both sides have one left (XEP-0166 §7.2.15 transport-replace).
      answer = null;
      while (answer === null) {
        index++;
        const next = kinds[index];
        if (!next) {
          await sendJingle(session, entry, 'session-terminate', {
            reason: 'failed-transport',
          }).catch(() => {});
          entry.state = 'ended';
          throw new TransferFailure('no-transport', 'No way to reach the other device worked.');
        }
        instance = start(session, entry, next);
        onTransport();
        await sendJingle(session, entry, 'transport-replace', {
          contents: [contentOf(entry, await instance.local())],
        });
        const reply = await entry.mailbox.next(
          ['transport-accept', 'transport-reject'],
          signal,
          timing.stepMs,
          'answer to the new transport',
        );
        ended(reply, entry, true);
        if (reply.action === 'transport-accept') answer = transportIn(reply.jingle, next.namespace);
      }
    }
  }
  // Every byte went: the receiver checks size and hash and ends the session.
  const end = await entry.mailbox.next([], signal, timing.stepMs * 4, 'confirmation');
  entry.state = 'ended';
  const failure = failureOf(end.reason, 'initiator', true);
  if (failure) throw failure;
  return { bytes: entry.file.size };
}

function start(session: Session, entry: DirectEntry, kind: DirectTransportKind) {
  const instance = kind.create(transportContext(session, entry));
  useTransport(entry, instance);
  return instance;
}

/** A session-terminate where another answer was expected: the transfer ends with its reason. */
function ended(
  signal: { action: string; reason: Parameters<typeof failureOf>[0] },
  entry: DirectEntry,
  accepted: boolean,
): void {
  if (signal.action !== 'session-terminate') return;
  entry.state = 'ended';
  throw (
    failureOf(signal.reason, 'initiator', accepted) ??
    new TransferFailure('unknown', 'The other side ended the session early.')
  );
}
