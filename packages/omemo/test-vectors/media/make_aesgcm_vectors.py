#!/usr/bin/python3
"""XEP-0454 file vectors made with python3-cryptography (an implementation independent of
Node's): fixed IV, key and plaintext; the ciphertext with its 16-byte tag appended.
Run once with /usr/bin/python3; the JSON beside it is what the unit tests read."""
import hashlib
import json
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

def plaintext(n):
    # Deterministic, not all one byte, so an offset error shows.
    out = bytearray()
    block = 0
    while len(out) < n:
        out += hashlib.sha256(block.to_bytes(4, "big")).digest()
        block += 1
    return bytes(out[:n])

cases = []
for n, iv_len in [(0, 12), (1, 12), (100, 12), (70000, 12), (1000, 16)]:
    key = hashlib.sha256(b"key" + n.to_bytes(4, "big")).digest()
    iv = hashlib.sha256(b"iv" + n.to_bytes(4, "big")).digest()[:iv_len]
    data = plaintext(n)
    sealed = AESGCM(key).encrypt(iv, data, None)  # ciphertext || 16-byte tag
    cases.append({
        "plainBytes": n,
        "ivHex": iv.hex(),
        "keyHex": key.hex(),
        "plainSha256": hashlib.sha256(data).hexdigest(),
        "sealedHex": sealed.hex(),
    })

with open("aesgcm-files.json", "w") as f:
    json.dump({"generator": "python3-cryptography AESGCM", "plaintext": "sha256(counter) blocks", "cases": cases}, f, indent=2)
    f.write("\n")
