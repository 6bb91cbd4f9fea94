// The OMEMO storage adapters over the real encrypted store: a peer builds a session from the
// bundle we would publish and sends to us; we decrypt through the adapters. Staged writes change
// nothing until committed; committed, they survive as the store's rows.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import {
  LegacyOmemoAccount,
  withDjbType,
  validateBundle as validateLegacyBundle,
  type LegacyBundle,
} from '@parley/omemo';
import {
  decrypt as decryptV2,
  identityFromSeed as identityOf,
  encrypt as encryptV2,
  startSession,
  validateBundle as validateV2Bundle,
  type BundleV2,
} from '@parley/omemo/v2';
import type { Store } from '@parley/store';
import type { OmemoBundle } from '@parley/xmpp';
import { newAccount, openTempStore, type TempStore } from '../../../../store/src/test-support.js';
import { makeDevice } from '../../../../omemo/src/test-support/legacy-pair.js';
import { makeTestDevice } from '../../../../omemo/src/test-support/v2-device.js';
import { StoreLegacyStorage } from './legacy-storage.js';
import {
  ensureIdentity,
  ownBundle,
  refillPreKeys,
  rotateSignedPreKeysIfDue,
  SIGNED_PREKEY_ROTATION_MS as WEEK,
} from './own-keys.js';
import { StoreV2State } from './v2-state.js';

const ME = 'me@example.org';
const PEER = 'peer@example.org';
let temp: TempStore;
let store: Store;

beforeEach(() => {
  temp = openTempStore();
  store = temp.store;
  store.accounts.insert(newAccount('a', { jid: ME, password: 'pw', resource: 'r' }));
});
afterEach(() => temp.dispose());

function legacyBundleOf(wire: OmemoBundle): LegacyBundle {
  return {
    identityKey: wire.identityKey,
    signedPreKey: {
      id: wire.signedPreKey.id,
      publicKey: wire.signedPreKey.key,
      signature: wire.signedPreKey.signature,
    },
    preKeys: wire.preKeys.map((p) => ({ id: p.id, publicKey: p.key })),
  };
}

function v2BundleOf(wire: OmemoBundle): BundleV2 {
  return {
    spkId: wire.signedPreKey.id,
    spk: wire.signedPreKey.key,
    spkSig: wire.signedPreKey.signature,
    ik: wire.identityKey,
    preKeys: wire.preKeys.map((p) => ({ id: p.id, pub: p.key })),
  };
}

const text = (b: Uint8Array | null) => (b === null ? null : new TextDecoder().decode(b));

describe('our keys in the store', () => {
  it('creates one identity with valid bundles of both versions, once', () => {
    const { identity, created } = ensureIdentity(store, 'a', [], 1_000);
    expect(created).toBe(true);
    expect(ensureIdentity(store, 'a', [], 2_000)).toMatchObject({ identity, created: false });
    const legacy = ownBundle(store, 'a', 'legacy');
    const v2 = ownBundle(store, 'a', 'v2');
    expect(legacy.preKeys).toHaveLength(100);
    expect(v2.preKeys).toHaveLength(100);
    expect(() => validateLegacyBundle(legacyBundleOf(legacy))).not.toThrow();
    expect(() => validateV2Bundle(v2BundleOf(v2))).not.toThrow();
    // Prekey ids come from one counter: never the same id twice, across versions too.
    const ids = [...legacy.preKeys, ...v2.preKeys].map((p) => p.id);
    expect(new Set(ids).size).toBe(200);
  });

  it('never gives a device id already on our lists', () => {
    const taken = Array.from({ length: 50 }, (_, i) => i + 1);
    const { identity } = ensureIdentity(store, 'a', taken, 1_000);
    expect(taken).not.toContain(identity.deviceId);
  });

  it('refills below 75 unused prekeys up to 100 with new ids', () => {
    ensureIdentity(store, 'a', [], 1_000);
    const before = store.omemoPrekeys.published('a', 'omemo').map((p) => p.id);
    for (const id of before.slice(0, 30)) store.omemoPrekeys.markConsumed('a', 'omemo', id, 5);
    store.omemoPrekeys.deleteConsumed('a');
    expect(refillPreKeys(store, 'a', 2_000)).toBe(30);
    const after = store.omemoPrekeys.published('a', 'omemo').map((p) => p.id);
    expect(after).toHaveLength(100);
    const fresh = after.filter((id) => !before.includes(id));
    expect(fresh).toHaveLength(30);
    expect(Math.min(...fresh)).toBeGreaterThan(Math.max(...before, 200));
  });
});

describe('signed prekey rotation', () => {
  it('rotates weekly and keeps the old one for one more period', () => {
    ensureIdentity(store, 'a', [], 0);
    const first = store.omemoPrekeys.currentSigned('a', 'omemo')!;
    expect(rotateSignedPreKeysIfDue(store, 'a', WEEK - 1)).toBe(false);
    expect(rotateSignedPreKeysIfDue(store, 'a', WEEK)).toBe(true);
    const second = store.omemoPrekeys.currentSigned('a', 'omemo')!;
    expect(second.id).not.toBe(first.id);
    expect(store.omemoPrekeys.currentSigned('a', 'omemo2')!.createdAt).toBe(WEEK);
    expect(() =>
      validateLegacyBundle(legacyBundleOf(ownBundle(store, 'a', 'legacy'))),
    ).not.toThrow();
    expect(() => validateV2Bundle(v2BundleOf(ownBundle(store, 'a', 'v2')))).not.toThrow();
    // Late prekey messages built on the old one still find it...
    expect(store.omemoPrekeys.getSigned('a', 'omemo', first.id)?.retiredAt).toBe(WEEK);
    // ...until a period after it was retired.
    rotateSignedPreKeysIfDue(store, 'a', 2 * WEEK);
    expect(store.omemoPrekeys.getSigned('a', 'omemo', first.id)).toBeNull();
    expect(store.omemoPrekeys.getSigned('a', 'omemo', second.id)).not.toBeNull();
  });
});

describe('legacy storage adapter', () => {
  it('decrypts a first message; its writes change nothing until committed', async () => {
    ensureIdentity(store, 'a', [], 1_000);
    const storage = new StoreLegacyStorage(store, 'a', () => 3_000);
    const me = new LegacyOmemoAccount(storage, ME, () => 3_000);
    const deviceId = await me.deviceId();
    const peer = await makeDevice(PEER);
    const built = await peer.account.buildSession(
      { jid: ME, deviceId },
      legacyBundleOf(ownBundle(store, 'a', 'legacy')),
    );
    await peer.storage.commit(built.writes);
    const sent = await peer.account.encrypt('hello', [{ jid: ME, deviceId }]);
    await peer.storage.commit(sent.writes);

    const got = await me.decrypt(PEER, sent.result.encrypted, () => true);
    expect(text(got.result.plaintext)).toBe('hello');
    expect(got.result.consumedPreKeys).toHaveLength(1);
    const used = got.result.consumedPreKeys[0]!;
    // Not committed: the store is as before.
    expect(store.omemoSessions.get('a', PEER, 'omemo', peer.address.deviceId)).toBeNull();
    expect(store.omemoPrekeys.get('a', 'omemo', used)?.consumedAt).toBeNull();
    expect(store.omemoTrust.get('a', PEER, peer.address.deviceId)).toBeNull();

    // Committed as WriteOps in one transaction (as the message's will be).
    const ops = storage.writeOps(got.writes);
    store.transaction(() => ops.forEach((op) => op()));
    expect(store.omemoSessions.get('a', PEER, 'omemo', peer.address.deviceId)).not.toBeNull();
    expect(store.omemoPrekeys.get('a', 'omemo', used)?.consumedAt).toBe(3_000);
    expect(store.omemoPrekeys.countPublished('a', 'omemo')).toBe(99);
    expect(store.omemoTrust.get('a', PEER, peer.address.deviceId)?.key).toHaveLength(32);

    // The stored session decrypts the next message.
    const next = await peer.account.encrypt('again', [{ jid: ME, deviceId }]);
    await peer.storage.commit(next.writes);
    const second = await me.decrypt(PEER, next.result.encrypted, () => true);
    expect(text(second.result.plaintext)).toBe('again');
  });

  it('rolls a commit back when the store numbers a key differently than staged', async () => {
    ensureIdentity(store, 'a', [], 1_000);
    const storage = new StoreLegacyStorage(store, 'a');
    // Staged as 2 (a numbering per version); the store counts both versions together.
    const signedPreKey = {
      id: 2,
      privateKey: randomBytes(32),
      publicKey: withDjbType(randomBytes(32)),
      signature: randomBytes(64),
      createdAt: 2_000,
    };
    const current = store.omemoPrekeys.currentSigned('a', 'omemo');
    await expect(storage.commit([{ kind: 'signedPreKey', signedPreKey }])).rejects.toThrow(
      /store gave it id/,
    );
    expect(store.omemoPrekeys.currentSigned('a', 'omemo')).toEqual(current);
  });

  it('commits the facade’s prekey refill under the store’s ids', async () => {
    ensureIdentity(store, 'a', [], 1_000);
    const storage = new StoreLegacyStorage(store, 'a');
    const me = new LegacyOmemoAccount(storage, ME);
    for (const p of store.omemoPrekeys.published('a', 'omemo').slice(0, 40)) {
      store.omemoPrekeys.markConsumed('a', 'omemo', p.id, 5);
    }
    const refill = await me.refillPreKeys();
    expect(refill.result).toBe(40);
    await storage.commit(refill.writes);
    expect(store.omemoPrekeys.countPublished('a', 'omemo')).toBe(100);
  });
});

describe('OMEMO 2 state adapter', () => {
  it('decrypts a key exchange with our stored keys; writes only when committed', () => {
    const { identity } = ensureIdentity(store, 'a', [], 1_000);
    const state = new StoreV2State(store, 'a', () => 4_000);
    const peer = makeTestDevice(PEER, 77);
    const session = startSession(peer.own, v2BundleOf(ownBundle(store, 'a', 'v2')));
    const out = encryptV2(peer.own, new TextEncoder().encode('hi 2'), [
      { jid: ME, deviceId: identity.deviceId, session },
    ]);
    const own = { jid: ME, deviceId: identity.deviceId, identity: identityOf(identity.seed) };
    const got = decryptV2(own, {
      senderJid: PEER,
      message: out.message,
      session: state.session(PEER, 77),
      preKeys: state.preKeys(),
    });
    expect(text(got.plaintext)).toBe('hi 2');
    expect(got.usedPreKeyId).not.toBeNull();
    const ops = [state.putSession(PEER, 77, got.session), state.consumePreKey(got.usedPreKeyId!)];
    expect(state.session(PEER, 77)).toBeNull();
    expect(store.omemoPrekeys.countPublished('a', 'omemo2')).toBe(100);
    store.transaction(() => ops.forEach((op) => op()));
    expect(state.session(PEER, 77)).toEqual(got.session);
    expect(store.omemoPrekeys.countPublished('a', 'omemo2')).toBe(99);
  });
});
