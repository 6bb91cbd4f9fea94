#!/usr/bin/python3
"""A slixmpp client with a profile, for profile and contact-details interoperability.

Run with Debian's /usr/bin/python3 (python3-slixmpp):

    slixmpp-profile-peer.py --jid J --password P --port N --ca CA.pem [--timeout S]

Logs in as slixmpp-peer.py does, with slixmpp's own XEP-0054 (vcard-temp), XEP-0092 (version,
answered as "Slixmpp" and its version), XEP-0202 (time) and XEP-0172 (nick) plugins; accepts
subscriptions (slixmpp's default). Says {"event": "ready", "jid": ...}, then takes commands as
slixmpp-driven-peer.py does (one JSON line each, answered "done"/"error" with its seq):
  vcard: publish a vcard-temp with cmd.fn, cmd.nickname, cmd.email, cmd.org, cmd.desc and,
         when cmd.photo (base64) is given, a PHOTO (image/png)
  get-vcard: fetch cmd.jid's vcard-temp from the server; says {"event": "vcard", "xml": ...}
  offline: unavailable presence with status cmd.status (the server notes the last activity)
  nick:  publish cmd.nick to PEP (XEP-0172)
  subscribe: ask cmd.to for a presence subscription
"""

import asyncio
import base64
import datetime as dt
import importlib.util
import logging
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


driven = load("slixmpp_driven_peer", "slixmpp-driven-peer.py")
peer = driven.peer
PLUGINS = ("xep_0054", "xep_0092", "xep_0202", "xep_0163", "xep_0172")


async def perform(xmpp, cmd):
    what = cmd["do"]
    if what == "vcard":
        vcard = xmpp["xep_0054"].make_vcard()
        vcard["FN"] = cmd.get("fn", "")
        vcard["NICKNAME"] = cmd.get("nickname", "")
        vcard["ORG"]["ORGNAME"] = cmd.get("org", "")
        vcard["DESC"] = cmd.get("desc", "")
        email = vcard["EMAIL"]
        email["USERID"] = cmd.get("email", "")
        email["INTERNET"] = True
        if cmd.get("photo"):
            vcard["PHOTO"]["TYPE"] = "image/png"
            vcard["PHOTO"]["BINVAL"] = base64.b64decode(cmd["photo"])
        await xmpp["xep_0054"].publish_vcard(vcard)
    elif what == "get-vcard":
        result = await xmpp["xep_0054"].get_vcard(jid=cmd["jid"], local=False, cached=False)
        driven.emit("vcard", xml=str(result["vcard_temp"]))
    elif what == "offline":
        xmpp.send_presence(ptype="unavailable", pstatus=cmd.get("status", ""))
    elif what == "nick":
        await xmpp["xep_0172"].publish_nick(cmd["nick"])
    elif what == "subscribe":
        xmpp.send_presence(pto=cmd["to"], ptype="subscribe")
    else:
        raise ValueError(f"unknown command {what!r}")


def fix_entity_time():
    """slixmpp 1.8.3's XEP-0202 answer fails under Python 3.11: set_tzo parses a time-only
    string with a date format and raises, so every time request is answered with an error.
    Write the offset directly; the rest of slixmpp's plugin (the handler, utc) is its own."""
    from slixmpp.plugins.xep_0202 import stanza

    def set_tzo(self, value):
        offset = value.utcoffset(None) if isinstance(value, dt.tzinfo) else dt.timedelta(seconds=value)
        minutes = int(offset.total_seconds() // 60)
        sign = "-" if minutes < 0 else "+"
        self._set_sub_text("tzo", f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}")

    stanza.EntityTime.set_tzo = set_tzo


async def main(args):
    fix_entity_time()
    xmpp = await peer.login(args, PLUGINS)
    # Its clock two hours east of UTC, so the test sees an offset that is not zero.
    xmpp["xep_0202"].local_time = lambda jid: dt.datetime.now(dt.timezone(dt.timedelta(hours=2)))
    driven.perform = perform  # the driven peer's command loop calls this module's commands
    driven.emit("ready", jid=str(xmpp.boundjid))
    await driven.commands(xmpp)
    await xmpp.disconnect(wait=2.0)
    driven.emit("closed")


def run():
    args = driven.parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    try:
        asyncio.run(asyncio.wait_for(main(args), args.timeout))
    except asyncio.TimeoutError:
        print(f"slixmpp-profile-peer: timed out after {args.timeout} s", file=sys.stderr)
        sys.exit(2)
    except Exception as err:  # noqa: BLE001
        print(f"slixmpp-profile-peer: failed: {err!r}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    run()
