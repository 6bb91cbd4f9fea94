/**
 * libsignal-protocol-typescript's StorageType over StagedStorage: every write the library makes
 * is staged (see storage.ts), sessions are pruned before they are staged (record-prune.ts),
 * and a removed prekey is only marked consumed, to be deleted after catch-up.
 * The library names addresses as "name.deviceId" strings; they are looked up in the one map of
 * addresses this store was opened for, never parsed (a JID may contain dots).
 * isTrustedIdentity always says yes: the library does not await it for prekey messages
 * (OMEMO.md §2.2 #4), so trust is decided by the caller before the library is called.
 */
import {
  SignalProtocolAddress,
  type Direction,
  type KeyPairType,
  type StorageType,
} from '@privacyresearch/libsignal-protocol-typescript';
import type { Identity } from '../identity.js';
import type { DeviceAddress, StagedStorage, StoredIdentity } from '../storage.js';
import { toArrayBuffer } from './crypto-node.js';
import { LegacyOmemoError } from './errors.js';
import { pruneSessionRecord } from './record-prune.js';

const keyPair = (k: { privateKey: Uint8Array; publicKey: Uint8Array }): KeyPairType => ({
  pubKey: toArrayBuffer(k.publicKey),
  privKey: toArrayBuffer(k.privateKey),
});

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(b);

export class LibsignalStore implements StorageType {
  readonly #staged: StagedStorage;
  readonly #identity: StoredIdentity;
  readonly #identityKeyPair: KeyPairType;
  readonly #now: () => number;
  readonly #addresses = new Map<string, DeviceAddress>();
  readonly consumedPreKeys: number[] = [];

  /** `derived` is deriveIdentity(identity.seed), which the account keeps between operations. */
  constructor(
    staged: StagedStorage,
    identity: StoredIdentity,
    derived: Identity,
    now: () => number,
  ) {
    this.#staged = staged;
    this.#identity = identity;
    this.#identityKeyPair = keyPair({
      privateKey: derived.curvePrivate,
      publicKey: derived.curvePublicPrefixed,
    });
    this.#now = now;
  }

  /** The library address for a device, registered so the store can map it back. */
  address(device: DeviceAddress): SignalProtocolAddress {
    const address = new SignalProtocolAddress(device.jid, device.deviceId);
    this.#addresses.set(address.toString(), device);
    return address;
  }

  #device(encoded: string): DeviceAddress {
    const device = this.#addresses.get(encoded);
    if (!device) throw new LegacyOmemoError('malformed', 'unregistered libsignal address');
    return device;
  }

  async getIdentityKeyPair() {
    return this.#identityKeyPair;
  }

  async getLocalRegistrationId() {
    return this.#identity.deviceId;
  }

  async isTrustedIdentity(_name: string, _key: ArrayBuffer, _direction: Direction) {
    return true;
  }

  async saveIdentity(encodedAddress: string, publicKey: ArrayBuffer) {
    const address = this.#device(encodedAddress);
    const key = new Uint8Array(publicKey.slice(0));
    const known = await this.#staged.loadPeerIdentity(address);
    if (known && sameBytes(known, key)) return false;
    this.#staged.stage({ kind: 'peerIdentity', address, key });
    return known !== undefined;
  }

  async loadPreKey(keyId: string | number) {
    const preKey = await this.#staged.loadPreKey(Number(keyId));
    return preKey && keyPair(preKey);
  }

  async storePreKey(keyId: number | string, pair: KeyPairType) {
    this.#staged.stage({
      kind: 'preKey',
      preKey: {
        id: Number(keyId),
        privateKey: new Uint8Array(pair.privKey.slice(0)),
        publicKey: new Uint8Array(pair.pubKey.slice(0)),
        consumedAt: null,
      },
    });
  }

  async removePreKey(keyId: number | string) {
    const id = Number(keyId);
    this.consumedPreKeys.push(id);
    this.#staged.stage({ kind: 'preKeyConsumed', id, at: this.#now() });
  }

  async storeSession(encodedAddress: string, record: string) {
    this.#staged.stage({
      kind: 'session',
      namespace: 'legacy',
      address: this.#device(encodedAddress),
      record: pruneSessionRecord(record),
    });
  }

  async loadSession(encodedAddress: string) {
    return this.#staged.loadSession('legacy', this.#device(encodedAddress));
  }

  async loadSignedPreKey(keyId: number | string) {
    const spk = await this.#staged.loadSignedPreKey(Number(keyId));
    return spk && keyPair(spk);
  }

  async storeSignedPreKey() {
    // Signed prekeys are generated and staged by the account (bundle.ts), never by the library.
  }

  async removeSignedPreKey() {
    // Old signed prekeys are retired by the account, not by the library.
  }
}
