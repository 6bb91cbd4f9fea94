#!/usr/bin/python3
"""A python-omemo device (oldmemo + twomemo) in a group chat, driven by a test.

Run with Debian's /usr/bin/python3, as omemo-pep-peer.py (whose device, storage and bundle code
it imports):

    omemo-room-peer.py --jid J --password P --port N --ca CA.pem [--host H] [--timeout S]

It logs in and says {"event": "ready"}, then reads one JSON command per stdin line:

  {"do": "publish", "seq": N}   create the device (both namespaces), as omemo-pep-peer.py does.
                                Answers "published" with the device id.
  {"do": "join", "room": R, "nick": K, "seq": N}
                                join room R (XEP-0045) as K; answers "joined" at our own
                                presence. The occupants' real JIDs (a non-anonymous room gives
                                them in presence) are kept by nick.
  {"do": "listen", "seq": N}   decrypt every encrypted groupchat message of the rooms joined,
                                the sender's real JID found by nick (python-omemo needs it; legacy
                                OMEMO names no JID). Each gives {"event": "received", "ns",
                                "text", "nick", "from": real JID, "body": clear body} or
                                {"event": "receive-error", "error"}; our own reflections are
                                skipped; a groupchat body without OMEMO gives "received-plain".
  {"do": "send", "room": R, "ns": "legacy"|"v2", "members": [JID...], "text": T, "seq": N}
                                encrypt T for every device of the occupants' real JIDs plus
                                `members` (an OMEMO 2 envelope addressed to the room) and send it
                                to R as a groupchat message. Answers "sent" with the stanza id.

Every answer carries the command's seq; a failed command answers {"event": "error"}.
"""

import asyncio
import importlib.util
import json
import os
import sys
import xml.etree.ElementTree as ET

_spec = importlib.util.spec_from_file_location(
    "omemo_pep_peer", os.path.join(os.path.dirname(os.path.abspath(__file__)), "omemo-pep-peer.py")
)
pep = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pep)  # also points sys.stdout at stderr: stdout is for JSON lines

import argparse  # noqa: E402
import logging  # noqa: E402

from slixmpp.xmlstream.handler import Callback, CoroutineCallback  # noqa: E402
from slixmpp.xmlstream.matcher import MatchXPath  # noqa: E402

OLD, TWO, emit = pep.OLD, pep.TWO, pep.emit
MUC = "http://jabber.org/protocol/muc"
MUC_USER = f"{MUC}#user"


class Rooms:
    def __init__(self, xmpp):
        self.xmpp = xmpp
        self.real = {}  # room -> nick -> real bare JID
        self.own_nick = {}
        self.joined = {}  # room -> future resolved at our own presence
        xmpp.register_handler(Callback("room presence", MatchXPath("{jabber:client}presence"),
                                       self.on_presence))

    def on_presence(self, presence):
        room, nick = presence["from"].bare, presence["from"].resource
        if room not in self.real or not nick:
            return
        item = presence.xml.find(f"{{{MUC_USER}}}x/{{{MUC_USER}}}item")
        if presence["type"] == "unavailable":
            self.real[room].pop(nick, None)
        elif item is not None and item.get("jid"):
            self.real[room][nick] = item.get("jid").split("/")[0]
        codes = {s.get("code") for s in presence.xml.iter(f"{{{MUC_USER}}}status")}
        if "110" in codes and room in self.joined and not self.joined[room].done():
            self.joined[room].set_result(None)

    async def join(self, room, nick):
        self.real[room], self.own_nick[room] = {}, nick
        self.joined[room] = asyncio.get_running_loop().create_future()
        presence = self.xmpp.make_presence(pto=f"{room}/{nick}")
        x = ET.SubElement(presence.xml, f"{{{MUC}}}x")
        ET.SubElement(x, f"{{{MUC}}}history", {"maxstanzas": "0"})
        presence.send()
        await asyncio.wait_for(self.joined[room], 20)


async def receive(xmpp, manager, rooms, stanza):
    room, nick = stanza["from"].bare, stanza["from"].resource
    if room not in rooms.real or nick == rooms.own_nick.get(room):
        return  # not a room of ours, or our own message reflected
    found = [(ns, e) for ns in (TWO, OLD) if (e := stanza.xml.find(f"{{{ns}}}encrypted")) is not None]
    own = (await manager.get_own_device_information())[0].device_id
    mine = [(ns, e) for ns, e in found if any(k.get("rid") == str(own) for k in e.iter(f"{{{ns}}}key"))]
    ns, element = (mine or found)[0]
    sender = rooms.real[room].get(nick)
    fields = {"ns": pep.NAME[ns], "nick": nick, "from": sender, "body": stanza["body"] or None}
    try:
        if sender is None:
            raise RuntimeError(f"no real JID for {nick}")
        if ns == OLD:
            message = await pep.oldmemo.etree.parse_message(element, sender, xmpp.boundjid.bare, manager)
        else:
            message = pep.twomemo.etree.parse_message(element, sender)
        plaintext, _device, _ = await manager.decrypt(message)
        if plaintext is None:
            text = None
        elif ns == TWO:
            text = pep.envelope_body(plaintext)
        else:
            text = plaintext.decode("utf-8")
        emit("received", text=text, **fields)
    except Exception as e:  # noqa: BLE001 - the test reads the reason
        emit("receive-error", error=f"{type(e).__name__}: {e}", **fields)


def listen(xmpp, manager, rooms):
    lock = asyncio.Lock()

    async def handle(stanza):
        if stanza["type"] != "groupchat":
            return
        async with lock:  # python-omemo is not reentrant
            if any(stanza.xml.find(f"{{{ns}}}encrypted") is not None for ns in (TWO, OLD)):
                await receive(xmpp, manager, rooms, stanza)
            elif stanza["body"] and stanza["from"].resource != rooms.own_nick.get(stanza["from"].bare):
                emit("received-plain", body=stanza["body"], nick=stanza["from"].resource)

    xmpp.register_handler(CoroutineCallback("room messages", MatchXPath("{jabber:client}message"), handle))


async def send(xmpp, manager, rooms, room, name, members, text):
    ns = OLD if name == "legacy" else TWO
    jids = (set(rooms.real.get(room, {}).values()) | set(members)) - {xmpp.boundjid.bare}
    for jid in jids | {xmpp.boundjid.bare}:
        for namespace in (OLD, TWO):
            await manager.refresh_device_list(namespace, jid)
    data = {OLD: text.encode("utf-8"), TWO: pep.sce_envelope(text, xmpp.boundjid.bare, room)}
    messages, errors = await manager.encrypt(frozenset(jids), data, backend_priority_order=[ns])
    element = next((pep.ETREE[ns].serialize_message(m) for m in messages if m.namespace == ns), None)
    if element is None:
        raise RuntimeError(f"nothing encrypted in {name}: {[repr(e) for e in errors]}")
    msg = xmpp.make_message(mto=room, mtype="groupchat")
    msg.xml.append(element)
    ET.SubElement(msg.xml, "{urn:xmpp:hints}store")
    if ns == OLD:
        msg["body"] = "I sent you an OMEMO encrypted message but your client doesn't support it."
    msg["id"] = xmpp.new_id()
    msg.send()
    return msg["id"]


async def commands(xmpp):
    manager, rooms = None, Rooms(xmpp)
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        if not line.strip():
            continue
        command = json.loads(line)
        seq = command.get("seq")
        try:
            if command["do"] == "publish":
                pep.Device.xmpp = xmpp
                storage = pep.MemoryStorage()
                manager = await pep.Device.create(
                    [pep.twomemo.Twomemo(storage), pep.oldmemo.Oldmemo(storage)], storage,
                    xmpp.boundjid.bare, initial_own_label="omemo-room-peer",
                    undecided_trust_level_name="TRUSTED",
                )
                own, _ = await manager.get_own_device_information()
                emit("published", seq=seq, device_id=own.device_id)
            elif command["do"] == "join":
                await rooms.join(command["room"], command["nick"])
                emit("joined", seq=seq)
            elif command["do"] == "listen":
                listen(xmpp, manager, rooms)
                emit("listening", seq=seq)
            elif command["do"] == "send":
                sent = await send(xmpp, manager, rooms, command["room"], command["ns"],
                                  command.get("members", []), command["text"])
                emit("sent", seq=seq, id=sent)
            else:
                raise ValueError(f"unknown command {command['do']!r}")
        except Exception as e:  # noqa: BLE001 - the test reads the reason
            emit("error", seq=seq, error=f"{type(e).__name__}: {e}")


async def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--jid", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--ca", required=True)
    p.add_argument("--timeout", type=float, default=60.0)
    args = p.parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    xmpp = await asyncio.wait_for(pep.login(args), 20)
    emit("ready")
    try:
        await asyncio.wait_for(commands(xmpp), args.timeout)
    except asyncio.TimeoutError:
        emit("timeout")
    xmpp.disconnect()


asyncio.run(main())
