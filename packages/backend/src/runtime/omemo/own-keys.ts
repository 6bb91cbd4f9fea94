/**
 * Our own OMEMO keys in the store: one identity (an Ed25519 seed) and device id for both
 * versions, a signed prekey and ~100 prekeys per version, refilled with new ids only, the signed
 * prekey rotated weekly. Also the bundles we publish, in packages/xmpp's wire form.
 * Each function runs in its own store transaction: partly created keys never survive a crash.
 */
import {
  deriveIdentity,
  generateDeviceId,
  generateIdentitySeed,
  legacySign,
  legacySignatureSignBit,
  PREKEY_REFILL_THRESHOLD,
  PREKEY_TARGET,
  withDjbType,
} from '@parley/omemo';
import { generatePreKeys, generateSignedPreKey, identityFromSeed } from '@parley/omemo/v2';
import type { OmemoVersion as StoredVersion } from '@parley/contract';
import type { OmemoIdentityRecord, Store } from '@parley/store';
import type { OmemoBundle, OmemoVersion } from '@parley/xmpp';

export const VERSIONS: readonly OmemoVersion[] = ['legacy', 'v2'];
/** packages/omemo and packages/xmpp say legacy/v2; the contract and the store omemo/omemo2. */
export const STORED: Record<OmemoVersion, StoredVersion> = { legacy: 'omemo', v2: 'omemo2' };
/** A new signed prekey each week; the old one answers late prekey messages one more week. */
export const SIGNED_PREKEY_ROTATION_MS = 7 * 24 * 60 * 60 * 1000;

/** Fresh X25519 key pairs; the store gives them their (never reused) ids. */
function keyPairs(count: number): { priv: Uint8Array; pub: Uint8Array }[] {
  // generatePreKeys numbers them from 1; only the key pairs are kept.
  return generatePreKeys(1, count).map(({ priv, pub }) => ({ priv, pub }));
}

function newSignedPreKey(seed: Uint8Array, version: OmemoVersion) {
  // The signature covers the public key only (its id is not signed), so the store may number it.
  const signed = generateSignedPreKey(identityFromSeed(seed), 1);
  const { priv, pub } = signed;
  // Legacy: over 0x05 ‖ key, carrying our Ed25519 sign bit (legacySign); OMEMO 2: Ed25519.
  const signature =
    version === 'legacy' ? legacySign(seedCurve(seed), withDjbType(pub)) : signed.signature;
  return { priv, pub, signature };
}

const seedCurve = (seed: Uint8Array) => deriveIdentity(seed).curvePrivate;

/**
 * The legacy signature to publish for a stored signed prekey. Those made before the signature
 * carried our Ed25519 sign bit (plain XEdDSA) still verify, but make python-omemo keep a wrong
 * identity for us when that bit is 1: they are signed again here, so the next publish fixes them
 * without waiting for the weekly rotation.
 */
function legacySignature(seed: Uint8Array, pub: Uint8Array, stored: Uint8Array): Uint8Array {
  const signBit = deriveIdentity(seed).ed25519Public[31]! & 0x80;
  if (legacySignatureSignBit(stored) === signBit) return stored;
  return legacySign(seedCurve(seed), withDjbType(pub));
}

/**
 * The account's identity, created on first use with its keys for both versions: a device id
 * not in `takenDeviceIds` (the ids on our published lists), a signed prekey and 100 prekeys each.
 */
export function ensureIdentity(
  store: Store,
  accountId: string,
  takenDeviceIds: Iterable<number>,
  now: number,
): { identity: OmemoIdentityRecord; created: boolean } {
  const existing = store.omemoIdentity.get(accountId);
  if (existing) return { identity: existing, created: false };
  const seed = generateIdentitySeed();
  store.transaction(() => {
    const deviceId = generateDeviceId(takenDeviceIds);
    store.omemoIdentity.create(accountId, { deviceId, seed }, now);
    for (const version of VERSIONS) {
      store.omemoPrekeys.rotateSigned(
        accountId,
        STORED[version],
        newSignedPreKey(seed, version),
        now,
      );
      store.omemoPrekeys.add(accountId, STORED[version], keyPairs(PREKEY_TARGET), now);
    }
  });
  return { identity: store.omemoIdentity.get(accountId)!, created: true };
}

/** Tops each version's unused prekeys up to 100 once fewer than 75 remain; how many were added. */
export function refillPreKeys(store: Store, accountId: string, now: number): number {
  return store.transaction(() => {
    let added = 0;
    for (const version of VERSIONS) {
      const unused = store.omemoPrekeys.countPublished(accountId, STORED[version]);
      if (unused >= PREKEY_REFILL_THRESHOLD) continue;
      added += store.omemoPrekeys.add(
        accountId,
        STORED[version],
        keyPairs(PREKEY_TARGET - unused),
        now,
      ).length;
    }
    return added;
  });
}

/**
 * A new signed prekey per version once the current one is a rotation period old; the retired
 * ones older than another period are deleted. True when the bundles changed.
 */
export function rotateSignedPreKeysIfDue(store: Store, accountId: string, now: number): boolean {
  const identity = store.omemoIdentity.get(accountId);
  if (!identity) return false;
  return store.transaction(() => {
    let rotated = false;
    for (const version of VERSIONS) {
      const current = store.omemoPrekeys.currentSigned(accountId, STORED[version]);
      if (current && now - current.createdAt < SIGNED_PREKEY_ROTATION_MS) continue;
      store.omemoPrekeys.rotateSigned(
        accountId,
        STORED[version],
        newSignedPreKey(identity.seed, version),
        now,
      );
      rotated = true;
    }
    store.omemoPrekeys.pruneRetired(accountId, now - SIGNED_PREKEY_ROTATION_MS);
    return rotated;
  });
}

/** Our bundle of one version as published: keys in that version's wire form. */
export function ownBundle(store: Store, accountId: string, version: OmemoVersion): OmemoBundle {
  const identity = store.omemoIdentity.get(accountId);
  const signed = store.omemoPrekeys.currentSigned(accountId, STORED[version]);
  if (!identity || !signed) throw new Error('the OMEMO identity is not created yet');
  const keys = deriveIdentity(identity.seed);
  const wire = (key: Uint8Array) => (version === 'legacy' ? withDjbType(key) : key);
  return {
    identityKey: version === 'legacy' ? keys.curvePublicPrefixed : keys.ed25519Public,
    signedPreKey: {
      id: signed.id,
      key: wire(signed.pub),
      signature:
        version === 'legacy'
          ? legacySignature(identity.seed, signed.pub, signed.signature)
          : signed.signature,
    },
    preKeys: store.omemoPrekeys
      .published(accountId, STORED[version])
      .map((p) => ({ id: p.id, key: wire(p.pub) })),
  };
}
