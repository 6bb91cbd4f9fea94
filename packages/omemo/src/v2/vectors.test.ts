// Known answers from python-twomemo/x3dh/doubleratchet/xeddsa (test-vectors/gen_v2_vectors.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ed25519Sign, ed25519Verify, edwardsToMontgomery, x25519PublicKey } from './crypto.js';
import { identityFromSeed, keyPairFromPrivate } from './keys.js';
import { decryptPayload, encryptPayload } from './payload.js';
import {
  decodeAuthenticatedMessage,
  decodeKeyExchange,
  decodeOmemoMessage,
  encodeAuthenticatedMessage,
  encodeKeyExchange,
  encodeOmemoMessage,
} from './proto.js';
import {
  initiatorState,
  ratchetDecrypt,
  ratchetEncrypt,
  responderState,
  type RatchetState,
} from './ratchet.js';
import { x3dhActive, x3dhPassive } from './x3dh.js';

const vectors = JSON.parse(
  readFileSync(new URL('../../test-vectors/v2-vectors.json', import.meta.url), 'utf8'),
) as Vectors;
const b = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
const hex = (u: Uint8Array): string => Buffer.from(u).toString('hex');

interface Id {
  seed: string;
  ed25519_pub: string;
  curve25519_priv: string;
  curve25519_pub: string;
}
interface Step {
  op: string;
  plaintext?: string;
  wire?: string;
  index?: number;
  draws: string[];
}
interface Vectors {
  proto: {
    message_no_ciphertext: { n: number; pn: number; dh_pub: string; bytes: string };
    message: { n: number; pn: number; dh_pub: string; ciphertext: string; bytes: string };
    authenticated: { mac: string; bytes: string };
    key_exchange: { pk_id: number; spk_id: number; ik: string; ek: string; bytes: string };
  };
  identity: Id & {
    signed_message: string;
    signature: string;
    label: string;
    label_signature: string;
  };
  session: {
    alice: Id;
    bob: Id & {
      spk_priv: string;
      spk_pub: string;
      spk_sig: string;
      pre_keys: { priv: string; pub: string }[];
    };
    x3dh: {
      ephemeral_priv: string;
      ephemeral_pub: string;
      pre_key_index: number;
      shared_secret: string;
      associated_data: string;
    };
    ratchet: Step[];
  };
  payload: { plaintext: string; key: string; auth_tag: string; ciphertext: string };
}

describe('OMEMO 2 protobuf against twomemo_pb2', () => {
  const p = vectors.proto;
  it('encodes OMEMOMessage byte for byte, required zero fields included', () => {
    const m = p.message_no_ciphertext;
    expect(hex(encodeOmemoMessage({ n: m.n, pn: m.pn, dhPub: b(m.dh_pub) }))).toBe(hex(b(m.bytes)));
    const c = p.message;
    const encoded = encodeOmemoMessage({
      n: c.n,
      pn: c.pn,
      dhPub: b(c.dh_pub),
      ciphertext: b(c.ciphertext),
    });
    expect(hex(encoded)).toBe(hex(b(c.bytes)));
    expect(decodeOmemoMessage(b(c.bytes))).toEqual({
      n: 300,
      pn: 70000,
      dhPub: b(c.dh_pub),
      ciphertext: b(c.ciphertext),
    });
  });
  it('encodes and decodes OMEMOAuthenticatedMessage and OMEMOKeyExchange', () => {
    const auth = { mac: b(p.authenticated.mac), message: b(p.message.bytes) };
    expect(hex(encodeAuthenticatedMessage(auth))).toBe(hex(b(p.authenticated.bytes)));
    expect(decodeAuthenticatedMessage(b(p.authenticated.bytes))).toEqual(auth);
    const k = p.key_exchange;
    const kex = { pkId: k.pk_id, spkId: k.spk_id, ik: b(k.ik), ek: b(k.ek), message: auth };
    expect(hex(encodeKeyExchange(kex))).toBe(hex(b(k.bytes)));
    expect(decodeKeyExchange(b(k.bytes))).toEqual(kex);
  });
});

describe('identity derivation and signatures against python-xeddsa', () => {
  const v = vectors.identity;
  it('derives the Ed25519 key, the Curve25519 key and its Montgomery form from the seed', () => {
    const id = identityFromSeed(b(v.seed));
    expect(hex(id.edPub)).toBe(hex(b(v.ed25519_pub)));
    expect(hex(id.curve.priv)).toBe(hex(b(v.curve25519_priv)));
    expect(hex(id.curve.pub)).toBe(hex(b(v.curve25519_pub)));
    expect(hex(x25519PublicKey(id.curve.priv))).toBe(hex(b(v.curve25519_pub)));
    expect(hex(edwardsToMontgomery(id.edPub))).toBe(hex(b(v.curve25519_pub)));
  });
  it('signs as python does (deterministic Ed25519) and verifies python signatures', () => {
    expect(hex(ed25519Sign(b(v.seed), b(v.signed_message)))).toBe(hex(b(v.signature)));
    expect(ed25519Verify(b(v.ed25519_pub), Buffer.from(v.label), b(v.label_signature))).toBe(true);
    expect(ed25519Verify(b(v.ed25519_pub), Buffer.from(v.label + '!'), b(v.label_signature))).toBe(
      false,
    );
  });
});

describe('X3DH against python-x3dh (twomemo settings)', () => {
  const s = vectors.session;
  const alice = identityFromSeed(b(s.alice.seed));
  const bob = identityFromSeed(b(s.bob.seed));
  const bundle = {
    ik: b(s.bob.ed25519_pub),
    spkId: 1,
    spk: b(s.bob.spk_pub),
    spkSig: b(s.bob.spk_sig),
    preKeys: s.bob.pre_keys.map((k, i) => ({ id: i + 1, pub: b(k.pub) })),
  };
  it('computes the same shared secret and AD as the initiator and as the responder', () => {
    const active = x3dhActive(alice, bundle, {
      ephemeral: keyPairFromPrivate(b(s.x3dh.ephemeral_priv)),
      preKeyIndex: s.x3dh.pre_key_index,
    });
    expect(hex(active.sharedSecret)).toBe(hex(b(s.x3dh.shared_secret)));
    expect(hex(active.associatedData)).toBe(hex(b(s.x3dh.associated_data)));
    expect(hex(active.ek)).toBe(hex(b(s.x3dh.ephemeral_pub)));
    const passive = x3dhPassive(bob, {
      theirIk: alice.edPub,
      ek: active.ek,
      spk: keyPairFromPrivate(b(s.bob.spk_priv)),
      pk: keyPairFromPrivate(b(s.bob.pre_keys[s.x3dh.pre_key_index]!.priv)),
    });
    expect(hex(passive.sharedSecret)).toBe(hex(b(s.x3dh.shared_secret)));
    expect(hex(passive.associatedData)).toBe(hex(b(s.x3dh.associated_data)));
    expect(hex(keyPairFromPrivate(b(s.bob.spk_priv)).pub)).toBe(hex(b(s.bob.spk_pub)));
  });
  it('refuses a bundle whose signed prekey signature does not verify', () => {
    const forged = { ...bundle, spk: b(s.bob.pre_keys[0]!.pub) };
    expect(() => x3dhActive(alice, forged)).toThrow(/signature/);
  });
});

describe('Double Ratchet against python-doubleratchet (twomemo settings)', () => {
  const s = vectors.session;
  const ss = b(s.x3dh.shared_secret);
  const ad = b(s.x3dh.associated_data);
  it('replays every step: same wire bytes out, same plaintexts in, out of order included', () => {
    const draws = (step: Step) => {
      const queue = step.draws.map(b);
      return () => {
        const next = queue.shift();
        if (next === undefined) throw new Error(`${step.op}: more draws than python made`);
        return keyPairFromPrivate(next);
      };
    };
    const [first, second, ...rest] = s.ratchet;
    let alice: RatchetState = initiatorState(ss, b(s.bob.spk_pub), draws(first!));
    const initial = ratchetEncrypt(alice, b(first!.plaintext!), ad);
    alice = initial.state;
    expect(hex(initial.authenticated)).toBe(hex(b(first!.wire!)));
    const firstHeader = decodeOmemoMessage(
      decodeAuthenticatedMessage(initial.authenticated).message,
    );
    let bob: RatchetState = responderState(
      ss,
      keyPairFromPrivate(b(s.bob.spk_priv)),
      firstHeader.dhPub,
      draws(second!),
    );
    const got = ratchetDecrypt(bob, initial.authenticated, ad);
    bob = got.state;
    expect(hex(got.plaintext)).toBe(hex(b(first!.plaintext!)));

    const sent: { wire: Uint8Array; plaintext: string }[] = [];
    for (const step of rest) {
      const [who, op] = step.op.split('_') as ['alice' | 'bob', 'encrypt' | 'decrypt'];
      const state = who === 'alice' ? alice : bob;
      let next: RatchetState;
      if (op === 'encrypt') {
        const out = ratchetEncrypt(state, b(step.plaintext!), ad);
        expect(hex(out.authenticated)).toBe(hex(b(step.wire!)));
        sent.push({ wire: out.authenticated, plaintext: step.plaintext! });
        next = out.state;
      } else {
        const message = sent[step.index!]!;
        const out = ratchetDecrypt(state, message.wire, ad, draws(step));
        expect(hex(out.plaintext)).toBe(hex(b(message.plaintext)));
        next = out.state;
      }
      if (who === 'alice') alice = next;
      else bob = next;
    }
    expect(sent).toHaveLength(7);
  });
});

describe('payload encryption against twomemo', () => {
  const p = vectors.payload;
  it('decrypts twomemo ciphertext with its key ‖ tag, and encrypts to the same bytes', () => {
    const keyMaterial = new Uint8Array([...b(p.key), ...b(p.auth_tag)]);
    expect(hex(decryptPayload(b(p.ciphertext), keyMaterial))).toBe(hex(b(p.plaintext)));
    const out = encryptPayload(b(p.plaintext), b(p.key));
    expect(hex(out.ciphertext)).toBe(hex(b(p.ciphertext)));
    expect(hex(out.keyMaterial)).toBe(hex(keyMaterial));
  });
});
