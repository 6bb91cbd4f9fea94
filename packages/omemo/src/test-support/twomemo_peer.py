#!/usr/bin/python3
"""A python-omemo + twomemo (OMEMO 2) device driven over JSON lines on stdin/stdout, no server.

Parley's OMEMO 2 interop test runs this with Debian's python3-omemo/twomemo. Messages, bundles
and device lists cross the pipe in Parley's plain-object form (bytes as base64); this script
turns them into twomemo's XML and back, so python's own parsers and serializers do the checking.
The "server" is a dict. Automatic messages python-omemo sends (session completion, heartbeats)
come out as {"event": "auto", "message": ...}.
"""
import asyncio
import base64
import json
import logging
import sys
import xml.etree.ElementTree as ET
from typing import Any, Dict, FrozenSet, Optional

import omemo
import twomemo
import twomemo.etree
from omemo.storage import Just, Maybe, Nothing
from omemo.types import DeviceInformation, JSONType, TrustLevel

NS = twomemo.twomemo.NAMESPACE
JID = sys.argv[1] if len(sys.argv) > 1 else "py@localhost"
PEP: Dict[Any, bytes] = {}
OUT = sys.stdout
sys.stdout = sys.stderr
logging.basicConfig(level=logging.ERROR, stream=sys.stderr)


def emit(event: str, **fields: Any) -> None:
    OUT.write(json.dumps({"event": event, **fields}) + "\n")
    OUT.flush()


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def message_to_json(el: ET.Element) -> Dict[str, Any]:
    header = el.find(q("header"))
    assert header is not None
    payload = el.find(q("payload"))
    out: Dict[str, Any] = {"sid": int(header.get("sid", "0")), "keys": []}
    for keys in header.findall(q("keys")):
        out["keys"].append({"jid": keys.get("jid"), "keys": [
            {"rid": int(k.get("rid", "0")), "kex": k.get("kex") == "true", "data": k.text or ""}
            for k in keys.findall(q("key"))]})
    if payload is not None:
        out["payload"] = payload.text
    return out


def json_to_message(m: Dict[str, Any]) -> ET.Element:
    el = ET.Element(q("encrypted"))
    header = ET.SubElement(el, q("header"), {"sid": str(m["sid"])})
    for group in m["keys"]:
        keys = ET.SubElement(header, q("keys"), {"jid": group["jid"]})
        for k in group["keys"]:
            key = ET.SubElement(keys, q("key"), {"rid": str(k["rid"])})
            if k["kex"]:  # twomemo reads any kex attribute as true, so false means absent
                key.set("kex", "true")
            key.text = k["data"]
    if m.get("payload") is not None:
        ET.SubElement(el, q("payload")).text = m["payload"]
    return el


def bundle_to_json(el: ET.Element) -> Dict[str, Any]:
    spk = el.find(q("spk"))
    assert spk is not None
    return {"spkId": int(spk.get("id", "0")), "spk": spk.text, "spkSig": el.findtext(q("spks")),
            "ik": el.findtext(q("ik")),
            "preKeys": [{"id": int(pk.get("id", "0")), "pub": pk.text} for pk in el.iter(q("pk"))]}


def json_to_bundle(b: Dict[str, Any]) -> ET.Element:
    el = ET.Element(q("bundle"))
    ET.SubElement(el, q("spk"), {"id": str(b["spkId"])}).text = b["spk"]
    ET.SubElement(el, q("spks")).text = b["spkSig"]
    ET.SubElement(el, q("ik")).text = b["ik"]
    pks = ET.SubElement(el, q("prekeys"))
    for pk in b["preKeys"]:
        ET.SubElement(pks, q("pk"), {"id": str(pk["id"])}).text = pk["pub"]
    return el


class MemStorage(omemo.Storage):
    def __init__(self) -> None:
        super().__init__()
        self.d: Dict[str, JSONType] = {}

    async def _load(self, key: str) -> Maybe[JSONType]:
        return Just(self.d[key]) if key in self.d else Nothing()

    async def _store(self, key: str, value: JSONType) -> None:
        self.d[key] = value

    async def _delete(self, key: str) -> None:
        self.d.pop(key, None)


class Peer(omemo.SessionManager):
    async def _upload_bundle(self, bundle: omemo.Bundle) -> None:
        PEP[(bundle.bare_jid, bundle.device_id)] = ET.tostring(twomemo.etree.serialize_bundle(bundle))

    async def _download_bundle(self, namespace: str, bare_jid: str, device_id: int) -> omemo.Bundle:
        raw = PEP.get((bare_jid, device_id))
        if raw is None:
            raise omemo.BundleDownloadFailed(f"no bundle for {bare_jid}/{device_id}")
        return twomemo.etree.parse_bundle(ET.fromstring(raw), bare_jid, device_id)

    async def _delete_bundle(self, namespace: str, device_id: int) -> None:
        PEP.pop((JID, device_id), None)

    async def _upload_device_list(self, namespace: str, device_list: Dict[int, Optional[str]]) -> None:
        PEP[(JID, "devices")] = ET.tostring(twomemo.etree.serialize_device_list(device_list))

    async def _download_device_list(self, namespace: str, bare_jid: str) -> Dict[int, Optional[str]]:
        raw = PEP.get((bare_jid, "devices"))
        return {} if raw is None else twomemo.etree.parse_device_list(ET.fromstring(raw))

    async def _evaluate_custom_trust_level(self, device: DeviceInformation) -> TrustLevel:
        return TrustLevel.TRUSTED

    async def _make_trust_decision(self, undecided: FrozenSet[DeviceInformation], identifier: Optional[str]) -> None:
        for d in undecided:
            await self.set_trust(d.bare_jid, d.identity_key, "BLINDLY_TRUSTED")

    async def _send_message(self, message: omemo.Message, bare_jid: str) -> None:
        emit("auto", to=bare_jid, message=message_to_json(twomemo.etree.serialize_message(message)))


def envelope(body: str, sender: str, to: str) -> bytes:
    """An XEP-0420 envelope as an independent client would write it."""
    sce = "urn:xmpp:sce:1"
    env = ET.Element(f"{{{sce}}}envelope")
    content = ET.SubElement(env, f"{{{sce}}}content")
    ET.SubElement(content, "{jabber:client}body").text = body
    ET.SubElement(env, f"{{{sce}}}rpad").text = "py-padding"
    ET.SubElement(env, f"{{{sce}}}from", {"jid": sender})
    ET.SubElement(env, f"{{{sce}}}to", {"jid": to})
    return ET.tostring(env)


async def handle(sm: Peer, cmd: Dict[str, Any]) -> None:
    if cmd["cmd"] == "publish":
        PEP[(cmd["jid"], "devices")] = ET.tostring(twomemo.etree.serialize_device_list(
            {int(d): None for d in cmd["bundles"]}))
        for device_id, bundle in cmd["bundles"].items():
            PEP[(cmd["jid"], int(device_id))] = ET.tostring(json_to_bundle(bundle))
        await sm.refresh_device_list(NS, cmd["jid"])
        emit("published", jid=cmd["jid"])
    elif cmd["cmd"] == "decrypt":
        msg = twomemo.etree.parse_message(json_to_message(cmd["message"]), cmd["from"])
        plaintext, device, _ = await sm.decrypt(msg)
        emit("decrypted", sender_device=device.device_id,
             plaintext=None if plaintext is None else plaintext.decode("utf-8", "replace"))
    elif cmd["cmd"] in ("encrypt", "encrypt_sce"):
        text = cmd["text"].encode() if cmd["cmd"] == "encrypt" else envelope(cmd["text"], JID, cmd["to"])
        msgs, errors = await sm.encrypt(frozenset({cmd["to"]}), {NS: text}, backend_priority_order=[NS])
        for m in msgs:
            emit("encrypted", message=message_to_json(twomemo.etree.serialize_message(m)),
                 plaintext=text.decode(), errors=[repr(e) for e in errors])
    elif cmd["cmd"] == "quit":
        raise SystemExit(0)


async def main() -> None:
    storage = MemStorage()
    sm = await Peer.create([twomemo.Twomemo(storage)], storage, JID, initial_own_label=None,
                           undecided_trust_level_name="BLINDLY_TRUSTED")
    await sm.after_history_sync()
    own, _ = await sm.get_own_device_information()
    emit("ready", jid=JID, device_id=own.device_id,
         bundle=bundle_to_json(ET.fromstring(PEP[(JID, own.device_id)])))
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        cmd = json.loads(line)
        try:
            await handle(sm, cmd)
        except SystemExit:
            break
        except Exception as e:  # report and go on: the test asserts on these
            emit("error", cmd=cmd["cmd"], error=f"{type(e).__name__}: {e}")


asyncio.run(main())
