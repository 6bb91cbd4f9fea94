/**
 * Encrypting to and decrypting from devices through libsignal, with everything the library
 * leaves out: trust asked of the caller before a prekey message is processed, the payload
 * layer, the WhisperMessage counter for the heartbeat rule, and errors with a code.
 */
import { SessionBuilder, SessionCipher } from '@privacyresearch/libsignal-protocol-typescript';
import { withDjbType } from '../identity.js';
import type { DeviceAddress, StagedStorage } from '../storage.js';
import { validateBundle, type LegacyBundle } from './bundle.js';
import { toArrayBuffer } from './crypto-node.js';
import { LegacyOmemoError } from './errors.js';
import type { LibsignalStore } from './signal-store.js';
import { readPreKeyWhisperHeader, readWhisperHeader, type WhisperHeader } from './wire.js';

/** XEP-0384: the first message on a ratchet key with counter ≥ 53 asks for a heartbeat. */
export const HEARTBEAT_COUNTER = 53;

export async function buildSessionFromBundle(
  store: LibsignalStore,
  device: DeviceAddress,
  bundle: LegacyBundle,
): Promise<{ preKeyId: number; identityKey: Uint8Array }> {
  const valid = validateBundle(bundle);
  // Legacy OMEMO: the initiator picks one of the published prekeys at random.
  const preKey = valid.preKeys[Math.floor(Math.random() * valid.preKeys.length)]!;
  try {
    await new SessionBuilder(store, store.address(device)).processPreKey({
      registrationId: device.deviceId,
      identityKey: toArrayBuffer(valid.identityKey),
      signedPreKey: {
        keyId: valid.signedPreKey.id,
        publicKey: toArrayBuffer(valid.signedPreKey.publicKey),
        signature: toArrayBuffer(valid.signedPreKey.signature),
      },
      preKey: { keyId: preKey.id, publicKey: toArrayBuffer(preKey.publicKey) },
    });
  } catch (cause) {
    throw new LegacyOmemoError('bad-bundle', 'session could not be built', { cause });
  }
  return { preKeyId: preKey.id, identityKey: valid.identityKey };
}

export async function encryptKey(
  store: LibsignalStore,
  device: DeviceAddress,
  keyMaterial: Uint8Array,
): Promise<{ prekey: boolean; data: Uint8Array }> {
  const message = await new SessionCipher(store, store.address(device)).encrypt(
    toArrayBuffer(keyMaterial),
  );
  if (message.body === undefined) throw new LegacyOmemoError('session-broken', 'empty message');
  return { prekey: message.type === 3, data: new Uint8Array(Buffer.from(message.body, 'binary')) };
}

export interface IdentityDecision {
  readonly sender: DeviceAddress;
  /** 33-byte identity key the prekey message carries. */
  readonly identityKey: Uint8Array;
  /** The key stored for this device before, if any (a different one means a changed identity). */
  readonly previous: Uint8Array | undefined;
  /** A KeyTransport (no payload, nothing shown): XEP-0384 lets these bypass trust. */
  readonly keyTransport: boolean;
}

/** Asked before any prekey message is processed; false refuses it and changes nothing. */
export type AcceptIdentity = (decision: IdentityDecision) => boolean | Promise<boolean>;

export interface DecryptedKey {
  readonly keyMaterial: Uint8Array;
  readonly header: WhisperHeader;
  readonly identityKey: Uint8Array | undefined;
}

export async function decryptKey(
  store: LibsignalStore,
  staged: StagedStorage,
  sender: DeviceAddress,
  key: { prekey: boolean; data: Uint8Array },
  keyTransport: boolean,
  acceptIdentity: AcceptIdentity,
): Promise<DecryptedKey> {
  let header: WhisperHeader;
  let identityKey: Uint8Array | undefined;
  try {
    if (key.prekey) {
      const pre = readPreKeyWhisperHeader(key.data);
      header = pre.message;
      identityKey = pre.identityKey;
    } else {
      header = readWhisperHeader(key.data);
    }
  } catch (cause) {
    throw new LegacyOmemoError('malformed', 'unreadable Signal message', { cause });
  }
  const previous = await staged.loadPeerIdentity(sender);
  if (identityKey) {
    const decision = { sender, identityKey: withDjbType(identityKey), previous, keyTransport };
    if (!(await acceptIdentity(decision))) {
      throw new LegacyOmemoError('untrusted-identity', 'sender identity not accepted');
    }
  } else {
    identityKey = previous;
  }
  const cipher = new SessionCipher(store, store.address(sender));
  const body = Buffer.from(key.data).toString('binary');
  let plain: ArrayBuffer;
  try {
    plain = key.prekey
      ? await cipher.decryptPreKeyWhisperMessage(body, 'binary')
      : await cipher.decryptWhisperMessage(body, 'binary');
  } catch (cause) {
    throw libraryError(cause);
  }
  return { keyMaterial: new Uint8Array(plain), header, identityKey };
}

function libraryError(cause: unknown): LegacyOmemoError {
  const text = cause instanceof Error ? cause.message : String(cause);
  if (/Message key not found|counter was repeated/i.test(text)) {
    return new LegacyOmemoError('duplicate', 'message key already used', { cause });
  }
  return new LegacyOmemoError('session-broken', `could not decrypt: ${text}`, { cause });
}
