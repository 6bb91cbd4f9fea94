/**
 * One OMEMO 2 session with one remote device: the ratchet plus what the key exchange needs.
 * The record is a plain value; `serializeSession`/`parseSession` turn it into JSON for the store
 * and back, validating every field (a corrupt row is an error, never a half-working session).
 * Its size is bounded: the ratchet keeps at most MAX_SKIPPED_PER_SESSION skipped keys.
 */
import { fail } from './errors.js';
import { isValidId } from './keys.js';
import {
  MAX_SKIPPED_PER_SESSION,
  type Chain,
  type RatchetState,
  type SkippedKey,
} from './ratchet.js';

export interface KeyExchangeInfo {
  /** Initiator's identity key (Ed25519). */
  ik: Uint8Array;
  ek: Uint8Array;
  spkId: number;
  pkId: number;
}

export interface SessionRecord {
  /** 'active': we built it from the peer's bundle; 'passive': the peer's key exchange built it. */
  initiation: 'active' | 'passive';
  /** Set once the peer's answer decrypted; until then an active session wraps every message in the key exchange. */
  confirmed: boolean;
  /** IK_initiator ‖ IK_responder (Ed25519), authenticated by every message MAC. */
  ad: Uint8Array;
  /** The peer device's identity key (Ed25519), for trust decisions. */
  remoteIk: Uint8Array;
  kex: KeyExchangeInfo;
  ratchet: RatchetState;
  /** The peer ratchet key we last asked for a heartbeat on: at most one per key. */
  heartbeatFor: Uint8Array | null;
  /**
   * Sessions with the same device this one replaced, newest first (at most
   * MAX_PREVIOUS_SESSIONS). When both devices start a session at once, each replaces its own with
   * the one the other's key exchange built, and the other keeps sending on the replaced one: a
   * message the current session cannot open is tried on these (as libsignal keeps its archived
   * states), and the one that opens it becomes current again.
   */
  previous?: ArchivedSession[];
}

/** A replaced session: a record without its own history. */
export type ArchivedSession = Omit<SessionRecord, 'previous'>;

/** Replaced sessions kept per device (libsignal keeps 40; two crossing starts need one). */
export const MAX_PREVIOUS_SESSIONS = 4;

/** `current` replaces `old`: old (and what it replaced) become current's history. */
export function replaceSession(current: ArchivedSession, old: SessionRecord | null): SessionRecord {
  if (old === null) return { ...current, previous: [] };
  const { previous = [], ...archived } = old;
  return { ...current, previous: [archived, ...previous].slice(0, MAX_PREVIOUS_SESSIONS) };
}

/** The history entry at `index` opened a message: it becomes current, the current one history. */
export function promoteSession(
  record: SessionRecord,
  index: number,
  promoted: ArchivedSession,
): SessionRecord {
  const { previous = [], ...current } = record;
  const rest = previous.filter((_, i) => i !== index);
  return { ...promoted, previous: [current, ...rest].slice(0, MAX_PREVIOUS_SESSIONS) };
}

const FORMAT = 'omemo2-session-1';

const b64 = (u: Uint8Array): string => Buffer.from(u).toString('base64');

function bytes(value: unknown, what: string, length?: number): Uint8Array {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
    fail('malformed', `session record: ${what} is not base64`);
  }
  const out = new Uint8Array(Buffer.from(value, 'base64'));
  if (length !== undefined && out.length !== length)
    fail('malformed', `session record: ${what} length`);
  return out;
}

function count(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    fail('malformed', `session record: ${what} is not a counter`);
  }
  return value;
}

function id(value: unknown, what: string): number {
  if (!isValidId(value)) fail('malformed', `session record: ${what} is not an id`);
  return value;
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('malformed', `session record: ${what} is not an object`);
  }
  return value as Record<string, unknown>;
}

const chainJson = (c: Chain) => ({ key: b64(c.key), n: c.n });
function parseChain(value: unknown, what: string): Chain {
  const o = object(value, what);
  return { key: bytes(o.key, `${what}.key`, 32), n: count(o.n, `${what}.n`) };
}

export function serializeSession(record: SessionRecord): string {
  return JSON.stringify({
    format: FORMAT,
    ...stateJson(record),
    previous: (record.previous ?? []).map(stateJson),
  });
}

function stateJson(record: ArchivedSession) {
  const r = record.ratchet;
  return {
    initiation: record.initiation,
    confirmed: record.confirmed,
    ad: b64(record.ad),
    remoteIk: b64(record.remoteIk),
    kex: {
      ik: b64(record.kex.ik),
      ek: b64(record.kex.ek),
      spkId: record.kex.spkId,
      pkId: record.kex.pkId,
    },
    heartbeatFor: record.heartbeatFor && b64(record.heartbeatFor),
    ratchet: {
      rootKey: b64(r.rootKey),
      ownPriv: b64(r.own.priv),
      ownPub: b64(r.own.pub),
      otherPub: b64(r.otherPub),
      sending: chainJson(r.sending),
      receiving: r.receiving && chainJson(r.receiving),
      pn: r.pn,
      skipped: r.skipped.map((k) => [b64(k.dhPub), k.n, b64(k.mk)]),
    },
  };
}

function parseSkipped(value: unknown): SkippedKey[] {
  if (!Array.isArray(value) || value.length > MAX_SKIPPED_PER_SESSION) {
    fail('malformed', 'session record: skipped keys');
  }
  return value.map((entry: unknown, i) => {
    if (!Array.isArray(entry) || entry.length !== 3)
      fail('malformed', `session record: skipped[${i}]`);
    return {
      dhPub: bytes(entry[0], `skipped[${i}].dhPub`, 32),
      n: count(entry[1], `skipped[${i}].n`),
      mk: bytes(entry[2], `skipped[${i}].mk`, 32),
    };
  });
}

export function parseSession(json: string): SessionRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return fail('malformed', 'session record is not JSON');
  }
  const o = object(raw, 'record');
  if (o.format !== FORMAT) fail('malformed', 'session record: unknown format');
  // Records written before sessions kept their history have none.
  const previous = o.previous ?? [];
  if (!Array.isArray(previous) || previous.length > MAX_PREVIOUS_SESSIONS) {
    fail('malformed', 'session record: previous sessions');
  }
  return { ...parseState(o), previous: previous.map((p) => parseState(object(p, 'previous'))) };
}

function parseState(o: Record<string, unknown>): ArchivedSession {
  if (o.initiation !== 'active' && o.initiation !== 'passive')
    fail('malformed', 'session record: initiation');
  if (typeof o.confirmed !== 'boolean') fail('malformed', 'session record: confirmed');
  const kex = object(o.kex, 'kex');
  const r = object(o.ratchet, 'ratchet');
  return {
    initiation: o.initiation,
    confirmed: o.confirmed,
    ad: bytes(o.ad, 'ad', 64),
    remoteIk: bytes(o.remoteIk, 'remoteIk', 32),
    kex: {
      ik: bytes(kex.ik, 'kex.ik', 32),
      ek: bytes(kex.ek, 'kex.ek', 32),
      spkId: id(kex.spkId, 'kex.spkId'),
      pkId: id(kex.pkId, 'kex.pkId'),
    },
    heartbeatFor: o.heartbeatFor === null ? null : bytes(o.heartbeatFor, 'heartbeatFor', 32),
    ratchet: {
      rootKey: bytes(r.rootKey, 'rootKey', 32),
      own: { priv: bytes(r.ownPriv, 'ownPriv', 32), pub: bytes(r.ownPub, 'ownPub', 32) },
      otherPub: bytes(r.otherPub, 'otherPub', 32),
      sending: parseChain(r.sending, 'sending'),
      receiving: r.receiving === null ? null : parseChain(r.receiving, 'receiving'),
      pn: count(r.pn, 'pn'),
      skipped: parseSkipped(r.skipped),
    },
  };
}
