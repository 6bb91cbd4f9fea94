#!/usr/bin/python3
"""A slixmpp client that publishes and reads avatars with slixmpp's own plugins, driven line by
line by a test (XEP-0084 over PEP, XEP-0153/XEP-0054 vCard photos).

    slixmpp-avatar-peer.py --jid J --password P --port N --ca CA.pem [--timeout S]

It logs in like slixmpp-peer.py, accepts presence subscriptions (slixmpp's default), says
{"event": "ready"}, then reads one JSON command per stdin line; each answers
{"event": "done", "seq": N, ...} or {"event": "error", "seq": N, "error": ...}.

Commands (`do`):
  publish_pep   {data, type}  data (base64) to urn:xmpp:avatar:data, then its metadata
  publish_vcard {data, type}  the vCard PHOTO (XEP-0153 set_avatar: also the presence hash)
  read_pep      {jid}         the jid's current metadata id and the data item's bytes (base64)
  read_vcard    {jid}         the jid's vCard PHOTO bytes (base64), or null
  subscribe     {jid}         ask for the jid's presence
Metadata notifications are reported as {"event": "metadata", "from": J, "ids": [...]}.
"""

import argparse
import asyncio
import base64
import hashlib
import importlib.util
import json
import logging
import os
import sys

OUT = sys.stdout
sys.stdout = sys.stderr

_spec = importlib.util.spec_from_file_location(
    "slixmpp_peer", os.path.join(os.path.dirname(os.path.abspath(__file__)), "slixmpp-peer.py")
)
peer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(peer)

PLUGINS = ("xep_0054", "xep_0060", "xep_0163", "xep_0084", "xep_0153")


def emit(event, **fields):
    OUT.write(json.dumps({"event": event, **fields}) + "\n")
    OUT.flush()


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--jid", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--ca", required=True)
    p.add_argument("--timeout", type=float, default=60.0)
    args = p.parse_args()
    args.scenario = "driven"
    return args


async def perform(xmpp, cmd):
    what = cmd["do"]
    if what == "publish_pep":
        data = base64.b64decode(cmd["data"])
        await xmpp["xep_0084"].publish_avatar(data)
        info = {"id": hashlib.sha1(data).hexdigest(), "type": cmd["type"], "bytes": len(data)}
        await xmpp["xep_0084"].publish_avatar_metadata([info])
        return {"id": info["id"]}
    if what == "publish_vcard":
        data = base64.b64decode(cmd["data"])
        await xmpp["xep_0153"].set_avatar(avatar=data, mtype=cmd["type"])
        return {"id": hashlib.sha1(data).hexdigest()}
    if what == "read_pep":
        items = await xmpp["xep_0060"].get_items(cmd["jid"], "urn:xmpp:avatar:metadata", max_items=1)
        metadata = items["pubsub"]["items"]
        infos = [
            info
            for item in metadata
            for info in item.xml.iter("{urn:xmpp:avatar:metadata}info")
        ]
        if not infos:
            return {"id": None, "data": None}
        avatar_id = infos[-1].get("id")
        result = await xmpp["xep_0084"].retrieve_avatar(cmd["jid"], avatar_id)
        value = result["pubsub"]["items"]["item"]["avatar_data"]["value"]
        return {"id": avatar_id, "type": infos[-1].get("type"),
                "data": base64.b64encode(value).decode()}
    if what == "read_vcard":
        result = await xmpp["xep_0054"].get_vcard(cmd["jid"], cached=False)
        binval = result["vcard_temp"]["PHOTO"]["BINVAL"]
        return {"data": base64.b64encode(binval).decode() if binval else None,
                "type": result["vcard_temp"]["PHOTO"]["TYPE"] or None}
    if what == "subscribe":
        xmpp.send_presence(pto=cmd["jid"], ptype="subscribe")
        return {}
    raise ValueError(f"unknown command {what!r}")


async def commands(xmpp):
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            return
        if not line.strip():
            continue
        cmd = json.loads(line)
        try:
            answer = await perform(xmpp, cmd)
            emit("done", seq=cmd.get("seq"), **answer)
        except Exception as err:  # noqa: BLE001  (reported to the test, which decides)
            emit("error", seq=cmd.get("seq"), error=repr(err))


def on_metadata(msg):
    items = msg["pubsub_event"]["items"]
    ids = [info.get("id") for info in items.xml.iter("{urn:xmpp:avatar:metadata}info")]
    emit("metadata", **{"from": str(msg["from"]), "ids": ids})


async def main(args):
    xmpp = await peer.login(args, PLUGINS)
    xmpp.add_event_handler("avatar_metadata_publish", on_metadata)
    emit("ready", jid=str(xmpp.boundjid))
    await commands(xmpp)
    await xmpp.disconnect(wait=2.0)


def run():
    args = parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    try:
        asyncio.run(asyncio.wait_for(main(args), args.timeout))
    except asyncio.TimeoutError:
        print(f"slixmpp-avatar-peer: timed out after {args.timeout} s", file=sys.stderr)
        sys.exit(2)
    except Exception as err:  # noqa: BLE001
        print(f"slixmpp-avatar-peer: failed: {err!r}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    run()
