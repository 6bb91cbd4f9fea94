/**
 * The Double Ratchet with OMEMO 2's parameters (XEP-0384 0.9 §Double Ratchet; python-doubleratchet
 * with twomemo's settings):
 *   KDF_RK  HKDF-SHA-256(salt = root key, ikm = DH output, info "OMEMO Root Chain") → rk ‖ ck
 *   KDF_CK  HMAC-SHA-256(ck, 0x01) → message key, HMAC-SHA-256(ck, 0x02) → next chain key
 *   ENCRYPT HKDF-SHA-256(mk, salt 32 zero bytes, "OMEMO Message Key Material") → 80 bytes =
 *           AES key ‖ HMAC key ‖ IV; AES-256-CBC/PKCS#7; MAC = HMAC-SHA-256(AD ‖ OMEMOMessage)[:16]
 * Functions never mutate their input state: they return a new one, so a caller can stage it and
 * commit it with the message (or drop it when the transaction rolls back).
 */
import {
  aesCbcDecrypt,
  aesCbcEncrypt,
  equalBytes,
  hkdf,
  hmacSha256,
  generateX25519,
  x25519,
  type KeyPair,
} from './crypto.js';
import { fail } from './errors.js';
import {
  MAC_LENGTH,
  decodeAuthenticatedMessage,
  decodeOmemoMessage,
  encodeAuthenticatedMessage,
  encodeOmemoMessage,
  type OmemoMessage,
} from './proto.js';

/** twomemo's defaults: keep at most 1000 skipped keys per session, skip at most 1000 per message. */
export const MAX_SKIPPED_PER_SESSION = 1000;
export const MAX_SKIPPED_PER_MESSAGE = 1000;

export interface Chain {
  key: Uint8Array;
  /** Number of keys taken from this chain: the next message's n. */
  n: number;
}

export interface SkippedKey {
  dhPub: Uint8Array;
  n: number;
  mk: Uint8Array;
}

export interface RatchetState {
  rootKey: Uint8Array;
  /** Our current ratchet key pair; its public half goes out in every header. */
  own: KeyPair;
  otherPub: Uint8Array;
  sending: Chain;
  receiving: Chain | null;
  /** Length of the previous sending chain, sent as pn. */
  pn: number;
  /** Oldest first; trimmed to MAX_SKIPPED_PER_SESSION (oldest dropped). */
  skipped: SkippedKey[];
}

/** Where new ratchet key pairs come from; tests inject python's recorded draws. */
export type PrivateKeySource = () => KeyPair;

const ROOT_INFO = 'OMEMO Root Chain';
const MESSAGE_INFO = 'OMEMO Message Key Material';
const ZERO_SALT = new Uint8Array(32);
const ONE = Uint8Array.of(1);
const TWO = Uint8Array.of(2);

function rootStep(
  rootKey: Uint8Array,
  dhOut: Uint8Array,
): { rootKey: Uint8Array; chainKey: Uint8Array } {
  const out = hkdf(dhOut, rootKey, ROOT_INFO, 64);
  return { rootKey: out.slice(0, 32), chainKey: out.slice(32) };
}

function chainStep(chain: Chain): Uint8Array {
  const mk = hmacSha256(chain.key, ONE);
  chain.key = hmacSha256(chain.key, TWO);
  chain.n += 1;
  return mk;
}

function messageKeys(mk: Uint8Array): { encKey: Uint8Array; authKey: Uint8Array; iv: Uint8Array } {
  const out = hkdf(mk, ZERO_SALT, MESSAGE_INFO, 80);
  return { encKey: out.slice(0, 32), authKey: out.slice(32, 64), iv: out.slice(64) };
}

function clone(state: RatchetState): RatchetState {
  return {
    rootKey: state.rootKey,
    own: state.own,
    otherPub: state.otherPub,
    sending: { ...state.sending },
    receiving: state.receiving && { ...state.receiving },
    pn: state.pn,
    skipped: [...state.skipped],
  };
}

/** Replaces the sending chain after a new DH key: generate ours, step the root chain. */
function newSendingChain(state: RatchetState, nextPriv: PrivateKeySource): void {
  state.own = nextPriv();
  const step = rootStep(state.rootKey, x25519(state.own, state.otherPub));
  state.rootKey = step.rootKey;
  state.sending = { key: step.chainKey, n: 0 };
}

/** The initiator's state right after X3DH: the responder's signed prekey is the first remote key. */
export function initiatorState(
  sharedSecret: Uint8Array,
  responderSpk: Uint8Array,
  nextPriv: PrivateKeySource = generateX25519,
): RatchetState {
  const state: RatchetState = {
    rootKey: sharedSecret,
    own: { priv: new Uint8Array(32), pub: new Uint8Array(32) },
    otherPub: responderSpk,
    sending: { key: new Uint8Array(32), n: 0 },
    receiving: null,
    pn: 0,
    skipped: [],
  };
  newSendingChain(state, nextPriv);
  return state;
}

/** The responder's state from the first message's ratchet key, our signed prekey as the DH key. */
export function responderState(
  sharedSecret: Uint8Array,
  spk: KeyPair,
  firstRatchetKey: Uint8Array,
  nextPriv: PrivateKeySource = generateX25519,
): RatchetState {
  const receive = rootStep(sharedSecret, x25519(spk, firstRatchetKey));
  const state: RatchetState = {
    rootKey: receive.rootKey,
    own: spk,
    otherPub: firstRatchetKey,
    sending: { key: new Uint8Array(32), n: 0 },
    receiving: { key: receive.chainKey, n: 0 },
    pn: 0,
    skipped: [],
  };
  newSendingChain(state, nextPriv);
  return state;
}

function mac(authKey: Uint8Array, ad: Uint8Array, message: Uint8Array): Uint8Array {
  return hmacSha256(authKey, ad, message).slice(0, MAC_LENGTH);
}

/** Encrypts one payload; returns the serialised OMEMOAuthenticatedMessage and the new state. */
export function ratchetEncrypt(
  current: RatchetState,
  plaintext: Uint8Array,
  ad: Uint8Array,
): { state: RatchetState; authenticated: Uint8Array } {
  const state = clone(current);
  const header = { n: state.sending.n, pn: state.pn, dhPub: state.own.pub };
  const keys = messageKeys(chainStep(state.sending));
  const message = encodeOmemoMessage({
    ...header,
    ciphertext: aesCbcEncrypt(keys.encKey, keys.iv, plaintext),
  });
  const authenticated = encodeAuthenticatedMessage({
    mac: mac(keys.authKey, ad, message),
    message,
  });
  return { state, authenticated };
}

function skipTo(state: RatchetState, until: number, found: SkippedKey[]): void {
  const chain = state.receiving;
  if (chain === null) return;
  while (chain.n < until) {
    const n = chain.n;
    found.push({ dhPub: state.otherPub, n, mk: chainStep(chain) });
  }
}

function findSkipped(state: RatchetState, header: OmemoMessage): number {
  return state.skipped.findIndex((k) => k.n === header.n && equalBytes(k.dhPub, header.dhPub));
}

export interface RatchetDecryptResult {
  state: RatchetState;
  plaintext: Uint8Array;
  header: OmemoMessage;
}

/**
 * Decrypts a serialised OMEMOAuthenticatedMessage. Throws (and the caller keeps its old state) on
 * a bad MAC, a replay ('duplicate') or a jump of more than MAX_SKIPPED_PER_MESSAGE keys.
 */
export function ratchetDecrypt(
  current: RatchetState,
  authenticatedBytes: Uint8Array,
  ad: Uint8Array,
  nextPriv: PrivateKeySource = generateX25519,
): RatchetDecryptResult {
  const authenticated = decodeAuthenticatedMessage(authenticatedBytes);
  const header = decodeOmemoMessage(authenticated.message);
  if (header.ciphertext === undefined) fail('malformed', 'OMEMOMessage without ciphertext');
  const state = clone(current);
  const newlySkipped: SkippedKey[] = [];
  let mk: Uint8Array;
  const skippedIndex = findSkipped(state, header);
  if (skippedIndex >= 0) {
    mk = state.skipped[skippedIndex]!.mk;
    state.skipped.splice(skippedIndex, 1);
  } else {
    if (!equalBytes(header.dhPub, state.otherPub)) {
      // Keys left in the old receiving chain; like python, beyond the bound they are not computed.
      const left = state.receiving === null ? 0 : Math.max(header.pn - state.receiving.n, 0);
      if (left <= MAX_SKIPPED_PER_MESSAGE) skipTo(state, header.pn, newlySkipped);
      state.otherPub = header.dhPub;
      const receive = rootStep(state.rootKey, x25519(state.own, state.otherPub));
      state.rootKey = receive.rootKey;
      state.receiving = { key: receive.chainKey, n: 0 };
      state.pn = state.sending.n;
      newSendingChain(state, nextPriv);
    }
    const receiving = state.receiving;
    if (receiving === null) return fail('malformed', 'no receiving chain for this ratchet key');
    if (header.n - receiving.n > MAX_SKIPPED_PER_MESSAGE) {
      fail('too-many-skipped', `message skips ${header.n - receiving.n} keys`);
    }
    if (header.n < receiving.n) fail('duplicate', 'this message was already decrypted');
    skipTo(state, header.n, newlySkipped);
    mk = chainStep(receiving);
  }
  const keys = messageKeys(mk);
  if (!equalBytes(mac(keys.authKey, ad, authenticated.message), authenticated.mac)) {
    fail('auth-failed', 'the message authentication code does not match');
  }
  const plaintext = aesCbcDecrypt(keys.encKey, keys.iv, header.ciphertext);
  state.skipped.push(...newlySkipped);
  if (state.skipped.length > MAX_SKIPPED_PER_SESSION) {
    state.skipped.splice(0, state.skipped.length - MAX_SKIPPED_PER_SESSION);
  }
  return { state, plaintext, header };
}
