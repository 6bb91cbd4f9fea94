/**
 * One account's legacy OMEMO (eu.siacs.conversations.axolotl) device: creation, its bundle and
 * prekey refill, sessions from peers' bundles, encrypt and decrypt. Deleting used prekeys after
 * the catch-up and rotating the signed prekey are the backend's (runtime/omemo/own-keys.ts: the
 * store numbers keys across both versions). Every operation returns the
 * writes to commit (storage.ts); nothing is stored unless the caller commits them, so the backend
 * can put them in the message's transaction. Run one operation at a time per account.
 */
import { jid as parseJid } from '@xmpp/jid';
import { deriveIdentity, generateIdentitySeed, type Identity } from '../identity.js';
import { generateDeviceId, isValidDeviceId } from '../ids.js';
import {
  StagedStorage,
  type DeviceAddress,
  type OmemoStorage,
  type OmemoWrite,
  type StoredIdentity,
} from '../storage.js';
import {
  generatePreKeys,
  generateSignedPreKey,
  PREKEY_REFILL_THRESHOLD,
  PREKEY_TARGET,
  type LegacyBundle,
} from './bundle.js';
import {
  buildSessionFromBundle,
  decryptKey,
  encryptKey,
  HEARTBEAT_COUNTER,
  type AcceptIdentity,
} from './cipher.js';
import { installNodeCrypto } from './crypto-node.js';
import { LegacyOmemoError } from './errors.js';
import { MAX_KEYS_PER_MESSAGE, type LegacyEncrypted, type LegacyKey } from './message.js';
import { openPayload, sealPayload } from './payload.js';
import { LibsignalStore } from './signal-store.js';

export interface Staged<T> {
  readonly result: T;
  readonly writes: OmemoWrite[];
}

export interface EncryptResult {
  readonly encrypted: LegacyEncrypted;
  /** Devices no key could be made for (no session, broken session), with the reason. */
  readonly failures: { readonly device: DeviceAddress; readonly error: LegacyOmemoError }[];
}

export interface DecryptResult {
  readonly sender: DeviceAddress;
  /** null for a KeyTransport: no message to show, nothing to store as a message. */
  readonly plaintext: Uint8Array | null;
  readonly identityKey: Uint8Array | undefined;
  readonly prekey: boolean;
  /** Prekeys the message consumed: republish the bundle (after catch-up, purge them). */
  readonly consumedPreKeys: readonly number[];
  readonly counter: number;
  /** Send a KeyTransport to the sender after committing (once per peer ratchet key). */
  readonly heartbeatDue: boolean;
  /**
   * A KeyTransport's key as the sender put it in (null for a message). JET-OMEMO (XEP-0396)
   * carries a Jingle transfer's AES key this way, with the transfer's IV as the header's.
   */
  readonly transportKey: Uint8Array | null;
}

export function bareJid(text: string): string {
  try {
    return parseJid(text).bare().toString();
  } catch (cause) {
    throw new LegacyOmemoError('malformed', 'not a JID', { cause });
  }
}

function device(address: DeviceAddress): DeviceAddress {
  if (!isValidDeviceId(address.deviceId)) throw new LegacyOmemoError('malformed', 'device id');
  return { jid: bareJid(address.jid), deviceId: address.deviceId };
}

export class LegacyOmemoAccount {
  readonly #storage: OmemoStorage;
  readonly #ownJid: string;
  readonly #now: () => number;
  /** The keys derived from the stored seed: deriving costs ~1 ms, once per message otherwise. */
  #derived: Identity | undefined;

  constructor(storage: OmemoStorage, ownJid: string, now: () => number = Date.now) {
    installNodeCrypto();
    this.#storage = storage;
    this.#ownJid = bareJid(ownJid);
    this.#now = now;
  }

  /** A new identity, device id (not in `takenDeviceIds`), signed prekey and 100 prekeys. */
  async create(takenDeviceIds: Iterable<number> = []): Promise<Staged<StoredIdentity>> {
    const seed = generateIdentitySeed();
    const signedPreKey = generateSignedPreKey(seed, 1, this.#now());
    const { preKeys, nextPreKeyId } = generatePreKeys(1, PREKEY_TARGET);
    const identity: StoredIdentity = {
      deviceId: generateDeviceId(takenDeviceIds),
      seed,
      signedPreKeyId: signedPreKey.id,
      nextPreKeyId,
    };
    const writes: OmemoWrite[] = [
      { kind: 'identity', identity },
      { kind: 'signedPreKey', signedPreKey },
      ...preKeys.map((preKey) => ({ kind: 'preKey', preKey }) as const),
    ];
    return { result: identity, writes };
  }

  async #identity(storage: { loadIdentity(): Promise<StoredIdentity | undefined> }) {
    const identity = await storage.loadIdentity();
    if (!identity) throw new LegacyOmemoError('no-identity', 'create the OMEMO identity first');
    return identity;
  }

  /** deriveIdentity(seed), computed again only when the stored seed changes. */
  #derive(seed: Uint8Array): Identity {
    if (!this.#derived || !Buffer.from(this.#derived.seed).equals(seed)) {
      this.#derived = deriveIdentity(seed);
    }
    return this.#derived;
  }

  async deviceId(): Promise<number> {
    return (await this.#identity(this.#storage)).deviceId;
  }

  /** Our bundle to publish: the current signed prekey and every prekey not yet consumed. */
  async bundle(): Promise<LegacyBundle> {
    const identity = await this.#identity(this.#storage);
    const spk = await this.#storage.loadSignedPreKey(identity.signedPreKeyId);
    if (!spk) throw new LegacyOmemoError('no-identity', 'signed prekey missing');
    const preKeys = (await this.#storage.listPreKeys()).filter((p) => p.consumedAt === null);
    return {
      identityKey: this.#derive(identity.seed).curvePublicPrefixed,
      signedPreKey: { id: spk.id, publicKey: spk.publicKey, signature: spk.signature },
      preKeys: preKeys.map((p) => ({ id: p.id, publicKey: p.publicKey })),
    };
  }

  /** Tops the unused prekeys up to 100 once fewer than the threshold remain (new ids only). */
  async refillPreKeys(threshold = PREKEY_REFILL_THRESHOLD): Promise<Staged<number>> {
    const staged = new StagedStorage(this.#storage);
    const added = await this.#refill(staged, threshold);
    return { result: added, writes: staged.writes() };
  }

  async #refill(staged: StagedStorage, threshold: number): Promise<number> {
    const identity = await this.#identity(staged);
    const unused = (await staged.listPreKeys()).filter((p) => p.consumedAt === null).length;
    if (unused >= threshold) return 0;
    const { preKeys, nextPreKeyId } = generatePreKeys(
      identity.nextPreKeyId,
      PREKEY_TARGET - unused,
    );
    for (const preKey of preKeys) staged.stage({ kind: 'preKey', preKey });
    staged.stage({ kind: 'identity', identity: { ...identity, nextPreKeyId } });
    return preKeys.length;
  }

  async hasSession(address: DeviceAddress): Promise<boolean> {
    return (await this.#storage.loadSession('legacy', device(address))) !== undefined;
  }

  /** A session with `address` from its bundle (validated; a bad one throws 'bad-bundle'). */
  async buildSession(
    address: DeviceAddress,
    bundle: LegacyBundle,
  ): Promise<Staged<{ identityKey: Uint8Array }>> {
    const peer = device(address);
    const { staged, store } = await this.#open();
    const { identityKey } = await buildSessionFromBundle(store, peer, bundle);
    return { result: { identityKey }, writes: staged.writes() };
  }

  /** Drops the session with a device ("reset session"); the next send builds a new one. */
  resetSession(address: DeviceAddress): Staged<null> {
    const peer = device(address);
    return {
      result: null,
      writes: [{ kind: 'session', namespace: 'legacy', address: peer, record: null }],
    };
  }

  async #open() {
    const staged = new StagedStorage(this.#storage);
    const identity = await this.#identity(staged);
    return {
      staged,
      identity,
      store: new LibsignalStore(staged, identity, this.#derive(identity.seed), this.#now),
    };
  }

  /**
   * Encrypts for every device that has a session (never our own device); `null` makes a
   * KeyTransport (no payload, never a body). Throws 'no-recipient' when no key could be made.
   */
  async encrypt(
    plaintext: Uint8Array | string | null,
    recipients: readonly DeviceAddress[],
    /** A KeyTransport of this key and IV instead of random ones (JET-OMEMO, XEP-0396). */
    transportSecret?: { key: Uint8Array; iv: Uint8Array },
  ): Promise<Staged<EncryptResult>> {
    const { staged, identity, store } = await this.#open();
    const bytes = typeof plaintext === 'string' ? new TextEncoder().encode(plaintext) : plaintext;
    if (transportSecret && bytes !== null) {
      throw new LegacyOmemoError('malformed', 'a transport secret goes in a KeyTransport only');
    }
    const sealed = transportSecret
      ? { keyMaterial: transportSecret.key, iv: transportSecret.iv, payload: null }
      : sealPayload(bytes);
    const keys: LegacyKey[] = [];
    const failures: EncryptResult['failures'] = [];
    for (const recipient of recipients) {
      const peer = device(recipient);
      if (peer.jid === this.#ownJid && peer.deviceId === identity.deviceId) continue;
      if ((await staged.loadSession('legacy', peer)) === undefined) {
        failures.push({
          device: peer,
          error: new LegacyOmemoError('session-broken', 'no session'),
        });
        continue;
      }
      try {
        keys.push({ rid: peer.deviceId, ...(await encryptKey(store, peer, sealed.keyMaterial)) });
      } catch (cause) {
        const error =
          cause instanceof LegacyOmemoError
            ? cause
            : new LegacyOmemoError('session-broken', 'could not encrypt', { cause });
        failures.push({ device: peer, error });
      }
    }
    if (keys.length === 0) {
      throw new LegacyOmemoError('no-recipient', 'no device could be encrypted for');
    }
    const encrypted: LegacyEncrypted = {
      sid: identity.deviceId,
      keys,
      iv: sealed.iv,
      payload: sealed.payload,
    };
    return { result: { encrypted, failures }, writes: staged.writes() };
  }

  /** Decrypts a message from `from` (the sender's JID; only its bare part counts). */
  async decrypt(
    from: string,
    encrypted: LegacyEncrypted,
    acceptIdentity: AcceptIdentity,
  ): Promise<Staged<DecryptResult>> {
    const { staged, identity, store } = await this.#open();
    const sender = device({ jid: from, deviceId: encrypted.sid });
    if (sender.jid === this.#ownJid && sender.deviceId === identity.deviceId) {
      throw new LegacyOmemoError('own-device', 'message from this device');
    }
    if (encrypted.keys.length > MAX_KEYS_PER_MESSAGE) {
      throw new LegacyOmemoError('malformed', 'too many keys');
    }
    const key = encrypted.keys.find((k) => k.rid === identity.deviceId);
    if (!key) throw new LegacyOmemoError('not-for-this-device', 'no key for this device');
    const payload = encrypted.payload ?? null;
    const keyTransport = payload === null;
    const decrypted = await decryptKey(store, staged, sender, key, keyTransport, acceptIdentity);
    const plaintext =
      payload === null ? null : openPayload(decrypted.keyMaterial, encrypted.iv, payload);
    const { ratchetKey, counter } = decrypted.header;
    let heartbeatDue = false;
    if (counter >= HEARTBEAT_COUNTER) {
      const last = await staged.loadHeartbeat('legacy', sender);
      if (!last || !Buffer.from(last).equals(ratchetKey)) {
        heartbeatDue = true;
        staged.stage({ kind: 'heartbeat', namespace: 'legacy', address: sender, ratchetKey });
      }
    }
    const result: DecryptResult = {
      sender,
      plaintext,
      identityKey: decrypted.identityKey,
      prekey: key.prekey,
      consumedPreKeys: [...store.consumedPreKeys],
      counter,
      heartbeatDue,
      transportKey: keyTransport ? decrypted.keyMaterial : null,
    };
    return { result, writes: staged.writes() };
  }
}
