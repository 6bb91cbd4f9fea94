#!/usr/bin/python3
"""An OMEMO device of python-omemo (oldmemo + twomemo) that a test drives over PEP.

Run with Debian's /usr/bin/python3 (python3-slixmpp, -omemo, -oldmemo, -twomemo, -xmlschema):

    omemo-pep-peer.py --jid J --password P --port N --ca CA.pem [--host H] [--timeout S]

It logs in (STARTTLS on the given host, server verified against the test CA), says
{"event": "ready"}, then reads one JSON command per stdin line:

  {"do": "publish", "seq": N}   create one device for both namespaces: python-omemo publishes
                                the device lists and bundles (publish-options access_model=open,
                                max_items=max for OMEMO 2). Answers "published" with the device id
                                and each bundle's fields as python-omemo wrote them.
  {"do": "fetch", "jid": J, "seq": N}
                                read J's device lists and every listed device's bundle in both
                                namespaces, parsed by oldmemo/twomemo's own (schema-validating)
                                parsers. Answers "fetched" with what they read, or the error.
  {"do": "listen", "seq": N}   after "publish": decrypt every OMEMO message that arrives over
                                XMPP (OMEMO 2 first, then legacy, as receivers pick). Answers
                                "listening"; then each message gives {"event": "received"} with
                                its namespace, the decrypted text (an OMEMO 2 SCE envelope's
                                <body>), the clear <body>, the sender device, the stanza id and
                                the id a correction replaces (its <replace/> is in the clear)
                                and the <encrypted/> element (and the stanza) as XML text,
                                or {"event": "receive-error"} with the reason; a message
                                with a body and no OMEMO gives {"event": "received-plain"}.
  {"do": "encrypt", "jid": J, "ns": "legacy"|"v2", "text": T, "seq": N}
                                after "publish": python-omemo fetches J's lists and bundles,
                                builds sessions in that namespace and encrypts T for J's devices.
                                Answers "encrypted" with the <encrypted/> element as XML text
                                (not sent: the test hands it to the receiver itself).
  {"do": "send", "jid": J, "ns": "legacy"|"v2", "text": T, "times": K, "seq": N}
                                like "encrypt", then sends it to J as a chat message with a
                                <store/> hint (legacy with a fallback body; OMEMO 2 encrypts an
                                XEP-0420 envelope with T as its body), the same stanza K times
                                (default 1: more is a replay). Answers "sent" with the stanza id.
                                With "count": C, sends C messages "T 0" .. "T C-1" instead.
  {"do": "raw", "xml": X, "seq": N}
                                sends the stanza X as it is. Answers "sent".
  {"do": "aesgcm-fetch", "url": U, "loopback_http": B, "seq": N}
                                XEP-0454: downloads the aesgcm:// URL U over https, the server
                                verified against the test CA (with loopback_http, a loopback
                                host over plain http: the test server's upload slots), and
                                decrypts it with its fragment's IV and key (AES-256-GCM, the
                                tag at the end, checked) by the `cryptography` package.
                                Answers "aesgcm-fetched" with the stored size, the plaintext's
                                size and SHA-256.
  {"do": "aesgcm-upload", "path": P, "service": S, "seq": N}
                                XEP-0454 the other way: encrypts the file P under a fresh key and
                                12-byte IV, asks the XEP-0363 service S for a slot and PUTs the
                                ciphertext and tag. Answers "aesgcm-uploaded" with the aesgcm://
                                URL (send it with "send" as the text, as Conversations does).

Every <encrypted/> message it receives is decrypted by python-omemo and reported as
{"event": "received", "ns": ..., "from": JID, "sid": D, "body": text or null (key transport)},
or {"event": "undecryptable", "ns": ..., "error": ...}.

Every answer carries the command's seq; a failed command answers {"event": "error"}. The run is
bounded by --timeout; stdin closing ends it too. Storage is in memory: a fresh device per run.
"""

import argparse
import asyncio
import base64
import hashlib
import json
import logging
import sys
import xml.etree.ElementTree as ET

OUT = sys.stdout
sys.stdout = sys.stderr  # stdout is for JSON lines only

import omemo  # noqa: E402
import oldmemo  # noqa: E402
import oldmemo.etree  # noqa: E402
import twomemo  # noqa: E402
import twomemo.etree  # noqa: E402
from omemo.storage import Just, Nothing  # noqa: E402
from omemo.types import TrustLevel  # noqa: E402
from slixmpp import ClientXMPP  # noqa: E402
from slixmpp.exceptions import IqError, IqTimeout  # noqa: E402
from slixmpp.xmlstream.handler import CoroutineCallback  # noqa: E402
from slixmpp.xmlstream.matcher import MatchXPath  # noqa: E402

OLD = oldmemo.oldmemo.NAMESPACE
TWO = twomemo.twomemo.NAMESPACE
NODES = {
    OLD: (f"{OLD}.devicelist", lambda device: f"{OLD}.bundles:{device}"),
    TWO: (f"{TWO}:devices", lambda device: f"{TWO}:bundles"),
}
ETREE = {OLD: oldmemo.etree, TWO: twomemo.etree}


def bundle_node(ns, device_id):
    return NODES[ns][1](device_id)


NAME = {OLD: "legacy", TWO: "v2"}


def emit(event, **fields):
    OUT.write(json.dumps({"event": event, **fields}) + "\n")
    OUT.flush()


def b64(data):
    return base64.b64encode(data).decode("ascii")


class MemoryStorage(omemo.Storage):
    def __init__(self):
        super().__init__()
        self.data = {}

    async def _load(self, key):
        return Just(self.data[key]) if key in self.data else Nothing()

    async def _store(self, key, value):
        self.data[key] = value

    async def _delete(self, key):
        self.data.pop(key, None)


def options(xmpp, **fields):
    form = xmpp["xep_0004"].make_form("submit")
    form.add_field(
        var="FORM_TYPE", ftype="hidden", value="http://jabber.org/protocol/pubsub#publish-options"
    )
    for name, value in fields.items():
        form.add_field(var=f"pubsub#{name}", value=value)
    return form


def bundle_fields(ns, element):
    """A serialized bundle's fields as written on the wire, read back with ElementTree."""
    q = lambda name: f"{{{ns}}}{name}"  # noqa: E731
    if ns == OLD:
        spk = element.find(q("signedPreKeyPublic"))
        return {
            "spk_id": int(spk.get("signedPreKeyId")),
            "spk": spk.text,
            "spks": element.find(q("signedPreKeySignature")).text,
            "ik": element.find(q("identityKey")).text,
            "prekeys": {pk.get("preKeyId"): pk.text for pk in element.iter(q("preKeyPublic"))},
        }
    spk = element.find(q("spk"))
    return {
        "spk_id": int(spk.get("id")),
        "spk": spk.text,
        "spks": element.find(q("spks")).text,
        "ik": element.find(q("ik")).text,
        "prekeys": {pk.get("id"): pk.text for pk in element.iter(q("pk"))},
    }


class Device(omemo.SessionManager):
    xmpp = None
    published = {}

    async def _upload_bundle(self, bundle):
        ns = bundle.namespace
        element = ETREE[ns].serialize_bundle(bundle)
        node = bundle_node(ns, bundle.device_id)
        if ns == OLD:
            item, extra = "current", {}
        else:
            item, extra = str(bundle.device_id), {"max_items": "max"}
        await self.xmpp["xep_0060"].publish(
            self.xmpp.boundjid.bare, node, id=item, payload=element,
            options=options(self.xmpp, access_model="open", **extra),
        )
        Device.published[NAME[ns]] = bundle_fields(ns, element)

    async def _download_bundle(self, namespace, bare_jid, device_id):
        try:
            return await download_bundle(self.xmpp, namespace, bare_jid, device_id)
        except Exception as e:  # noqa: BLE001 - python-omemo expects this type
            raise omemo.BundleDownloadFailed(f"{type(e).__name__}: {e}") from e

    async def _delete_bundle(self, namespace, device_id):
        pass

    async def _upload_device_list(self, namespace, device_list):
        element = ETREE[namespace].serialize_device_list(device_list)
        await self.xmpp["xep_0060"].publish(
            self.xmpp.boundjid.bare, NODES[namespace][0], id="current", payload=element,
            options=options(self.xmpp, access_model="open"),
        )

    async def _download_device_list(self, namespace, bare_jid):
        return await read_device_list(self.xmpp, namespace, bare_jid)

    async def _evaluate_custom_trust_level(self, device):
        return TrustLevel.TRUSTED

    async def _make_trust_decision(self, undecided, identifier):
        pass

    async def _send_message(self, message, bare_jid):
        pass


async def read_device_list(xmpp, ns, jid):
    try:
        iq = await xmpp["xep_0060"].get_items(jid, NODES[ns][0], max_items=1)
    except IqError as e:
        # A node that does not exist answers item-not-found, or forbidden to a stranger.
        if e.condition in ("item-not-found", "forbidden"):
            return {}
        raise
    items = list(iq["pubsub"]["items"])
    return ETREE[ns].parse_device_list(items[0].xml[0]) if items else {}


async def download_bundle(xmpp, ns, jid, device_id):
    pubsub = xmpp["xep_0060"]
    if ns == OLD:
        iq = await pubsub.get_items(jid, bundle_node(ns, device_id), max_items=1)
    else:
        iq = await pubsub.get_item(jid, bundle_node(ns, device_id), str(device_id))
    items = list(iq["pubsub"]["items"])
    if not items:
        raise RuntimeError("no bundle item")
    return ETREE[ns].parse_bundle(items[0].xml[0], jid, device_id)


async def encrypt(manager, jid, name, text):
    ns = OLD if name == "legacy" else TWO
    data = text.encode("utf-8")
    # python-omemo encrypts to the lists it has stored (kept current by notifications): read them.
    for namespace in (OLD, TWO):
        await manager.refresh_device_list(namespace, jid)
    messages, errors = await manager.encrypt(
        frozenset([jid]), {OLD: data, TWO: data}, backend_priority_order=[ns]
    )
    for message in messages:
        if message.namespace == ns:
            xml = ET.tostring(ETREE[ns].serialize_message(message), encoding="unicode")
            return {"xml": xml, "errors": [repr(e) for e in errors]}
    raise RuntimeError(f"nothing encrypted in {name}: {[repr(e) for e in errors]}")


def sce_envelope(text, sender, to):
    """An XEP-0420 envelope as an independent client writes it."""
    sce = "urn:xmpp:sce:1"
    env = ET.Element(f"{{{sce}}}envelope")
    content = ET.SubElement(env, f"{{{sce}}}content")
    ET.SubElement(content, "{jabber:client}body").text = text
    ET.SubElement(env, f"{{{sce}}}rpad").text = "pad"
    ET.SubElement(env, f"{{{sce}}}from", {"jid": sender})
    ET.SubElement(env, f"{{{sce}}}to", {"jid": to})
    return ET.tostring(env, encoding="unicode").encode("utf-8")


async def send(xmpp, manager, jid, name, text, times, refresh=True):
    ns = OLD if name == "legacy" else TWO
    for namespace in (OLD, TWO) if refresh else ():
        await manager.refresh_device_list(namespace, jid)
    data = {OLD: text.encode("utf-8"), TWO: sce_envelope(text, xmpp.boundjid.bare, jid)}
    messages, errors = await manager.encrypt(
        frozenset([jid]), data, backend_priority_order=[ns]
    )
    element = next(
        (ETREE[ns].serialize_message(m) for m in messages if m.namespace == ns), None
    )
    if element is None:
        raise RuntimeError(f"nothing encrypted in {name}: {[repr(e) for e in errors]}")
    msg = xmpp.make_message(mto=jid, mtype="chat")
    msg.xml.append(element)
    ET.SubElement(msg.xml, "{urn:xmpp:hints}store")
    if ns == OLD:
        msg["body"] = "I sent you an OMEMO encrypted message but your client doesn't support it."
    msg["id"] = xmpp.new_id()
    for _ in range(times):
        msg.send()
    return msg["id"]


async def on_encrypted(xmpp, manager, stanza):
    sender = stanza["from"].bare
    for ns in (OLD, TWO):
        element = stanza.xml.find(f"{{{ns}}}encrypted")
        if element is None:
            continue
        try:
            if ns == OLD:
                own = xmpp.boundjid.bare
                message = await oldmemo.etree.parse_message(element, sender, own, manager)
            else:
                message = twomemo.etree.parse_message(element, sender)
            plaintext, device, _ = await manager.decrypt(message)
            body = None if plaintext is None else plaintext.decode("utf-8", "replace")
            emit("received", ns=NAME[ns], sid=device.device_id, body=body, **{"from": sender})
        except Exception as e:  # noqa: BLE001 - reported to the test
            emit("undecryptable", ns=NAME[ns], error=f"{type(e).__name__}: {e}")
        return


async def read_bundle(xmpp, ns, jid, device_id):
    bundle = await download_bundle(xmpp, ns, jid, device_id)
    return {
        "spk_id": bundle.signed_pre_key_id,
        "spk": b64(bundle.bundle.signed_pre_key),
        "ik_ed25519": b64(bundle.identity_key),
        "prekey_ids": sorted(bundle.pre_key_ids.values()),
    }


async def fetch(xmpp, jid):
    result = {}
    for ns in (OLD, TWO):
        devices = await read_device_list(xmpp, ns, jid)
        bundles = {}
        for device_id in sorted(devices):
            try:
                bundles[str(device_id)] = await read_bundle(xmpp, ns, jid, device_id)
            except Exception as e:  # noqa: BLE001 - reported to the test, which decides
                bundles[str(device_id)] = {"error": f"{type(e).__name__}: {e}"}
        labels = {str(k): v for k, v in devices.items()}
        result[NAME[ns]] = {"devices": sorted(devices), "labels": labels, "bundles": bundles}
    return result


SCE = "urn:xmpp:sce:1"


def envelope_body(data):
    """The <body> text of an OMEMO 2 SCE envelope (the decrypted payload)."""
    envelope = ET.fromstring(data.decode("utf-8"))
    body = envelope.find(f"{{{SCE}}}content/{{jabber:client}}body")
    return None if body is None else body.text


def report_plain(stanza):
    """A message with a body and no OMEMO: what a test asserts never happens with the lock on."""
    if all(stanza.xml.find(f"{{{ns}}}encrypted") is None for ns in (TWO, OLD)):
        emit("received-plain", body=stanza["body"], id=stanza["id"])


async def receive(xmpp, manager, stanza, handler_ns):
    """Decrypts one incoming OMEMO message and reports it (the receiving side of the tests)."""
    if handler_ns == OLD and stanza.xml.find(f"{{{TWO}}}encrypted") is not None:
        return  # a stanza with both elements fires both handlers: the OMEMO 2 one reports it
    # It may carry both versions: take the element with a key for this device (OMEMO 2 first).
    own = (await manager.get_own_device_information())[0].device_id
    found = [
        (ns, element)
        for ns in (TWO, OLD)
        if (element := stanza.xml.find(f"{{{ns}}}encrypted")) is not None
    ]
    mine = [
        (ns, element)
        for ns, element in found
        if any(key.get("rid") == str(own) for key in element.iter(f"{{{ns}}}key"))
    ]
    ns, element = (mine or found)[0]
    sender = stanza["from"].bare
    fields = {"ns": NAME[ns], "body": stanza["body"] or None, "id": stanza["id"], "from": sender}
    fields["xml"] = ET.tostring(element, encoding="unicode")
    fields["stanza"] = ET.tostring(stanza.xml, encoding="unicode")
    replace = stanza.xml.find("{urn:xmpp:message-correct:0}replace")
    if replace is not None:
        fields["replaces"] = replace.get("id")
    try:
        if ns == OLD:
            message = await oldmemo.etree.parse_message(
                element, sender, xmpp.boundjid.bare, manager
            )
        else:
            message = twomemo.etree.parse_message(element, sender)
        plaintext, device, _ = await manager.decrypt(message)
        if plaintext is None:
            text = None
        elif ns == TWO:
            text = envelope_body(plaintext)
        else:
            text = plaintext.decode("utf-8")
        emit("received", text=text, sender_device=device.device_id, **fields)
    except Exception as e:  # noqa: BLE001 - the test reads the reason
        emit("receive-error", error=f"{type(e).__name__}: {e}", **fields)


NS_UPLOAD = "urn:xmpp:http:upload:0"


def aesgcm_parts(url):
    """An aesgcm:// URL's https location, IV and key (a 12- or 16-byte IV before the key)."""
    if not url.startswith("aesgcm://") or "#" not in url:
        raise ValueError(f"not an aesgcm URL: {url!r}")
    location, fragment = url[len("aesgcm://"):].split("#", 1)
    if len(fragment) not in (88, 96):
        raise ValueError(f"fragment of {len(fragment)} hex characters")
    secret = bytes.fromhex(fragment)
    return "https://" + location, secret[:-32], secret[-32:]


def http_fetch(url, ca, loopback_http):
    """GET `url`: https verified against the test CA, or plain http to a loopback test server."""
    import ssl
    import urllib.parse
    import urllib.request

    host = urllib.parse.urlsplit(url).hostname
    if loopback_http and host in ("127.0.0.1", "::1", "localhost"):
        url = "http://" + url[len("https://"):]
    context = ssl.create_default_context(cafile=ca) if url.startswith("https://") else None
    with urllib.request.urlopen(url, timeout=10, context=context) as response:
        return response.read()


async def aesgcm_fetch(url, ca, loopback_http):
    """Downloads and decrypts an aesgcm:// file; the GCM tag must check out."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    location, iv, key = aesgcm_parts(url)
    data = await asyncio.to_thread(http_fetch, location, ca, loopback_http)
    plain = AESGCM(key).decrypt(iv, data, None)
    return {"stored": len(data), "size": len(plain), "sha256": hashlib.sha256(plain).hexdigest()}


async def aesgcm_upload(xmpp, path, service):
    """Encrypts a file (XEP-0454), uploads it through an XEP-0363 slot, returns its aesgcm URL."""
    import os
    import urllib.request
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key, iv = os.urandom(32), os.urandom(12)
    with open(path, "rb") as f:
        payload = AESGCM(key).encrypt(iv, f.read(), None)  # ciphertext, then the 16-byte tag
    iq = xmpp.make_iq_get(ito=service)
    ET.SubElement(iq.xml, f"{{{NS_UPLOAD}}}request", {
        "filename": os.path.basename(path), "size": str(len(payload)),
        "content-type": "application/octet-stream",
    })
    slot = (await iq.send(timeout=10)).xml.find(f"{{{NS_UPLOAD}}}slot")
    put = slot.find(f"{{{NS_UPLOAD}}}put")
    get = slot.find(f"{{{NS_UPLOAD}}}get").get("url")
    headers = {h.get("name"): h.text or "" for h in put.iter(f"{{{NS_UPLOAD}}}header")}
    headers["Content-Type"] = "application/octet-stream"
    request = urllib.request.Request(put.get("url"), data=payload, method="PUT", headers=headers)

    def upload():
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status

    status = await asyncio.to_thread(upload)
    if status not in (200, 201):
        raise RuntimeError(f"PUT answered {status}")
    return "aesgcm://" + get.split("://", 1)[1] + "#" + iv.hex() + key.hex()


async def login(args):
    xmpp = ClientXMPP(args.jid, args.password)
    for plugin in ("xep_0004", "xep_0030", "xep_0060", "xep_0163"):
        xmpp.register_plugin(plugin)
    xmpp.ca_certs = args.ca
    started = asyncio.get_running_loop().create_future()

    def fail(reason):
        return lambda event=None: started.done() or started.set_exception(
            RuntimeError(f"{reason}: {event}")
        )

    xmpp.add_event_handler("session_start", lambda _: started.done() or started.set_result(None))
    xmpp.add_event_handler("failed_auth", fail("authentication failed"))
    xmpp.add_event_handler("ssl_invalid_chain", fail("server certificate not trusted"))
    xmpp.add_event_handler("connection_failed", fail("connection failed"))
    xmpp.connect((args.host, args.port), force_starttls=True)
    await started
    # Available: messages to the bare JID (key transports) are delivered to this resource.
    xmpp.send_presence()
    return xmpp


def listen(xmpp, manager):
    """Decrypts every <encrypted/> message, one at a time (python-omemo is not reentrant)."""
    from slixmpp.xmlstream.handler import CoroutineCallback
    from slixmpp.xmlstream.matcher import MatchXPath

    lock = asyncio.Lock()

    # One handler per namespace, registered once: a second set would decrypt every message
    # twice (the second attempt then fails as a replay). After the "listen" command the
    # detailed report of receive() is used instead of on_encrypted()'s short one.
    def handler(ns):
        async def handle(stanza):
            async with lock:
                if getattr(xmpp, "parley_detailed", False):
                    await receive(xmpp, manager, stanza, ns)
                elif ns == OLD or stanza.xml.find(f"{{{OLD}}}encrypted") is None:
                    await on_encrypted(xmpp, manager, stanza)

        return handle

    for ns in (OLD, TWO):
        xmpp.register_handler(CoroutineCallback(
            f"omemo {ns}", MatchXPath(f"{{jabber:client}}message/{{{ns}}}encrypted"), handler(ns)
        ))


async def commands(xmpp):
    manager = None
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
                Device.xmpp = xmpp
                storage = MemoryStorage()
                manager = await Device.create(
                    [twomemo.Twomemo(storage), oldmemo.Oldmemo(storage)], storage,
                    xmpp.boundjid.bare, initial_own_label="omemo-pep-peer",
                    undecided_trust_level_name="TRUSTED",
                )
                own, _ = await manager.get_own_device_information()
                listen(xmpp, manager)
                emit("published", seq=seq, device_id=own.device_id, bundles=Device.published)
            elif command["do"] == "listen":
                if manager is None:
                    raise RuntimeError("publish first")
                # The handlers "publish" registered (slixmpp's "message" event fires only for
                # messages with a <body>, and OMEMO 2 has none) now report in detail.
                xmpp.parley_detailed = True
                xmpp.add_event_handler("message", report_plain)
                # Available, so that messages to the bare JID are delivered rather than stored.
                xmpp.send_presence()
                emit("listening", seq=seq)
            elif command["do"] == "encrypt":
                if manager is None:
                    raise RuntimeError("publish first")
                result = await encrypt(manager, command["jid"], command["ns"], command["text"])
                emit("encrypted", seq=seq, **result)
            elif command["do"] == "send":
                if manager is None:
                    raise RuntimeError("publish first")
                times = int(command.get("times", 1))
                if "count" in command:
                    for i in range(int(command["count"])):
                        text = f"{command['text']} {i}"
                        await send(xmpp, manager, command["jid"], command["ns"], text, 1, i == 0)
                    emit("sent", seq=seq)
                else:
                    text = command["text"]
                    sent = await send(xmpp, manager, command["jid"], command["ns"], text, times)
                    emit("sent", seq=seq, id=sent)
            elif command["do"] == "raw":
                xmpp.send_raw(command["xml"])
                emit("sent", seq=seq)
            elif command["do"] == "aesgcm-fetch":
                got = await aesgcm_fetch(
                    command["url"], xmpp.ca_certs, bool(command.get("loopback_http"))
                )
                emit("aesgcm-fetched", seq=seq, **got)
            elif command["do"] == "aesgcm-upload":
                url = await aesgcm_upload(xmpp, command["path"], command["service"])
                emit("aesgcm-uploaded", seq=seq, url=url)
            elif command["do"] == "fetch":
                emit("fetched", seq=seq, **(await fetch(xmpp, command["jid"])))
            else:
                raise ValueError(f"unknown command {command['do']!r}")
        except (IqError, IqTimeout) as e:
            emit("error", seq=seq, error=f"{type(e).__name__}: {getattr(e, 'condition', e)}")
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
    xmpp = await asyncio.wait_for(login(args), 20)
    emit("ready")
    try:
        await asyncio.wait_for(commands(xmpp), args.timeout)
    except asyncio.TimeoutError:
        emit("timeout")
    xmpp.disconnect()


if __name__ == "__main__":  # omemo-room-peer.py imports its pieces
    asyncio.run(main())
