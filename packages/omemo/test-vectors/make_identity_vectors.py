#!/usr/bin/python3
"""Generates identity.json once: python's xeddsa (Debian python3-xeddsa 1.0.2) on fixed inputs.

Run: /usr/bin/python3 make_identity_vectors.py > identity.json && pnpm prettier --write identity.json
Seeds, messages and nonces are derived from SHA-512 of a counter so the file can be regenerated
byte for byte.
"""
import hashlib
import json

import xeddsa


def det(label: str, i: int, n: int) -> bytes:
    out = b""
    block = 0
    while len(out) < n:
        out += hashlib.sha512(f"{label}-{i}-{block}".encode()).digest()
        block += 1
    return out[:n]


def legacy_sig(priv: bytes, ed_pub: bytes, msg: bytes, nonce: bytes) -> bytes:
    sig = bytearray(xeddsa.ed25519_priv_sign(priv, msg, nonce))
    sig[63] |= ed_pub[31] & 0x80
    return bytes(sig)


vectors = []
for i in range(16):
    seed = det("seed", i, 32)
    msg = det("msg", i, 1 + (i * 7) % 64)
    nonce = det("nonce", i, 64)
    priv = xeddsa.seed_to_priv(seed)
    ed_pub = xeddsa.seed_to_ed25519_pub(seed)
    curve_pub = xeddsa.priv_to_curve25519_pub(priv)
    # XEdDSA as python-x3dh signs a signed prekey: force the Edwards sign bit to 0, then sign.
    sig = xeddsa.ed25519_priv_sign(xeddsa.priv_force_sign(priv, False), msg, nonce)
    vectors.append({
        "seed": seed.hex(),
        "ed25519Public": ed_pub.hex(),
        "curvePrivate": priv.hex(),
        "curvePublic": curve_pub.hex(),
        "message": msg.hex(),
        "nonce": nonce.hex(),
        "signature": sig.hex(),
        # python verifies its own signature against the sign-bit-0 Edwards key, as x3dh does
        "verifiesInPython": xeddsa.ed25519_verify(
            sig, xeddsa.curve25519_pub_to_ed25519_pub(curve_pub, False), msg),
        "edSignBit": ed_pub[31] >> 7,
        # The legacy bundle's signature as python-oldmemo publishes it: signed by the real
        # Ed25519 key (x3dh with the ED_25519 identity format does not force the sign bit), the
        # sign bit then put into the top bit of byte 63 (oldmemo.etree.serialize_bundle).
        "legacySignature": legacy_sig(priv, ed_pub, msg, nonce).hex(),
    })
print(json.dumps({"generator": "python3-xeddsa 1.0.2 via make_identity_vectors.py", "vectors": vectors}, indent=1))
