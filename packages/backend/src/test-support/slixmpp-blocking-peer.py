#!/usr/bin/python3
"""The driven slixmpp peer (slixmpp-driven-peer.py) with XEP-0191 blocking, for interop tests.

Run with Debian's /usr/bin/python3 (python3-slixmpp), with the driven peer's arguments. Besides
the driven peer's commands it takes:

    {"do": "block", "jids": [...]}      slixmpp's xep_0191 block
    {"do": "unblock", "jids": [...]}    slixmpp's xep_0191 unblock
    {"do": "blocklist"}                 answers {"event": "blocklist", "jids": [...]} first

and reports every error message it receives as {"event": "message", "type": "error", ...}
like any other (the driven peer's `describe`).
"""

import asyncio
import importlib.util
import logging
import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "slixmpp_driven_peer", os.path.join(_here, "slixmpp-driven-peer.py")
)
driven = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(driven)

driven.PLUGINS = (*driven.PLUGINS, "xep_0191")
_perform = driven.perform


async def perform(xmpp, cmd):
    what = cmd["do"]
    if what == "block":
        await xmpp["xep_0191"].block(cmd["jids"])
    elif what == "unblock":
        await xmpp["xep_0191"].unblock(cmd["jids"])
    elif what == "blocklist":
        iq = await xmpp["xep_0191"].get_blocked()
        driven.emit("blocklist", jids=sorted(str(j) for j in iq["blocklist"]["items"]))
    else:
        await _perform(xmpp, cmd)


driven.perform = perform
_login = driven.peer.login


async def login(args, plugins=()):
    xmpp = await _login(args, plugins)
    # slixmpp raises 'message' only with a body; a server's bounce carries none.
    xmpp.add_event_handler(
        "message_error", lambda msg: None if msg["body"] else driven.report(msg)
    )
    return xmpp


driven.peer.login = login

if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    driven.run()
