#!/usr/bin/python3
"""A slixmpp peer for XEP-0454 (aesgcm://) file interoperability, using slixmpp's own
xep_0454 plugin for the cryptography.

    slixmpp-aesgcm-peer.py send --to JID --file PATH --jid J --password P --port N --ca CA
    slixmpp-aesgcm-peer.py receive --jid J --password P --port N --ca CA

send: encrypts the file with XEP_0454.encrypt, uploads the ciphertext through xep_0363 and
sends the aesgcm:// URL as the whole body (no OOB), as Conversations does.
receive: waits for a message whose body is an aesgcm:// URL, fetches the ciphertext and
decrypts it with XEP_0454.decrypt; reports the plaintext's size and SHA-256.

The test server's upload slots are plain http on loopback, which slixmpp's format_url refuses
(it insists on https): only that last step is done here, the same way for http.
"""

import argparse
import asyncio
import hashlib
import importlib.util
import json
import logging
import os
import sys
import urllib.request
from io import BytesIO
from pathlib import Path

OUT = sys.stdout
sys.stdout = sys.stderr  # stdout is for JSON lines only

_spec = importlib.util.spec_from_file_location(
    "slixmpp_peer", os.path.join(os.path.dirname(os.path.abspath(__file__)), "slixmpp-peer.py")
)
peer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(peer)

from slixmpp.plugins.xep_0454 import XEP_0454  # noqa: E402


def emit(event, **fields):
    OUT.write(json.dumps({"event": event, **fields}) + "\n")
    OUT.flush()


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("mode", choices=["send", "receive"])
    p.add_argument("--jid", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--ca", required=True)
    p.add_argument("--timeout", type=float, default=40.0)
    p.add_argument("--to")
    p.add_argument("--file")
    args = p.parse_args()
    args.scenario = "aesgcm"  # what the shared login() looks at
    return args


async def send(xmpp, args):
    upload = xmpp["xep_0363"]
    upload.upload_service, upload.max_file_size = await peer.find_upload_service(xmpp)
    with open(args.file, "rb") as f:
        payload, fragment = XEP_0454.encrypt(input_file=f)
    name = Path(args.file).name
    url = await upload.upload_file(
        name, size=len(payload), content_type="application/octet-stream",
        input_file=BytesIO(payload), timeout=10,
    )
    scheme, rest = url.split("://", 1)
    if scheme not in ("https", "http") or "#" in rest:
        raise RuntimeError(f"unexpected slot URL {url!r}")
    body = f"aesgcm://{rest}#{fragment}"
    xmpp.make_message(mto=args.to, mbody=body, mtype="chat").send()
    emit("sent", body=body, stored=len(payload))


async def receive(xmpp, args):
    msg = await peer.wait_for_message(
        xmpp, "message", lambda m: m["body"].startswith("aesgcm://")
    )
    body = msg["body"]
    has_oob = msg.xml.find("{jabber:x:oob}x") is not None
    has_sfs = msg.xml.find("{urn:xmpp:sfs:0}file-sharing") is not None
    emit("message", body=body, oob=has_oob, sfs=has_sfs)
    location, fragment = body[len("aesgcm://"):].split("#", 1)
    # Loopback only: the test server serves its slots over plain http.
    url = "http://" + location

    def fetch():
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read()

    data = await asyncio.to_thread(fetch)
    plain = XEP_0454.decrypt(BytesIO(data), fragment)
    emit("decrypted", stored=len(data), size=len(plain), sha256=hashlib.sha256(plain).hexdigest())


async def main(args):
    xmpp = await peer.login(args, ("xep_0363", "xep_0454"))
    emit("ready")
    await (send if args.mode == "send" else receive)(xmpp, args)
    await xmpp.disconnect(wait=2.0)
    emit("done")


def run():
    args = parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    try:
        asyncio.run(asyncio.wait_for(main(args), args.timeout))
    except asyncio.TimeoutError:
        print(f"slixmpp-aesgcm-peer: timed out after {args.timeout} s", file=sys.stderr)
        sys.exit(2)
    except Exception as err:  # noqa: BLE001
        print(f"slixmpp-aesgcm-peer: failed: {err!r}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    run()
