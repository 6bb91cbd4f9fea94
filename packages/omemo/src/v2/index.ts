/**
 * OMEMO 2 (urn:xmpp:omemo:2, XEP-0384 0.9) for Parley: pure crypto and formats, no XMPP I/O and no
 * storage. Every function takes the state it needs and returns the state to write ("staged
 * writes"); the backend commits those writes in the same transaction as the message, so a crash
 * rolls both back and the stanza is redelivered.
 */
import { jid as parseJid } from '@xmpp/jid';
import { equalBytes } from './crypto.js';
import { OmemoV2Error, fail } from './errors.js';
import { identityFromSeed, type IdentityKeys, type KeyPair } from './keys.js';
import {
  findOwnKey,
  validateEncryptedMessage,
  type EncryptedMessageV2,
  type KeysForJid,
} from './message.js';
import {
  EMPTY_KEY_MATERIAL,
  KEY_MATERIAL_LENGTH,
  decryptPayload,
  encryptPayload,
} from './payload.js';
import {
  decodeAuthenticatedMessage,
  decodeKeyExchange,
  decodeOmemoMessage,
  encodeAuthenticatedMessage,
  encodeKeyExchange,
  type OmemoKeyExchange,
} from './proto.js';
import {
  initiatorState,
  ratchetDecrypt,
  ratchetEncrypt,
  responderState,
  type PrivateKeySource,
} from './ratchet.js';
import {
  promoteSession,
  replaceSession,
  type ArchivedSession,
  type SessionRecord,
} from './session.js';
import { validateBundle, type BundleV2 } from './bundle.js';
import { parseEnvelope, type ParsedEnvelope } from './sce.js';
import { x3dhActive, x3dhPassive } from './x3dh.js';

export * from './bundle.js';
export * from './errors.js';
export * from './message.js';
export * from './sce.js';
export * from './session.js';
export {
  generatePreKeys,
  generateSignedPreKey,
  identityFromSeed,
  isValidId,
  MAX_ID,
} from './keys.js';
export type { IdentityKeys, KeyPair, PreKey, SignedPreKey } from './keys.js';
/** The Curve25519 form of an identity key: what the trust store pins and fingerprints show. */
export { edwardsToMontgomery } from './crypto.js';

/**
 * XEP-0384 §Business rules: on the first message of a ratchet key with counter ≥ 53, answer with
 * an empty message so the ratchet moves on (python-omemo: receiving chain length > 53).
 */
export const HEARTBEAT_COUNTER = 53;

function bareJid(value: string): string {
  try {
    return parseJid(value).bare().toString();
  } catch {
    return fail('malformed', `invalid recipient JID ${JSON.stringify(value)}`);
  }
}

export interface OwnDevice {
  jid: string;
  deviceId: number;
  identity: IdentityKeys;
}

export function ownDevice(jid: string, deviceId: number, seed: Uint8Array): OwnDevice {
  return { jid, deviceId, identity: identityFromSeed(seed) };
}

/** Builds an (unconfirmed) session from a fetched bundle, lazily right before the first send. */
export function startSession(own: OwnDevice, bundle: BundleV2): SessionRecord {
  const valid = validateBundle(bundle);
  const x = x3dhActive(own.identity, valid);
  return {
    initiation: 'active',
    confirmed: false,
    ad: x.associatedData,
    remoteIk: valid.ik,
    kex: { ik: own.identity.edPub, ek: x.ek, spkId: x.spkId, pkId: x.pkId },
    ratchet: initiatorState(x.sharedSecret, valid.spk),
    heartbeatFor: null,
  };
}

export interface Recipient {
  jid: string;
  deviceId: number;
  session: SessionRecord;
}

export interface EncryptResult {
  message: EncryptedMessageV2;
  /** The new session of every recipient, to write with the outgoing message. */
  sessions: Recipient[];
}

/**
 * Encrypts `plaintext` (an SCE envelope, see sce.ts) for every recipient device; `null` makes an
 * empty message (key transport: session completion, heartbeat), which carries no payload and
 * must never get a body.
 */
export function encrypt(
  own: OwnDevice,
  plaintext: Uint8Array | null,
  recipients: Recipient[],
): EncryptResult {
  if (recipients.length === 0) fail('no-recipients', 'no device to encrypt for');
  const seen = new Set<string>();
  for (const r of recipients) {
    const id = `${bareJid(r.jid)}/${r.deviceId}`;
    if (seen.has(id)) fail('malformed', `recipient ${id} listed twice`);
    seen.add(id);
  }
  const payload = plaintext === null ? null : encryptPayload(plaintext);
  const keyMaterial = payload === null ? EMPTY_KEY_MATERIAL : payload.keyMaterial;
  const groups = new Map<string, KeysForJid>();
  const sessions: Recipient[] = [];
  for (const r of recipients) {
    const out = ratchetEncrypt(r.session.ratchet, keyMaterial, r.session.ad);
    const session = { ...r.session, ratchet: out.state };
    const wrap = session.initiation === 'active' && !session.confirmed;
    const data = wrap
      ? encodeKeyExchange({
          ...session.kex,
          message: decodeAuthenticatedMessage(out.authenticated),
        })
      : out.authenticated;
    const jid = bareJid(r.jid);
    let group = groups.get(jid);
    if (group === undefined) {
      group = { jid, keys: [] };
      groups.set(jid, group);
    }
    group.keys.push({ rid: r.deviceId, kex: wrap, data });
    sessions.push({ jid: r.jid, deviceId: r.deviceId, session });
  }
  const message: EncryptedMessageV2 = { sid: own.deviceId, keys: [...groups.values()] };
  if (payload !== null) message.payload = payload.ciphertext;
  return { message, sessions };
}

/** Our published key pairs (private and public halves), looked up by id from the store. */
export interface OwnPreKeys {
  signedPreKey(id: number): KeyPair | undefined;
  preKey(id: number): KeyPair | undefined;
}

export interface DecryptInput {
  /** Bare JID of the sender (the real JID in a group chat). */
  senderJid: string;
  message: EncryptedMessageV2;
  /** Our session with (senderJid, message.sid), if any. */
  session: SessionRecord | null;
  /** The identity key we already know for that device (from its bundle or trust store). */
  knownIk?: Uint8Array;
  preKeys: OwnPreKeys;
  /** Tests only: where new ratchet keys come from. */
  nextPrivateKey?: PrivateKeySource;
}

export interface DecryptResult {
  /** The decrypted SCE envelope bytes, or null for an empty (key transport) message. */
  plaintext: Uint8Array | null;
  senderDeviceId: number;
  /** The sender device's identity key: check trust before showing the message. */
  identityKey: Uint8Array;
  /** Write this session with the message. */
  session: SessionRecord;
  /** A prekey the key exchange used: delete it (after catch-up) and republish the bundle. */
  usedPreKeyId: number | null;
  /** The message's counter (n) in its chain; the heartbeat rule is based on it. */
  counter: number;
  /** An empty message to send back: 'completion' after a key exchange, 'heartbeat' per rule above. */
  reply: 'completion' | 'heartbeat' | null;
}

function sameKeyExchange(a: SessionRecord['kex'], b: OmemoKeyExchange): boolean {
  return (
    equalBytes(a.ik, b.ik) && equalBytes(a.ek, b.ek) && a.spkId === b.spkId && a.pkId === b.pkId
  );
}

function openKeyExchange(own: OwnDevice, input: DecryptInput, kex: OmemoKeyExchange) {
  if (input.knownIk !== undefined && !equalBytes(kex.ik, input.knownIk)) {
    fail('identity-mismatch', 'the key exchange carries another identity key than the device has');
  }
  const authenticated = encodeAuthenticatedMessage(kex.message);
  const existing = input.session;
  // The initiator repeats its key exchange until we answer: same exchange → same session, the
  // current one or one a crossing key exchange replaced since.
  const built = (s: ArchivedSession) => s.initiation === 'passive' && sameKeyExchange(s.kex, kex);
  if (existing !== null && built(existing)) {
    const out = ratchetDecrypt(existing.ratchet, authenticated, existing.ad, input.nextPrivateKey);
    return { session: { ...existing, ratchet: out.state }, out, usedPreKeyId: null };
  }
  const index = existing?.previous?.findIndex(built) ?? -1;
  if (existing !== null && index >= 0) {
    const old = existing.previous![index]!;
    const out = ratchetDecrypt(old.ratchet, authenticated, old.ad, input.nextPrivateKey);
    const session = promoteSession(existing, index, { ...old, ratchet: out.state });
    return { session, out, usedPreKeyId: null };
  }
  const spk = input.preKeys.signedPreKey(kex.spkId);
  if (spk === undefined) fail('unknown-prekey', `no signed prekey ${kex.spkId}`);
  const pk = input.preKeys.preKey(kex.pkId);
  if (pk === undefined) fail('unknown-prekey', `no prekey ${kex.pkId}`);
  const x = x3dhPassive(own.identity, { theirIk: kex.ik, ek: kex.ek, spk, pk });
  const header = decodeOmemoMessage(kex.message.message);
  const ratchet = responderState(x.sharedSecret, spk, header.dhPub, input.nextPrivateKey);
  const out = ratchetDecrypt(ratchet, authenticated, x.associatedData, input.nextPrivateKey);
  // The session it replaces (ours, built at the same moment) is kept: the peer may answer on it.
  const session = replaceSession(
    {
      initiation: 'passive',
      confirmed: false,
      ad: x.associatedData,
      remoteIk: kex.ik,
      kex: { ik: kex.ik, ek: kex.ek, spkId: kex.spkId, pkId: kex.pkId },
      ratchet: out.state,
      heartbeatFor: null,
    },
    existing,
  );
  return { session, out, usedPreKeyId: kex.pkId };
}

/**
 * A plain message: on the current session, or else on one it replaced (the peer still answers
 * on it after both started a session at once), which then becomes current again. If none opens
 * it, the current session's error.
 */
function openMessage(input: DecryptInput, existing: SessionRecord, data: Uint8Array) {
  try {
    const out = ratchetDecrypt(existing.ratchet, data, existing.ad, input.nextPrivateKey);
    return { session: { ...existing, ratchet: out.state }, out, usedPreKeyId: null };
  } catch (error) {
    const previous = existing.previous ?? [];
    let replay: unknown = null;
    for (const [index, old] of previous.entries()) {
      let out;
      try {
        out = ratchetDecrypt(old.ratchet, data, old.ad, input.nextPrivateKey);
      } catch (oldError) {
        // A redelivered message of that session: a replay, not a broken session.
        if (oldError instanceof OmemoV2Error && oldError.code === 'duplicate') replay = oldError;
        continue;
      }
      const session = promoteSession(existing, index, { ...old, ratchet: out.state });
      return { session, out, usedPreKeyId: null };
    }
    throw replay ?? error;
  }
}

/**
 * Decrypts one message for our device. Nothing is written: on success the caller stores
 * `session` (and deletes `usedPreKeyId`) together with the message; on an error the old state
 * stays valid. Replays fail with code 'duplicate' — dedupe by stanza id before calling.
 */
export function decrypt(own: OwnDevice, input: DecryptInput): DecryptResult {
  const message = validateEncryptedMessage(input.message);
  const key = findOwnKey(message, own.jid, own.deviceId);
  if (key === undefined) fail('not-for-us', 'the message holds no key for this device');
  let opened;
  if (key.kex) {
    opened = openKeyExchange(own, input, decodeKeyExchange(key.data));
  } else {
    const existing = input.session;
    if (existing === null) fail('no-session', 'no session with this device and no key exchange');
    opened = openMessage(input, existing, key.data);
  }
  const keyMaterial = opened.out.plaintext;
  let plaintext: Uint8Array | null = null;
  if (message.payload !== undefined) {
    plaintext = decryptPayload(message.payload, keyMaterial);
  } else if (
    keyMaterial.length !== EMPTY_KEY_MATERIAL.length &&
    keyMaterial.length !== KEY_MATERIAL_LENGTH
  ) {
    fail('malformed', 'empty message with key material of the wrong size');
  }
  const session: SessionRecord = { ...opened.session, confirmed: true };
  let reply: DecryptResult['reply'] = null;
  if (key.kex) {
    reply = 'completion';
  } else if (
    opened.out.header.n >= HEARTBEAT_COUNTER &&
    (session.heartbeatFor === null || !equalBytes(session.heartbeatFor, opened.out.header.dhPub))
  ) {
    reply = 'heartbeat';
    session.heartbeatFor = opened.out.header.dhPub;
  }
  return {
    plaintext,
    senderDeviceId: message.sid,
    identityKey: session.remoteIk,
    session,
    usedPreKeyId: opened.usedPreKeyId,
    counter: opened.out.header.n,
    reply,
  };
}

export interface EnvelopeDecryptInput extends DecryptInput {
  /** The bare JID the stanza was addressed to (ours, or the room's in a group chat). */
  stanzaTo: string;
  groupchat?: boolean;
}

export interface EnvelopeDecryptResult extends DecryptResult {
  /** The SCE envelope, checked against the stanza; null for an empty message. */
  envelope: ParsedEnvelope | null;
}

/**
 * decrypt() plus the receiver's XEP-0420 checks: the payload must be a UTF-8 SCE envelope whose
 * <from> is senderJid and whose <to> is stanzaTo. On failure nothing is to be written, as for
 * any other decryption error.
 */
export function decryptEnvelope(
  own: OwnDevice,
  input: EnvelopeDecryptInput,
): EnvelopeDecryptResult {
  const result = decrypt(own, input);
  if (result.plaintext === null) return { ...result, envelope: null };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(result.plaintext);
  } catch {
    return fail('envelope', 'the payload is not UTF-8');
  }
  const envelope = parseEnvelope(text, {
    from: input.senderJid,
    to: input.stanzaTo,
    groupchat: input.groupchat === true,
  });
  return { ...result, envelope };
}
