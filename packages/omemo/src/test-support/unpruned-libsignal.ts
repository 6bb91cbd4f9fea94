/**
 * The mandated library as it ships, without Parley's record prune (record-prune.ts): two devices
 * on a minimal in-memory StorageType that stores records exactly as the library hands them over.
 * The OMEMO benchmark uses it to show the growth the prune exists for (OMEMO.md §2.2 #7), next
 * to the pruned records of LegacyOmemoAccount; production code never takes this path.
 */
import {
  SessionBuilder,
  SessionCipher,
  SignalProtocolAddress,
  type KeyPairType,
  type StorageType,
} from '@privacyresearch/libsignal-protocol-typescript';
import { deriveIdentity, generateIdentitySeed } from '../identity.js';
import { generatePreKeys, generateSignedPreKey } from '../legacy/bundle.js';
import { installNodeCrypto, toArrayBuffer } from '../legacy/crypto-node.js';

const pair = (k: { privateKey: Uint8Array; publicKey: Uint8Array }): KeyPairType => ({
  pubKey: toArrayBuffer(k.publicKey),
  privKey: toArrayBuffer(k.privateKey),
});

class UnprunedStore implements StorageType {
  readonly sessions = new Map<string, string>();
  readonly #identity: KeyPairType;
  readonly #registrationId: number;
  readonly #preKeys = new Map<number, KeyPairType>();
  readonly #signedPreKeys = new Map<number, KeyPairType>();

  constructor(identity: KeyPairType, registrationId: number) {
    this.#identity = identity;
    this.#registrationId = registrationId;
  }
  addPreKey(id: number, keys: KeyPairType) {
    this.#preKeys.set(id, keys);
  }
  addSignedPreKey(id: number, keys: KeyPairType) {
    this.#signedPreKeys.set(id, keys);
  }
  async getIdentityKeyPair() {
    return this.#identity;
  }
  async getLocalRegistrationId() {
    return this.#registrationId;
  }
  async isTrustedIdentity() {
    return true;
  }
  async saveIdentity() {
    return false;
  }
  async loadPreKey(id: string | number) {
    return this.#preKeys.get(Number(id));
  }
  async storePreKey(id: string | number, keys: KeyPairType) {
    this.#preKeys.set(Number(id), keys);
  }
  async removePreKey(id: string | number) {
    this.#preKeys.delete(Number(id));
  }
  async storeSession(address: string, record: string) {
    this.sessions.set(address, record);
  }
  async loadSession(address: string) {
    return this.sessions.get(address);
  }
  async loadSignedPreKey(id: string | number) {
    return this.#signedPreKeys.get(Number(id));
  }
  async storeSignedPreKey(id: string | number, keys: KeyPairType) {
    this.#signedPreKeys.set(Number(id), keys);
  }
  async removeSignedPreKey(id: string | number) {
    this.#signedPreKeys.delete(Number(id));
  }
}

export interface UnprunedGrowth {
  /** The larger of the two devices' stored records, in bytes of JSON. */
  readonly recordBytes: number;
  /** Chains in that record's open session. */
  readonly chains: number;
}

/**
 * `messages` messages alternating between two devices, so each one is a direction change (a DH
 * ratchet step); returns the size of the records as the unpatched library leaves them.
 */
export async function unprunedRecordGrowth(messages: number): Promise<UnprunedGrowth> {
  installNodeCrypto();
  const now = Date.now();
  const device = (registrationId: number) => {
    const seed = generateIdentitySeed();
    const identity = deriveIdentity(seed);
    const store = new UnprunedStore(
      pair({ privateKey: identity.curvePrivate, publicKey: identity.curvePublicPrefixed }),
      registrationId,
    );
    const spk = generateSignedPreKey(seed, 1, now);
    const [preKey] = generatePreKeys(1, 1).preKeys;
    store.addSignedPreKey(spk.id, pair(spk));
    store.addPreKey(preKey!.id, pair(preKey!));
    return { store, identity, spk, preKey: preKey! };
  };
  const alice = device(1001);
  const bob = device(2002);
  const bobAtAlice = new SignalProtocolAddress('bob@example.org', 2002);
  const aliceAtBob = new SignalProtocolAddress('alice@example.org', 1001);
  await new SessionBuilder(alice.store, bobAtAlice).processPreKey({
    registrationId: 2002,
    identityKey: toArrayBuffer(bob.identity.curvePublicPrefixed),
    signedPreKey: {
      keyId: bob.spk.id,
      publicKey: toArrayBuffer(bob.spk.publicKey),
      signature: toArrayBuffer(bob.spk.signature),
    },
    preKey: { keyId: bob.preKey.id, publicKey: toArrayBuffer(bob.preKey.publicKey) },
  });
  const aliceCipher = new SessionCipher(alice.store, bobAtAlice);
  const bobCipher = new SessionCipher(bob.store, aliceAtBob);
  const plaintext = toArrayBuffer(new Uint8Array(32).fill(7));
  for (let i = 0; i < messages; i++) {
    const [from, to] = i % 2 === 0 ? [aliceCipher, bobCipher] : [bobCipher, aliceCipher];
    const out = await from.encrypt(plaintext);
    if (out.type === 3) await to.decryptPreKeyWhisperMessage(out.body!, 'binary');
    else await to.decryptWhisperMessage(out.body!, 'binary');
  }
  const records = [
    alice.store.sessions.get(bobAtAlice.toString())!,
    bob.store.sessions.get(aliceAtBob.toString())!,
  ];
  const largest = records.reduce((a, b) => (a.length >= b.length ? a : b));
  const sessions = Object.values(
    (JSON.parse(largest) as { sessions: Record<string, { chains?: object }> }).sessions,
  );
  return {
    recordBytes: Buffer.byteLength(largest, 'utf8'),
    chains: Math.max(...sessions.map((s) => Object.keys(s.chains ?? {}).length)),
  };
}
