#!/usr/bin/python3
"""The driven slixmpp peer (slixmpp-driven-peer.py) with XEP-0047 and XEP-0065, for interop
tests of Parley's bytestream layer (the transports of XEP-0234 direct file transfer).

Run with Debian's /usr/bin/python3 (python3-slixmpp), with the driven peer's arguments. It
takes every in-band bytestream (xep_0047) and every SOCKS5 bytestream offer (xep_0065, as the
target: it connects to the offered streamhost with slixmpp's own SOCKS5 client) and reports
what came, once the stream closes:

    {"event": "ibb-received", "sid": S, "bytes": N, "sha256": B64}
    {"event": "socks5-received", "bytes": N, "sha256": B64}

Besides the driven peer's commands it takes:

    {"do": "ibb-send", "to": J, "sid": S, "size": N}   opens an IBB stream (block size 4096),
        sends N random bytes, closes it; answers {"event": "ibb-sent", "sha256": B64} first
"""

import base64
import hashlib
import importlib.util
import os

_here = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "slixmpp_driven_peer", os.path.join(_here, "slixmpp-driven-peer.py")
)
driven = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(driven)

driven.PLUGINS = (*driven.PLUGINS, "xep_0047", "xep_0065")
_perform = driven.perform


def digest(data):
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


async def perform(xmpp, cmd):
    if cmd["do"] == "ibb-send":
        data = os.urandom(cmd["size"])
        stream = await xmpp["xep_0047"].open_stream(cmd["to"], sid=cmd["sid"], block_size=4096)
        driven.emit("ibb-sent", sha256=digest(data))
        await stream.sendall(data)
        await stream.close()
    else:
        await _perform(xmpp, cmd)


driven.perform = perform
_login = driven.peer.login


async def login(args, plugins=()):
    xmpp = await _login(args, plugins)
    xmpp["xep_0047"].auto_accept = True
    xmpp["xep_0065"].auto_accept = True
    received = {}

    def ibb_data(stream):
        chunk = received.setdefault(stream.sid, bytearray())
        while not stream.recv_queue.empty():
            chunk += stream.recv_queue.get_nowait()

    def ibb_end(stream):
        if stream.sid not in received and stream.recv_queue.empty():
            return  # one of ours, sent and closed
        ibb_data(stream)
        data = bytes(received.pop(stream.sid, b""))
        driven.emit("ibb-received", sid=stream.sid, bytes=len(data), sha256=digest(data))

    socks = bytearray()

    def socks5_data(data):
        socks.extend(data)

    def socks5_closed(_exc):
        driven.emit("socks5-received", bytes=len(socks), sha256=digest(bytes(socks)))
        socks.clear()

    xmpp.add_event_handler("ibb_stream_data", ibb_data)
    xmpp.add_event_handler("ibb_stream_end", ibb_end)
    xmpp.add_event_handler("socks5_data", socks5_data)
    xmpp.add_event_handler("socks5_closed", socks5_closed)
    return xmpp


driven.peer.login = login

if __name__ == "__main__":
    driven.run()
