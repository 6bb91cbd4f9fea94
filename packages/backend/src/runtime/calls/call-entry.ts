// One call as the signalling service keeps it: the contract's Call plus what only the backend
// needs (who the other device is, how far Jingle got, our transport's password, queued
// candidates, the running timer).
import type { Call, CallEndReason, CallLog, CallMedia } from '@parley/contract';
import type { JID, JingleReason, TrickledCandidate } from '@parley/xmpp';
import type { AccountScope } from '../account-scope.js';

/** Ringing (either side) ends after this with no answer (XEP-0353 leaves it to clients). */
export const RINGING_MS = 60_000;
/** From an answer to media flowing. */
export const CONNECTING_MS = 30_000;
/** Calls kept at once per account (ended ones are dropped); more proposes are answered busy. */
export const MAX_CALLS = 4;
/** Local candidates queued before the session-initiate/accept, and remote ones taken, per call. */
export const MAX_CANDIDATES = 128;

export interface CallEntry {
  call: Call;
  /** The other side's device: the proposer (incoming) or the one that proceeded (outgoing). */
  device: JID | null;
  /**
   * How far the Jingle session got: none yet; initiate sent or received; accept sent or
   * received (both sides then have each other's description).
   */
  jingle: 'none' | 'initiated' | 'accepted';
  /** Our transports' passwords by content name (transport-info carries them, XEP-0176). */
  localPwd: Map<string, string>;
  /** Who created each content (transport-info names it, XEP-0166 §7.1). */
  creators: Map<string, 'initiator' | 'responder'>;
  /** Local candidates waiting for our session-initiate/accept to go first. */
  queued: TrickledCandidate[];
  /** Remote candidates taken so far (bounded). */
  remoteCandidates: number;
  timer: NodeJS.Timeout | null;
  /**
   * The peer's OMEMO device the DTLS fingerprints are sealed to and from (call-verification.ts):
   * named in the callee's <proceed/>, or learned from the first sealed fingerprint.
   */
  omemoDevice: number | null;
  /** Our fingerprints all went sealed (undefined: none sent yet). */
  sealedOut?: boolean;
  /** Theirs all came sealed and opened (undefined: none received yet). */
  openedIn?: boolean;
  /**
   * The call's Jingle iqs wait here behind one whose sealed fingerprint is being opened (that
   * takes a moment), so they apply in order; `waiting` counts them (0: apply at once).
   */
  inbound: Promise<void>;
  waiting: number;
}

export function newEntry(call: Call, device: JID | null): CallEntry {
  return {
    call,
    device,
    jingle: 'none',
    localPwd: new Map(),
    creators: new Map(),
    queued: [],
    remoteCandidates: 0,
    timer: null,
    omemoDevice: null,
    inbound: Promise.resolve(),
    waiting: 0,
  };
}

/** Only people who may see our presence can ring us; others are not told we exist. */
export function mayCall(scope: AccountScope, peer: string): boolean {
  const contact = scope.store.contacts.get(scope.accountId, peer);
  return contact?.subscription === 'from' || contact?.subscription === 'both';
}

export function isLive(entry: CallEntry): boolean {
  return entry.call.state !== 'ended';
}

/** A Jingle or XEP-0353 reason as the call's end reason. */
export function endReasonOf(
  reason: JingleReason | undefined,
  fallback: CallEndReason,
): CallEndReason {
  switch (reason) {
    case 'busy':
      return 'busy';
    case 'decline':
      return 'declined';
    case 'connectivity-error':
    case 'failed-transport':
      return 'connectivity-error';
    case 'failed-application':
    case 'incompatible-parameters':
    case 'unsupported-applications':
    case 'unsupported-transports':
    case 'media-error':
      return 'failed-application';
    case 'security-error':
      return 'security-error';
    case 'timeout':
    case 'expired':
      return 'timeout';
    case 'gone':
      return 'gone';
    default:
      return fallback;
  }
}

/** Our end reason in Jingle words, for a session-terminate or a reject. */
export function jingleReasonOf(reason: CallEndReason): JingleReason {
  switch (reason) {
    case 'declined':
      return 'decline';
    case 'busy':
      return 'busy';
    case 'cancelled':
      return 'cancel';
    case 'timeout':
    case 'missed':
      return 'timeout';
    case 'connectivity-error':
      return 'connectivity-error';
    case 'failed-application':
      return 'failed-application';
    case 'security-error':
      return 'security-error';
    case 'gone':
      return 'gone';
    default:
      return 'success';
  }
}

/** How an ended call shows in the timeline. */
export function logOf(call: Call): CallLog {
  const media: CallMedia[] = call.media;
  const answered = call.connectedAt !== null || call.endReason === 'answered-elsewhere';
  const duration =
    call.connectedAt !== null && call.endedAt !== null ? call.endedAt - call.connectedAt : null;
  const base = {
    callId: call.id,
    media,
    durationMs: duration !== null ? Math.max(0, duration) : null,
  };
  if (answered) return { ...base, outcome: 'answered' };
  switch (call.endReason) {
    case 'declined':
    case 'busy':
    case 'declined-elsewhere':
      return { ...base, outcome: 'declined' };
    case 'cancelled':
      // The caller gave up: a missed call for the callee, a cancelled one for the caller.
      return { ...base, outcome: call.direction === 'in' ? 'missed' : 'cancelled' };
    case 'missed':
    case 'timeout':
      return { ...base, outcome: 'missed' };
    case 'hangup':
      // Hung up before media flowed: the caller stopped it, the callee missed it.
      return { ...base, outcome: call.direction === 'out' ? 'cancelled' : 'missed' };
    default:
      return { ...base, outcome: 'failed' };
  }
}
