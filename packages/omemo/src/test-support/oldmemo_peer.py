#!/usr/bin/python3
"""A python-omemo/oldmemo device driven over JSON lines on stdin/stdout, without a server.

The other side (a Vitest spec) speaks plain objects with base64 fields; this peer turns them into
legacy OMEMO XML and back with oldmemo's own etree module (schema-validated), so the test
exercises the real wire format. Python publishes into a dict that stands in for PEP. Every message
python-omemo sends on its own (session completion, heartbeats) comes out as {"event": "auto"}.
Commands: publish, decrypt, encrypt, identity, xeddsa_verify, quit. Run with /usr/bin/python3 (Debian's
python3-omemo, python3-oldmemo, python3-xmlschema).
"""
import asyncio
import json
import logging
import sys
import xml.etree.ElementTree as ET
from typing import Any, Dict, FrozenSet, Optional

import omemo
import oldmemo
import oldmemo.etree
import xeddsa
from omemo.storage import Just, Maybe, Nothing
from omemo.types import DeviceInformation, JSONType, TrustLevel

NS = oldmemo.oldmemo.NAMESPACE
Q = f"{{{NS}}}"
PEP: Dict[Any, bytes] = {}
OUT = sys.stdout
sys.stdout = sys.stderr
logging.basicConfig(level=logging.ERROR, stream=sys.stderr)


def emit(event: str, **fields: Any) -> None:
    OUT.write(json.dumps({"event": event, **fields}) + "\n")
    OUT.flush()


def message_to_json(el: ET.Element) -> Dict[str, Any]:
    header = el.find(f"{Q}header")
    payload = el.find(f"{Q}payload")
    return {
        "sid": int(header.get("sid")),
        "keys": [{"rid": int(k.get("rid")), "prekey": k.get("prekey") in ("true", "1"), "data": k.text}
                 for k in header.findall(f"{Q}key")],
        "iv": header.find(f"{Q}iv").text,
        "payload": None if payload is None else payload.text,
    }


def json_to_message(m: Dict[str, Any]) -> ET.Element:
    el = ET.Element(f"{Q}encrypted")
    header = ET.SubElement(el, f"{Q}header", sid=str(m["sid"]))
    for k in m["keys"]:
        attrs = {"rid": str(k["rid"])}
        if k["prekey"]:
            attrs["prekey"] = "true"
        ET.SubElement(header, f"{Q}key", attrs).text = k["data"]
    ET.SubElement(header, f"{Q}iv").text = m["iv"]
    if m.get("payload") is not None:
        ET.SubElement(el, f"{Q}payload").text = m["payload"]
    return el


def bundle_to_json(el: ET.Element) -> Dict[str, Any]:
    spk = el.find(f"{Q}signedPreKeyPublic")
    return {
        "identityKey": el.find(f"{Q}identityKey").text,
        "signedPreKey": {"id": int(spk.get("signedPreKeyId")), "publicKey": spk.text,
                         "signature": el.find(f"{Q}signedPreKeySignature").text},
        "preKeys": [{"id": int(p.get("preKeyId")), "publicKey": p.text}
                    for p in el.find(f"{Q}prekeys").findall(f"{Q}preKeyPublic")],
    }


def json_to_bundle(b: Dict[str, Any]) -> ET.Element:
    el = ET.Element(f"{Q}bundle")
    spk = b["signedPreKey"]
    ET.SubElement(el, f"{Q}signedPreKeyPublic", signedPreKeyId=str(spk["id"])).text = spk["publicKey"]
    ET.SubElement(el, f"{Q}signedPreKeySignature").text = spk["signature"]
    ET.SubElement(el, f"{Q}identityKey").text = b["identityKey"]
    pks = ET.SubElement(el, f"{Q}prekeys")
    for p in b["preKeys"]:
        ET.SubElement(pks, f"{Q}preKeyPublic", preKeyId=str(p["id"])).text = p["publicKey"]
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
    JID = "py@localhost"

    async def _upload_bundle(self, bundle: omemo.Bundle) -> None:
        PEP[(bundle.bare_jid, bundle.device_id)] = ET.tostring(oldmemo.etree.serialize_bundle(bundle))

    async def _download_bundle(self, namespace: str, bare_jid: str, device_id: int) -> omemo.Bundle:
        raw = PEP.get((bare_jid, device_id))
        if raw is None:
            raise omemo.BundleDownloadFailed(f"no bundle for {bare_jid}/{device_id}")
        return oldmemo.etree.parse_bundle(ET.fromstring(raw), bare_jid, device_id)

    async def _delete_bundle(self, namespace: str, device_id: int) -> None:
        PEP.pop((Peer.JID, device_id), None)

    async def _upload_device_list(self, namespace: str, device_list: Dict[int, Optional[str]]) -> None:
        PEP[(Peer.JID, "devices")] = ET.tostring(oldmemo.etree.serialize_device_list(device_list))

    async def _download_device_list(self, namespace: str, bare_jid: str) -> Dict[int, Optional[str]]:
        raw = PEP.get((bare_jid, "devices"))
        return {} if raw is None else oldmemo.etree.parse_device_list(ET.fromstring(raw))

    async def _evaluate_custom_trust_level(self, device: DeviceInformation) -> TrustLevel:
        return TrustLevel.TRUSTED

    async def _make_trust_decision(self, undecided: FrozenSet[DeviceInformation], identifier: Optional[str]) -> None:
        for d in undecided:
            await self.set_trust(d.bare_jid, d.identity_key, "BLINDLY_TRUSTED")

    async def _send_message(self, message: omemo.Message, bare_jid: str) -> None:
        emit("auto", to=bare_jid, message=message_to_json(oldmemo.etree.serialize_message(message)))


async def handle(sm: Peer, cmd: Dict[str, Any]) -> None:
    if cmd["cmd"] == "publish":
        jid = cmd["jid"]
        devices = ET.Element(f"{Q}list")
        for device_id, bundle in cmd["bundles"].items():
            ET.SubElement(devices, f"{Q}device", id=str(device_id))
            PEP[(jid, int(device_id))] = ET.tostring(json_to_bundle(bundle))
        PEP[(jid, "devices")] = ET.tostring(devices)
        await sm.refresh_device_list(NS, jid)
        emit("published", jid=jid)
    elif cmd["cmd"] == "decrypt":
        msg = await oldmemo.etree.parse_message(json_to_message(cmd["message"]), cmd["from"], Peer.JID, sm)
        plaintext, device, _ = await sm.decrypt(msg)
        emit("decrypted", sender_device=device.device_id,
             plaintext=None if plaintext is None else plaintext.decode("utf-8"))
    elif cmd["cmd"] == "encrypt":
        msgs, errors = await sm.encrypt(frozenset({cmd["to"]}), {NS: cmd["text"].encode()},
                                        backend_priority_order=[NS])
        for m in msgs:
            emit("encrypted", message=message_to_json(oldmemo.etree.serialize_message(m)),
                 errors=[repr(e) for e in errors])
    elif cmd["cmd"] == "identity":
        # The Ed25519 identity key python-omemo keeps for a device (one key for both versions:
        # an OMEMO 2 key exchange under another key is refused as PublicDataInconsistency).
        devices = await sm.get_device_information(cmd["jid"])
        found = [d for d in devices if d.device_id == cmd["device_id"]]
        emit("identity", ed25519=found[0].identity_key.hex() if found else None)
    elif cmd["cmd"] == "xeddsa_verify":
        curve_pub = bytes.fromhex(cmd["curvePublic"])
        ok = xeddsa.ed25519_verify(bytes.fromhex(cmd["signature"]),
                                   xeddsa.curve25519_pub_to_ed25519_pub(curve_pub, False),
                                   bytes.fromhex(cmd["message"]))
        emit("verified", ok=ok)


async def main() -> None:
    storage = MemStorage()
    sm = await Peer.create([oldmemo.Oldmemo(storage)], storage, Peer.JID,
                           initial_own_label=None, undecided_trust_level_name="BLINDLY_TRUSTED")
    await sm.after_history_sync()
    own, _ = await sm.get_own_device_information()
    emit("ready", jid=Peer.JID, device_id=own.device_id,
         fingerprint=" ".join(sm.format_identity_key(own.identity_key)),
         bundle=bundle_to_json(ET.fromstring(PEP[(Peer.JID, own.device_id)])))
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        cmd = json.loads(line)
        if cmd["cmd"] == "quit":
            break
        try:
            await handle(sm, cmd)
        except Exception as e:  # report and go on: the spec decides what an error means
            emit("error", cmd=cmd["cmd"], error=f"{type(e).__name__}: {e}")


asyncio.run(main())
