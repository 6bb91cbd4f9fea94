// Our legacy bundle's signed-prekey signature carries our Ed25519 sign bit (as python-oldmemo
// publishes it), so peers that read our Ed25519 key from the legacy bundle get the key our OMEMO 2
// bundle carries. Signatures stored before that (plain XEdDSA, bit 0) are fixed at publish.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  deriveIdentity,
  legacyEd25519Identity,
  legacySignatureVerify,
  xeddsaSign,
} from '@parley/omemo';
import { generatePreKeys } from '@parley/omemo/v2';
import type { Store } from '@parley/store';
import { newAccount, openTempStore, type TempStore } from '../../../../store/src/test-support.js';
import vectors from '../../../../omemo/test-vectors/identity.json' with { type: 'json' };
import { ensureIdentity, ownBundle } from './own-keys.js';

let temp: TempStore;
let store: Store;

beforeEach(() => {
  temp = openTempStore();
  store = temp.store;
  store.accounts.insert(newAccount('a', { jid: 'me@example.org', password: 'pw', resource: 'r' }));
});
afterEach(() => temp.dispose());

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** What a python-oldmemo peer reads from our legacy bundle, and whether the signature holds. */
function asPythonReadsIt() {
  const wire = ownBundle(store, 'a', 'legacy');
  const { signature, key } = wire.signedPreKey;
  return {
    ed25519: hex(legacyEd25519Identity(wire.identityKey, signature)!),
    verifies: legacySignatureVerify(wire.identityKey, key, signature),
  };
}

describe('the sign bit in our legacy bundle', () => {
  it('new identities: the legacy bundle names our OMEMO 2 key, for both sign bits', () => {
    const bits = new Set<number>();
    // Each identity has sign bit 1 with probability 1/2: 64 tries see both but for 2^-63.
    for (let i = 0; i < 64 && bits.size < 2; i++) {
      const { identity } = ensureIdentity(store, 'a', [], 1_000);
      const ours = deriveIdentity(identity.seed).ed25519Public;
      bits.add(ours[31]! >> 7);
      expect(asPythonReadsIt()).toEqual({ ed25519: hex(ours), verifies: true });
      expect(ownBundle(store, 'a', 'v2').identityKey).toEqual(ours);
      store.omemoIdentity.delete('a');
    }
    expect(bits).toEqual(new Set([0, 1]));
  });

  it('a signature stored before the fix (plain XEdDSA) is signed again when published', () => {
    // A fixed seed whose Ed25519 key has sign bit 1, with the signed prekey as it was stored.
    const seed = Buffer.from(vectors.vectors.find((v) => v.edSignBit === 1)!.seed, 'hex');
    const id = deriveIdentity(seed);
    store.omemoIdentity.create('a', { deviceId: 1234, seed }, 1_000);
    const { priv, pub } = generatePreKeys(1, 1)[0]!;
    const old = xeddsaSign(id.curvePrivate, Uint8Array.of(0x05, ...pub));
    store.omemoPrekeys.rotateSigned('a', 'omemo', { priv, pub, signature: old }, 2_000);
    expect(store.omemoPrekeys.currentSigned('a', 'omemo')!.signature).toEqual(old);

    expect(asPythonReadsIt()).toEqual({ ed25519: hex(id.ed25519Public), verifies: true });
  });
});
