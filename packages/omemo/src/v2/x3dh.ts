/**
 * X3DH as XEP-0384 0.9 profiles it (and python-x3dh with twomemo's settings computes it):
 * Curve25519 with SHA-256, info "OMEMO X3DH", input 0xFF×32 ‖ DH1 ‖ DH2 ‖ DH3 ‖ DH4, salt 32 zero
 * bytes; identity keys travel in Ed25519 form and are mapped to Montgomery form for DH; the signed
 * prekey's signature is plain Ed25519 over its raw 32 bytes; AD = IK_initiator ‖ IK_responder
 * (Ed25519 forms). OMEMO 2 requires a one-time prekey in every key exchange.
 */
import {
  concatBytes,
  ed25519Verify,
  edwardsToMontgomery,
  hkdf,
  generateX25519,
  x25519,
  type KeyPair,
} from './crypto.js';
import { randomInt } from 'node:crypto';
import { fail } from './errors.js';
import type { IdentityKeys } from './keys.js';

const INFO = 'OMEMO X3DH';
const PADDING = new Uint8Array(32).fill(0xff);
const SALT = new Uint8Array(32);

/** The parts of a peer's bundle X3DH uses; bundle.ts validates the published form into this. */
export interface X3dhBundle {
  ik: Uint8Array;
  spkId: number;
  spk: Uint8Array;
  spkSig: Uint8Array;
  preKeys: { id: number; pub: Uint8Array }[];
}

export interface X3dhActiveResult {
  sharedSecret: Uint8Array;
  associatedData: Uint8Array;
  /** What goes into the OMEMOKeyExchange. */
  ek: Uint8Array;
  spkId: number;
  pkId: number;
}

function deriveSecret(dh: Uint8Array[]): Uint8Array {
  return hkdf(concatBytes(PADDING, ...dh), SALT, INFO, 32);
}

export interface X3dhActiveOptions {
  /** Tests replay known vectors with these; production leaves both to randomness. */
  ephemeral?: KeyPair;
  preKeyIndex?: number;
}

export function x3dhActive(
  own: IdentityKeys,
  bundle: X3dhBundle,
  options: X3dhActiveOptions = {},
): X3dhActiveResult {
  if (!ed25519Verify(bundle.ik, bundle.spk, bundle.spkSig)) {
    fail('bad-signature', 'the signed prekey signature does not verify against the identity key');
  }
  if (bundle.preKeys.length === 0) fail('malformed', 'the bundle holds no prekey');
  const index = options.preKeyIndex ?? randomInt(bundle.preKeys.length);
  const preKey = bundle.preKeys[index];
  if (preKey === undefined) fail('malformed', `no prekey at index ${index}`);
  const ephemeral = options.ephemeral ?? generateX25519();
  const theirIk = edwardsToMontgomery(bundle.ik);
  const sharedSecret = deriveSecret([
    x25519(own.curve, bundle.spk),
    x25519(ephemeral, theirIk),
    x25519(ephemeral, bundle.spk),
    x25519(ephemeral, preKey.pub),
  ]);
  return {
    sharedSecret,
    associatedData: concatBytes(own.edPub, bundle.ik),
    ek: ephemeral.pub,
    spkId: bundle.spkId,
    pkId: preKey.id,
  };
}

export interface X3dhPassiveInput {
  theirIk: Uint8Array;
  ek: Uint8Array;
  spk: KeyPair;
  pk: KeyPair;
}

export function x3dhPassive(
  own: IdentityKeys,
  input: X3dhPassiveInput,
): { sharedSecret: Uint8Array; associatedData: Uint8Array } {
  const theirIk = edwardsToMontgomery(input.theirIk);
  const sharedSecret = deriveSecret([
    x25519(input.spk, theirIk),
    x25519(own.curve, input.ek),
    x25519(input.spk, input.ek),
    x25519(input.pk, input.ek),
  ]);
  return { sharedSecret, associatedData: concatBytes(input.theirIk, own.edPub) };
}
