#!/usr/bin/python3
"""Generates v2-vectors.json: OMEMO 2 (urn:xmpp:omemo:2) known answers from Debian's python-twomemo,
python-x3dh, python-doubleratchet and python-xeddsa.

Run once with /usr/bin/python3; the output is committed. Randomness is replaced by a deterministic
stream (SHA-256 of a counter) so the TypeScript tests can replay every draw in the same order.
"""
import asyncio
import base64
import hashlib
import json
import secrets
import sys

import x3dh
import x3dh.identity_key_pair
import xeddsa
from doubleratchet.recommended import diffie_hellman_ratchet_curve25519
from twomemo import twomemo as tm
from twomemo.twomemo_pb2 import OMEMOAuthenticatedMessage, OMEMOKeyExchange, OMEMOMessage

COUNTER = [0]
DRAWS = []


def det(n: int) -> bytes:
    out = b""
    while len(out) < n:
        COUNTER[0] += 1
        out += hashlib.sha256(b"parley-omemo2-vectors" + COUNTER[0].to_bytes(4, "big")).digest()
    DRAWS.append(out[:n])
    return out[:n]


secrets.token_bytes = det  # type: ignore[assignment]
secrets.choice = lambda seq: sorted(seq)[0]  # type: ignore[assignment]
diffie_hellman_ratchet_curve25519.DiffieHellmanRatchet._generate_priv = staticmethod(lambda: det(32))  # type: ignore


def b64(b: bytes) -> str:
    return base64.b64encode(b).decode()


def proto_vectors():
    msg = OMEMOMessage(n=0, pn=0, dh_pub=bytes(range(32)))
    msg_ct = OMEMOMessage(n=300, pn=70000, dh_pub=bytes(range(32)), ciphertext=b"\x01" * 48)
    auth = OMEMOAuthenticatedMessage(mac=b"\x02" * 16, message=msg_ct.SerializeToString())
    kex = OMEMOKeyExchange(pk_id=2**31 - 1, spk_id=1, ik=b"\x03" * 32, ek=b"\x04" * 32, message=auth)
    return {
        "message_no_ciphertext": {"n": 0, "pn": 0, "dh_pub": b64(bytes(range(32))), "bytes": b64(msg.SerializeToString())},
        "message": {"n": 300, "pn": 70000, "dh_pub": b64(bytes(range(32))), "ciphertext": b64(b"\x01" * 48),
                    "bytes": b64(msg_ct.SerializeToString())},
        "authenticated": {"mac": b64(b"\x02" * 16), "bytes": b64(auth.SerializeToString())},
        "key_exchange": {"pk_id": 2**31 - 1, "spk_id": 1, "ik": b64(b"\x03" * 32), "ek": b64(b"\x04" * 32),
                         "bytes": b64(kex.SerializeToString())},
    }


def identity(seed: bytes):
    priv = xeddsa.seed_to_priv(seed)
    return {"seed": b64(seed), "ed25519_pub": b64(xeddsa.seed_to_ed25519_pub(seed)),
            "curve25519_priv": b64(priv), "curve25519_pub": b64(xeddsa.priv_to_curve25519_pub(priv))}


async def session_vectors():
    fmt, h = x3dh.IdentityKeyFormat.ED_25519, x3dh.HashFunction.SHA_256
    alice_seed, bob_seed = det(32), det(32)
    start = len(DRAWS)
    bob = tm.StateImpl.create(fmt, h, tm.StateImpl.INFO, x3dh.identity_key_pair.IdentityKeyPairSeed(bob_seed))
    alice = tm.StateImpl.create(fmt, h, tm.StateImpl.INFO, x3dh.identity_key_pair.IdentityKeyPairSeed(alice_seed))
    bob.generate_pre_keys(3)
    bob_model = bob.model
    bundle = bob.bundle
    spk = bob_model.signed_pre_key
    pre_keys = sorted(((pk, xeddsa.priv_to_curve25519_pub(pk)) for pk in bob_model.pre_keys), key=lambda p: p[1])
    DRAWS.clear()
    ss, ad, header = await alice.get_shared_secret_active(bundle)
    ephemeral_priv = DRAWS[0]
    ss_b, ad_b, _ = await bob.get_shared_secret_passive(header)
    assert ss == ss_b and ad == ad_b
    used_pk = next(i for i, (_, pub) in enumerate(pre_keys) if pub == header.pre_key)

    kw = dict(diffie_hellman_ratchet_class=diffie_hellman_ratchet_curve25519.DiffieHellmanRatchet,
              root_chain_kdf=tm.RootChainKDFImpl, message_chain_kdf=tm.MessageChainKDFImpl,
              message_chain_constant=tm.DoubleRatchetImpl.MESSAGE_CHAIN_CONSTANT,
              dos_protection_threshold=1000, max_num_skipped_message_keys=1000, aead=tm.AEADImpl)
    steps = []
    DRAWS.clear()
    first = b"\x11" * 48
    ra, m = await tm.DoubleRatchetImpl.encrypt_initial_message(
        **kw, shared_secret=ss, recipient_ratchet_pub=bundle.signed_pre_key, message=first, associated_data=ad)
    steps.append({"op": "alice_initial", "plaintext": b64(first), "wire": b64(m.ciphertext), "draws": [b64(d) for d in DRAWS]})
    DRAWS.clear()
    rb, pt = await tm.DoubleRatchetImpl.decrypt_initial_message(
        **kw, shared_secret=ss, own_ratchet_priv=spk.priv, message=m, associated_data=ad)
    assert pt == first
    steps.append({"op": "bob_initial", "draws": [b64(d) for d in DRAWS]})
    # alice sends two more (bob gets them swapped), bob replies twice, alice answers once
    script = [("alice", b"\x21" * 48), ("alice", b"\x22" * 32), ("bob", b"\x31" * 48), ("bob", b"\x32" * 48),
              ("alice", b"\x41" * 48)]
    sent = []
    for who, plaintext in script:
        DRAWS.clear()
        r = ra if who == "alice" else rb
        em = await r.encrypt_message(plaintext, ad)
        steps.append({"op": f"{who}_encrypt", "plaintext": b64(plaintext), "wire": b64(em.ciphertext),
                      "draws": [b64(d) for d in DRAWS]})
        sent.append((who, em, plaintext))
    for index in [1, 0, 3, 2, 4]:
        who, em, plaintext = sent[index]
        DRAWS.clear()
        r = rb if who == "alice" else ra
        got = await r.decrypt_message(em, ad)
        assert got == plaintext
        steps.append({"op": f"{'bob' if who == 'alice' else 'alice'}_decrypt", "index": index,
                      "draws": [b64(d) for d in DRAWS]})
    # direction changes after both sides have received: each decrypt now steps the DH ratchet
    for who, plaintext in [("alice", b"\x51" * 48), ("bob", b"\x61" * 48)]:
        DRAWS.clear()
        sender, receiver = (ra, rb) if who == "alice" else (rb, ra)
        em = await sender.encrypt_message(plaintext, ad)
        steps.append({"op": f"{who}_encrypt", "plaintext": b64(plaintext), "wire": b64(em.ciphertext),
                      "draws": [b64(d) for d in DRAWS]})
        sent.append((who, em, plaintext))
        DRAWS.clear()
        assert await receiver.decrypt_message(em, ad) == plaintext
        steps.append({"op": f"{'bob' if who == 'alice' else 'alice'}_decrypt", "index": len(sent) - 1,
                      "draws": [b64(d) for d in DRAWS]})

    return {
        "alice": identity(alice_seed),
        "bob": {**identity(bob_seed),
                "spk_priv": b64(spk.priv), "spk_pub": b64(bundle.signed_pre_key), "spk_sig": b64(bundle.signed_pre_key_sig),
                "pre_keys": [{"priv": b64(p), "pub": b64(q)} for p, q in pre_keys[:3]]},
        "x3dh": {"ephemeral_priv": b64(ephemeral_priv), "ephemeral_pub": b64(header.ephemeral_key),
                 "pre_key_index": used_pk, "shared_secret": b64(ss), "associated_data": b64(ad)},
        "ratchet": steps,
    }


async def payload_vector():
    DRAWS.clear()
    content, key_material = await tm.Twomemo.encrypt_plaintext(None, "Hello, OMEMO 2 ✓".encode())  # type: ignore
    return {"plaintext": b64("Hello, OMEMO 2 ✓".encode()), "key": b64(key_material.key),
            "auth_tag": b64(key_material.auth_tag), "ciphertext": b64(content.ciphertext)}


async def main():
    seed = bytes(range(32))
    label = "Parley on Debian"
    out = {
        "generator": "gen_v2_vectors.py with python3-twomemo 1.0.3, python3-x3dh 1.0.3, python3-doubleratchet 1.0.3, python3-xeddsa 1.0.2",
        "proto": proto_vectors(),
        "identity": {**identity(seed), "signed_message": b64(b"\x05" * 32),
                     "signature": b64(xeddsa.ed25519_seed_sign(seed, b"\x05" * 32)),
                     "label": label, "label_signature": b64(xeddsa.ed25519_seed_sign(seed, label.encode()))},
        "session": await session_vectors(),
        "payload": await payload_vector(),
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


asyncio.run(main())
