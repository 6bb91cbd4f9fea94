#!/usr/bin/python3
"""An independent XMPP client (slixmpp) for Parley's interoperability tests.

Run with Debian's /usr/bin/python3 (python3-slixmpp; python3-aiohttp for the `file` scenario):

    slixmpp-peer.py SCENARIO --jid J --password P --port N --ca CA.pem [scenario options]

It logs in over STARTTLS on 127.0.0.1 (as Parley does against the test Prosody), verifying the
server against the test CA, plays one scenario and exits 0. Every observation is one JSON object
on its own stdout line ({"event": "ready"}, {"event": "joined"}, ...), for the test to read as
they come. Logs and errors go to stderr. The whole run is bounded (--timeout): past it, or on any
failure, it exits non-zero.
"""

import argparse
import asyncio
import hashlib
import json
import logging
import ssl
import sys
import urllib.request

# slixmpp 1.8.3 print()s debug values while joining a room (xep_0045 _await_join): keep
# stdout for our JSON lines only by sending everything else that prints to stderr.
OUT = sys.stdout
sys.stdout = sys.stderr

from slixmpp import ClientXMPP  # noqa: E402  (after the stdout swap, on purpose)
from slixmpp.exceptions import IqError  # noqa: E402


# The options each scenario needs, besides the login ones.
NEEDS = {
    "room": ["room", "nick", "send", "expect"],
    "file": ["to", "file"],
    "invite": ["to", "room"],
    "receive-file": [],
}


def emit(event, **fields):
    OUT.write(json.dumps({"event": event, **fields}) + "\n")
    OUT.flush()


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("scenario", choices=["room", "file", "invite", "receive-file"])
    p.add_argument("--jid", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True, help="the STARTTLS c2s port")
    p.add_argument("--ca", required=True, help="PEM file of the CA that signed the server")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds for the whole run")
    p.add_argument("--room", help="room JID (room, invite)")
    p.add_argument("--nick", help="our nick in the room (room)")
    p.add_argument("--send", help="groupchat body to send once joined (room)")
    p.add_argument("--expect", help="groupchat body to wait for from another nick (room)")
    p.add_argument("--to", help="recipient JID (file, invite)")
    p.add_argument("--file", help="path of the file to upload (file)")
    p.add_argument("--reason", default="", help="invitation reason (invite)")
    args = p.parse_args()
    for name in NEEDS[args.scenario]:
        if getattr(args, name) is None:
            p.error(f"{args.scenario} needs --{name}")
    return args


async def login(args, plugins=()):
    """A connected, authenticated, available session; raises if any step fails.

    `plugins` are registered with the basic ones, before the session starts, so that each
    announces its disco feature at bind time as it would in a real client.
    """
    xmpp = ClientXMPP(args.jid, args.password)
    for plugin in ("xep_0030", "xep_0045", "xep_0066", "xep_0203", "xep_0249", *plugins):
        xmpp.register_plugin(plugin)
    if args.scenario == "file":
        xmpp.register_plugin("xep_0363")  # imports aiohttp, which only this scenario needs
    # Verify the server's certificate (for the JID's domain) against the test CA only.
    xmpp.ca_certs = args.ca

    started = asyncio.get_running_loop().create_future()

    def fail(reason):
        def handler(event=None):
            if not started.done():
                started.set_exception(RuntimeError(f"{reason}: {event}"))

        return handler

    xmpp.add_event_handler("session_start", lambda _: started.done() or started.set_result(None))
    xmpp.add_event_handler("failed_auth", fail("authentication failed"))
    xmpp.add_event_handler("ssl_invalid_chain", fail("server certificate not trusted"))
    xmpp.add_event_handler("connection_failed", fail("connection failed"))
    # force_starttls: refuse to go on in plain text if the server did not offer STARTTLS.
    xmpp.connect((args.host, args.port), force_starttls=True)
    await started
    # Available presence: a message to our bare JID is routed to us (the server keeps no
    # offline messages in these tests, so the peer must be online before anyone sends).
    xmpp.send_presence()
    await xmpp.get_roster()
    return xmpp


def wait_for_message(xmpp, event_name, match):
    """A future for the first stanza of `event_name` that `match` accepts (handler set now)."""
    future = asyncio.get_running_loop().create_future()

    def handler(msg):
        if not future.done() and match(msg):
            future.set_result(msg)

    xmpp.add_event_handler(event_name, handler)
    return future


async def room(xmpp, args):
    muc = xmpp["xep_0045"]

    def observe(msg):
        """Prints each groupchat message with a body; true for the one we wait for."""
        if msg["body"] == "":
            return False  # the subject, or a chat state
        delayed = msg.get_plugin("delay", check=True) is not None  # room history
        emit("groupchat", nick=msg["mucnick"], body=msg["body"], delayed=delayed)
        return msg["mucnick"] != args.nick and msg["body"] == args.expect and not delayed

    # Listen before joining, so that nothing sent right after our join is missed.
    expected = wait_for_message(xmpp, "groupchat_message", observe)
    await muc.join_muc_wait(args.room, args.nick, maxstanzas=0, timeout=10)
    emit("joined", room=args.room, nick=args.nick)
    xmpp.send_message(mto=args.room, mbody=args.send, mtype="groupchat")
    msg = await expected
    emit("received", nick=msg["mucnick"], body=msg["body"])
    muc.leave_muc(args.room, args.nick)


async def find_upload_service(xmpp):
    """Our server's XEP-0363 service and its size limit, by disco#items then disco#info.

    slixmpp 1.8.3's own discovery (xep_0030 get_info_from_domain, used by upload_file) passes
    coroutines to asyncio.wait, which Python 3.11 refuses (TypeError): so ask one item at a time
    here and hand the result to the plugin, which then skips its discovery. An item that
    answers with an error is skipped, as get_info_from_domain does.
    """
    disco = xmpp["xep_0030"]
    items = await disco.get_items(xmpp.boundjid.domain, timeout=10)
    for item_jid, _node, _name in items["disco_items"]["items"]:
        try:
            info = (await disco.get_info(item_jid, timeout=10))["disco_info"]
        except IqError:
            continue  # e.g. the test server's external component, when none is connected
        if "urn:xmpp:http:upload:0" not in info["features"]:
            continue
        limit = float("inf")
        for form in info.iterables:
            values = form["values"] if form.name == "x" else {}
            if values.get("FORM_TYPE") == ["urn:xmpp:http:upload:0"]:
                limit = int(values["max-file-size"])
        return item_jid, limit
    raise RuntimeError("the server offers no HTTP File Upload service")


async def file(xmpp, args):
    upload = xmpp["xep_0363"]
    upload.upload_service, upload.max_file_size = await find_upload_service(xmpp)
    emit("service", jid=str(upload.upload_service), max_size=upload.max_file_size)
    # Asks the service for a slot (XEP-0363 request), then PUTs the bytes with its headers.
    url = await upload.upload_file(args.file, timeout=10)
    emit("uploaded", url=url)
    msg = xmpp.make_message(mto=args.to, mbody=url, mtype="chat")
    msg["oob"]["url"] = url  # XEP-0066 jabber:x:oob, as Conversations and Dino send it
    msg.send()
    emit("sent", to=args.to, url=url)


async def invite(xmpp, args):
    xmpp["xep_0249"].send_invitation(args.to, args.room, reason=args.reason)
    emit("invited", to=args.to, room=args.room, reason=args.reason)


async def receive_file(xmpp, args):
    msg = await wait_for_message(
        xmpp, "message", lambda m: m["type"] in ("chat", "normal") and m["oob"]["url"] != ""
    )
    url = msg["oob"]["url"]
    emit("message", sender=str(msg["from"].bare), body=msg["body"], url=url)
    # Verify https against the test CA only (the test server's slots are plain http on
    # loopback, where the context is not used). Blocking I/O: keep it off the event loop.
    context = ssl.create_default_context(cafile=args.ca)

    def fetch():
        with urllib.request.urlopen(url, context=context, timeout=10) as response:
            return response.read()

    data = await asyncio.to_thread(fetch)
    emit("fetched", size=len(data), sha256=hashlib.sha256(data).hexdigest())


SCENARIOS = {"room": room, "file": file, "invite": invite, "receive-file": receive_file}


async def main(args):
    xmpp = await login(args)
    # Online from here: a test that sends to us waits for this (nothing is stored offline).
    # Each scenario sets its handlers before its first await, so nothing slips in between.
    emit("ready")
    await SCENARIOS[args.scenario](xmpp, args)
    # Closes the stream after what is queued has been written, so the last stanza is sent.
    await xmpp.disconnect(wait=2.0)
    emit("done")


def run_bounded(name, main, args):
    """Runs main(args) within args.timeout: exit 2 past it, 1 on any failure (said on stderr)."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    try:
        asyncio.run(asyncio.wait_for(main(args), args.timeout))
    except asyncio.TimeoutError:
        print(f"{name} timed out after {args.timeout} s", file=sys.stderr)
        sys.exit(2)
    except Exception as err:  # noqa: BLE001  (any failure: report it and exit non-zero)
        print(f"{name} failed: {err!r}", file=sys.stderr)
        sys.exit(1)


def run():
    args = parse_args()
    run_bounded(f"slixmpp-peer: {args.scenario}", main, args)


if __name__ == "__main__":
    run()
