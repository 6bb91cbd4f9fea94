#!/usr/bin/python3
"""A slixmpp client that a test drives line by line, for message-feature interoperability.

Run with Debian's /usr/bin/python3 (python3-slixmpp):

    slixmpp-driven-peer.py --jid J --password P --port N --ca CA.pem [--timeout S]

It logs in like slixmpp-peer.py (STARTTLS on 127.0.0.1, server verified against the test CA),
says {"event": "ready"}, then reads one JSON command per stdin line and answers on stdout with
one JSON object per line. Every message it receives is reported as {"event": "message", ...}
with the fields slixmpp's own plugins parsed (XEP-0308, 0444, 0424, 0425, 0461, 0428, 0333,
0359, 0421) and the raw XML, so a test checks both what slixmpp understood and the wire form.

Commands (`do`): send, correct, react, retract, reply, marker, join, moderate, raw, quit.
Each answers {"event": "done", "seq": N} (or {"event": "error", "seq": N, "error": ...}) with
the `seq` the command carried. The run is bounded by --timeout; stdin closing ends it too.
"""

import argparse
import asyncio
import importlib.util
import json
import logging
import os
import sys

OUT = sys.stdout
sys.stdout = sys.stderr  # slixmpp prints while joining rooms; stdout is for JSON lines only

from slixmpp.xmlstream import ET  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    "slixmpp_peer", os.path.join(os.path.dirname(os.path.abspath(__file__)), "slixmpp-peer.py")
)
peer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(peer)

PLUGINS = (
    "xep_0308", "xep_0333", "xep_0334", "xep_0359",
    "xep_0421", "xep_0424", "xep_0425", "xep_0428", "xep_0444", "xep_0461",
)


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
    args.scenario = "driven"  # what the shared login() looks at
    return args


def present(msg, name):
    return msg.get_plugin(name, check=True) is not None


def describe(msg):
    """What slixmpp's plugins read from one incoming message (absent parts are left out)."""
    info = {
        "from": str(msg["from"]),
        "type": msg["type"],
        "id": msg["id"],
        "body": msg["body"],
        "xml": str(msg),
    }
    if present(msg, "origin_id"):
        info["origin_id"] = msg["origin_id"]["id"]
    ids = [{"id": s.get("id"), "by": s.get("by")} for s in msg.xml.findall("{urn:xmpp:sid:0}stanza-id")]
    if ids:
        info["stanza_ids"] = ids
    if present(msg, "replace"):
        info["replace"] = msg["replace"]["id"]
    if present(msg, "reactions"):
        info["reactions"] = {
            "id": msg["reactions"]["id"],
            "values": sorted(msg["reactions"].get_values()),
        }
    apply_to = msg.xml.find("{urn:xmpp:fasten:0}apply-to")
    if apply_to is not None:
        info["apply_to"] = {
            "id": apply_to.get("id"),
            "children": [child.tag for child in apply_to],
        }
    retract1 = msg.xml.find("{urn:xmpp:message-retract:1}retract")
    if retract1 is not None:
        info["retract"] = retract1.get("id")
    if present(msg, "reply"):
        info["reply"] = {"id": msg["reply"]["id"], "to": msg["reply"]["to"]}
        if present(msg, "feature_fallback"):
            info["reply"]["stripped_body"] = msg["feature_fallback"].get_stripped_body()
    for marker in ("received", "displayed", "acknowledged"):
        if present(msg, marker):
            info[marker] = msg[marker]["id"]
    if present(msg, "markable"):
        info["markable"] = True
    if present(msg, "occupant-id"):
        info["occupant_id"] = msg["occupant-id"]["id"]
    if msg["type"] == "groupchat":
        info["nick"] = msg["mucnick"]
    return info


def message_to(xmpp, cmd):
    msg = xmpp.make_message(mto=cmd["to"], mtype=cmd.get("type", "chat"))
    if cmd.get("id"):
        msg["id"] = cmd["id"]
    if cmd.get("body") is not None:
        msg["body"] = cmd["body"]
    if cmd.get("origin_id", True):
        msg["origin_id"]["id"] = msg["id"]
    if cmd.get("markable"):
        msg.enable("markable")
    return msg


async def perform(xmpp, cmd):
    what = cmd["do"]
    if what == "send":
        message_to(xmpp, cmd).send()
    elif what == "correct":  # XEP-0308: cmd.replace = the id of the message corrected
        msg = message_to(xmpp, cmd)
        msg["replace"]["id"] = cmd["replace"]
        msg.send()
    elif what == "react":  # XEP-0444: cmd.target = the id reacted to, cmd.values = emoji
        msg = message_to(xmpp, {**cmd, "body": None})
        xmpp["xep_0444"].set_reactions(msg, cmd["target"], cmd["values"])
        msg.enable("store")
        msg.send()
    elif what == "retract":  # XEP-0424 as slixmpp 1.8.3 speaks it (fasten apply-to, :0)
        xmpp["xep_0424"].send_retraction(cmd["to"], cmd["target"], mtype=cmd.get("type", "chat"))
    elif what == "reply":  # XEP-0461, fallback quote if given (XEP-0428 body range)
        msg = message_to(xmpp, cmd)
        msg["reply"]["id"] = cmd["target"]
        msg["reply"]["to"] = cmd["target_author"]
        quote = cmd.get("quote")
        if quote:
            msg["body"] = quote + cmd["body"]
            msg["feature_fallback"]["for"] = "urn:xmpp:reply:0"
            msg["feature_fallback"]["fallback_body"]["start"] = "0"
            msg["feature_fallback"]["fallback_body"]["end"] = str(len(quote))
        msg.send()
    elif what == "marker":  # XEP-0333: cmd.marker = received | displayed | acknowledged
        # send_marker() of slixmpp 1.8.3 takes no message type: built with its stanza plugin.
        if cmd["marker"] not in ("received", "displayed", "acknowledged"):
            raise ValueError(f"unknown marker {cmd['marker']!r}")
        msg = xmpp.make_message(mto=cmd["to"], mtype=cmd.get("type", "chat"))
        msg[cmd["marker"]]["id"] = cmd["target"]
        msg.send()
    elif what == "join":
        await xmpp["xep_0045"].join_muc_wait(cmd["room"], cmd["nick"], maxstanzas=0, timeout=10)
        emit("joined", room=cmd["room"], nick=cmd["nick"])
    elif what == "moderate":  # XEP-0425 as slixmpp 1.8.3 speaks it (an iq to the room)
        await xmpp["xep_0425"].moderate(xmpp.make_message(mto=cmd["room"])["to"], cmd["target"],
                                        cmd.get("reason", ""))
    elif what == "raw":  # any stanza, for hostile cases: sent exactly as given
        xmpp.send_raw(cmd["xml"])
    else:
        raise ValueError(f"unknown command {what!r}")


async def commands(xmpp):
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            return  # the test closed our stdin: finish
        if not line.strip():
            continue
        cmd = json.loads(line)
        if cmd["do"] == "quit":
            return
        try:
            await perform(xmpp, cmd)
            emit("done", seq=cmd.get("seq"))
        except Exception as err:  # noqa: BLE001  (reported to the test, which decides)
            emit("error", seq=cmd.get("seq"), error=repr(err))


def report(msg):
    try:
        emit("message", **describe(msg))
    except Exception as err:  # noqa: BLE001  (the test sees it instead of a silent gap)
        emit("unreadable", error=repr(err), xml=str(msg))


async def main(args):
    xmpp = await peer.login(args, PLUGINS)
    # slixmpp raises 'message' for every type, groupchat included.
    xmpp.add_event_handler("message", report)
    # slixmpp raises 'message' only for stanzas with a body: body-less reactions and markers
    # come through their plugins' events (once: a message with a body was reported above).
    for name in ("reactions", "marker"):
        xmpp.add_event_handler(name, lambda msg: None if msg["body"] else report(msg))
    emit("ready", jid=str(xmpp.boundjid))
    await commands(xmpp)
    await xmpp.disconnect(wait=2.0)
    emit("closed")


def run():
    args = parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    try:
        asyncio.run(asyncio.wait_for(main(args), args.timeout))
    except asyncio.TimeoutError:
        print(f"slixmpp-driven-peer: timed out after {args.timeout} s", file=sys.stderr)
        sys.exit(2)
    except Exception as err:  # noqa: BLE001
        print(f"slixmpp-driven-peer: failed: {err!r}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    run()
