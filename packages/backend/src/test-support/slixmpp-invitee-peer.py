#!/usr/bin/python3
"""A new user (slixmpp) who registers with an invitation's token, for Parley's interop tests.

    slixmpp-invitee-peer.py --token T --inviter J --jid NEW --password P --port N --ca CA.pem

Registers NEW in-band (XEP-0077) after handing the server the token (XEP-0401 §4: an
<iq type='set'><preauth xmlns='urn:xmpp:pars:0' token=T/></iq> on the same stream), then logs
in, and reports the inviter's roster item and presence. JSON lines on stdout: {"event":
"registered"} or {"event": "refused", "condition": ...}, then {"event": "roster", "subscription":
...} and {"event": "inviter-online"}. Stays online until stdin closes. Bounded by --timeout.
"""

import argparse
import asyncio
import importlib.util
import pathlib
import sys
import xml.etree.ElementTree as ET

# The login and JSON helpers of the general peer (same directory).
_spec = importlib.util.spec_from_file_location(
    "slixmpp_peer", pathlib.Path(__file__).with_name("slixmpp-peer.py")
)
peer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(peer)

from slixmpp import ClientXMPP  # noqa: E402
from slixmpp.exceptions import IqError  # noqa: E402

emit = peer.emit


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("--jid", "--password", "--ca", "--token", "--inviter"):
        p.add_argument(name, required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--timeout", type=float, default=30.0)
    args = p.parse_args()
    args.scenario = "invitee"
    return args


async def register(args):
    """True when the account was made; reports a refusal of the token or of the form."""
    xmpp = ClientXMPP(args.jid, args.password)
    for plugin in ("xep_0030", "xep_0004", "xep_0066", "xep_0077"):
        xmpp.register_plugin(plugin)
    xmpp.ca_certs = args.ca
    # slixmpp 1.8.3 holds every stanza back until a session starts, its own registration
    # iqs included (they would never leave): let them go before authentication.
    xmpp._always_send_everything = True
    done = asyncio.get_running_loop().create_future()

    async def on_register(_form):
        try:
            token = xmpp.Iq(stype="set", sto=xmpp.boundjid.domain)
            token.append(ET.Element("{urn:xmpp:pars:0}preauth", {"token": args.token}))
            await token.send()
            form = xmpp.Iq(stype="set")
            form["register"]["username"] = xmpp.boundjid.user
            form["register"]["password"] = args.password
            await form.send()
            emit("registered")
            done.set_result(True)
        except IqError as err:
            emit("refused", condition=err.iq["error"]["condition"], text=err.iq["error"]["text"])
            done.set_result(False)
        xmpp.disconnect()

    xmpp.add_event_handler("register", on_register)
    xmpp.add_event_handler("connection_failed", lambda e: done.done() or done.set_exception(
        RuntimeError(f"connection failed: {e}")))
    xmpp.connect((args.host, args.port), force_starttls=True)
    return await done


async def main(args):
    if not await register(args):
        return
    inviter_online = asyncio.get_running_loop().create_future()

    def on_available(presence):
        if presence["from"].bare == args.inviter and not inviter_online.done():
            inviter_online.set_result(None)

    xmpp = await peer.login(args)
    xmpp.add_event_handler("presence_available", on_available)
    # The inviter's presence may have come during the login, before the handler: ask again.
    xmpp.send_presence(pto=args.inviter, ptype="probe")
    item = xmpp.client_roster[args.inviter]
    emit("roster", subscription=item["subscription"])
    await inviter_online
    emit("inviter-online")
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while await reader.readline():
        pass
    await xmpp.disconnect(wait=2.0)


if __name__ == "__main__":
    peer.run_bounded("slixmpp-invitee-peer:", main, parse_args())
