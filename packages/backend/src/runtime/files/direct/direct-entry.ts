// One direct (XEP-0234) session as the account's service keeps it: who it is with, the file,
// the transport in use and the ones left to try, and a mailbox of the peer's Jingle iqs that
// the running sender or receiver job takes from in order.
import type { DirectTransport } from '@parley/contract';
import type { Element, JID, JingleAction, JingleReason } from '@parley/xmpp';
import { TransferFailure } from '../http-common.js';
import type { DirectTransportKind, JingleRole, TransportInstance } from './transport.js';

/** A Jingle iq of the peer that a job waits for (the answer went already). */
export interface PeerSignal {
  action: JingleAction;
  jingle: Element;
  reason: JingleReason | null;
}

export interface OfferedFile {
  name: string;
  size: number;
  mediaType: string | null;
  sha256: string;
}

export interface DirectEntry {
  sid: string;
  role: JingleRole;
  /** The peer's device (full JID): only it speaks in this session. */
  peer: JID;
  /** The conversation (the peer's bare JID). */
  conversation: string;
  contentName: string;
  file: OfferedFile;
  messageId: string;
  /** Set once the user accepted (receiver) or from the start (sender). */
  transferId: string | null;
  /** The offered transports (sender: ours in order; receiver: the one offered now). */
  kinds: DirectTransportKind[];
  /** The offer's <description/> (receiver), echoed in our session-accept (XEP-0234 §6.1). */
  description: Element | null;
  /** The peer's transport of the session-initiate or the last transport-replace (receiver). */
  offeredTransport: Element | null;
  current: TransportInstance | null;
  /**
   * transport-infos that came before our transport existed (a data channel's candidates
   * trickled while the offer waits for the user): handed to it once made. Bounded.
   */
  early: Element[];
  transport: DirectTransport | null;
  state: 'offered' | 'accepted' | 'ended';
  controller: AbortController;
  mailbox: Mailbox;
  /** Sender: the file on disk. */
  source: string | null;
}

/** The peer's iqs in arrival order; a job waits for the next of the kinds it expects. */
export class Mailbox {
  private readonly queue: PeerSignal[] = [];
  private waiter: (() => void) | null = null;

  put(signal: PeerSignal): void {
    // Bounded: a peer flooding a session with iqs is not waited on forever.
    if (this.queue.length >= 64) this.queue.shift();
    this.queue.push(signal);
    this.waiter?.();
  }

  /**
   * The next signal among `actions` (a session-terminate always counts: the job must see the
   * end). Rejects when `signal` aborts or `timeoutMs` passes.
   */
  async next(
    actions: readonly JingleAction[],
    signal: AbortSignal,
    timeoutMs: number,
    what: string,
  ): Promise<PeerSignal> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.queue.findIndex(
        (s) => s.action === 'session-terminate' || actions.includes(s.action),
      );
      if (at >= 0) return this.queue.splice(at, 1)[0] as PeerSignal;
      if (signal.aborted) throw signal.reason ?? new Error('aborted');
      const left = deadline - Date.now();
      if (left <= 0) throw new TransferFailure('stalled', `No ${what} came from the other side`);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          this.waiter = null;
          resolve();
        };
        const timer = setTimeout(done, left);
        timer.unref();
        signal.addEventListener('abort', done, { once: true });
        this.waiter = done;
      });
    }
  }
}
