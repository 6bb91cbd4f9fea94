// A complete OMEMO 2 device in memory for tests: identity, signed prekey, prekeys, bundle.
import { randomBytes } from 'node:crypto';
import {
  generatePreKeys,
  generateSignedPreKey,
  ownBundle,
  ownDevice,
  type BundleV2,
  type OwnDevice,
  type OwnPreKeys,
  type PreKey,
  type SignedPreKey,
} from '../v2/index.js';

export interface TestDevice {
  own: OwnDevice;
  spk: SignedPreKey;
  preKeys: PreKey[];
  bundle: BundleV2;
  lookup: OwnPreKeys;
}

export function makeTestDevice(jid: string, deviceId: number, preKeyCount = 25): TestDevice {
  const own = ownDevice(jid, deviceId, new Uint8Array(randomBytes(32)));
  const spk = generateSignedPreKey(own.identity, 1);
  const preKeys = generatePreKeys(1, preKeyCount);
  return {
    own,
    spk,
    preKeys,
    bundle: ownBundle(own.identity, spk, preKeys),
    lookup: {
      signedPreKey: (id) => (id === spk.id ? spk : undefined),
      preKey: (id) => preKeys.find((k) => k.id === id),
    },
  };
}
