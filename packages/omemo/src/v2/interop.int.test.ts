// OMEMO 2 crypto interop without a server: Parley's v2 core against Debian's python-omemo +
// python-twomemo (test-support/twomemo_peer.py over JSON lines), in both initiator directions.
import { xml } from '@xmpp/xml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PythonPeer,
  bundleFromJson,
  bundleToJson,
  messageFromJson,
  messageToJson,
  type BundleJson,
  type MessageJson,
  type PeerEvent,
} from '../test-support/python-peer.js';
import { makeTestDevice, type TestDevice } from '../test-support/v2-device.js';
import {
  OmemoV2Error,
  buildEnvelope,
  decrypt,
  decryptEnvelope,
  encrypt,
  parseEnvelope,
  startSession,
  type EncryptedMessageV2,
  type SessionRecord,
} from './index.js';

const PY = 'py@localhost';
let peer: PythonPeer;
let pyDevice: number;
let pyBundle: BundleJson;

const str = (u: Uint8Array | null) => (u === null ? null : Buffer.from(u).toString('utf8'));

/** One Parley device and its session with the python device. */
class Parley {
  session: SessionRecord | null = null;
  constructor(readonly device: TestDevice) {}
  get jid() {
    return this.device.own.jid;
  }
  async publish(): Promise<void> {
    peer.send({
      cmd: 'publish',
      jid: this.jid,
      bundles: { [this.device.own.deviceId]: bundleToJson(this.device.bundle) },
    });
    expect((await peer.next(['published'])).event).toBe('published');
  }
  send(plaintext: Uint8Array | null): EncryptedMessageV2 {
    this.session ??= startSession(this.device.own, bundleFromJson(pyBundle));
    const out = encrypt(this.device.own, plaintext, [
      { jid: PY, deviceId: pyDevice, session: this.session },
    ]);
    this.session = out.sessions[0]!.session;
    return out.message;
  }
  receive(message: EncryptedMessageV2) {
    const r = decrypt(this.device.own, {
      senderJid: PY,
      message,
      session: this.session,
      knownIk: bundleFromJson(pyBundle).ik,
      preKeys: this.device.lookup,
    });
    this.session = r.session;
    return r;
  }
}

async function pyDecrypt(from: string, message: EncryptedMessageV2): Promise<PeerEvent> {
  peer.send({ cmd: 'decrypt', from, message: messageToJson(message) });
  return peer.next(['decrypted']);
}

/** python's session completion after a key exchange (an automatic empty message). */
async function completion(): Promise<PeerEvent> {
  const [auto] = peer.drain('auto');
  return auto ?? peer.next(['auto'], 5_000);
}

async function pyEncrypt(
  to: string,
  text: string,
  sce = false,
): Promise<{ message: EncryptedMessageV2; plaintext: string }> {
  peer.send({ cmd: sce ? 'encrypt_sce' : 'encrypt', to, text });
  const e = await peer.next(['encrypted']);
  expect(e.event, JSON.stringify(e)).toBe('encrypted');
  expect(e.errors).toEqual([]);
  return { message: messageFromJson(e.message as MessageJson), plaintext: e.plaintext as string };
}

function envelopeBytes(from: string, text: string): Uint8Array {
  return new Uint8Array(
    Buffer.from(
      buildEnvelope({ content: [xml('body', { xmlns: 'jabber:client' }, text)], from, to: PY }),
    ),
  );
}

beforeAll(async () => {
  peer = PythonPeer.start(PY);
  const ready = await peer.next(['ready']);
  expect(ready.event).toBe('ready');
  pyDevice = ready.device_id as number;
  pyBundle = ready.bundle as BundleJson;
});

afterAll(async () => {
  await peer?.stop();
});

describe('OMEMO 2 interop with python-twomemo (no server)', () => {
  it('Parley initiates: key exchange, SCE envelope, completion, reply, empty message', async () => {
    const me = new Parley(makeTestDevice('parley@localhost', 4242));
    await me.publish();

    const first = me.send(envelopeBytes(me.jid, 'Hello from Parley'));
    expect(first.keys[0]!.keys[0]!.kex).toBe(true);
    const got = await pyDecrypt(me.jid, first);
    expect(got.event, JSON.stringify(got)).toBe('decrypted');
    expect(got.sender_device).toBe(4242);
    expect(
      parseEnvelope(got.plaintext as string, { from: me.jid, to: PY }).content[0]!.getText(),
    ).toBe('Hello from Parley');

    // python completes the session with an empty message; decrypting it confirms ours
    const auto = peer.drain('auto');
    expect(auto).toHaveLength(1);
    const completion = me.receive(messageFromJson(auto[0]!.message as MessageJson));
    expect(completion.plaintext).toBeNull();
    expect(completion.reply).toBeNull();
    const second = me.send(envelopeBytes(me.jid, 'no key exchange now'));
    expect(second.keys[0]!.keys[0]!.kex).toBe(false);
    expect(
      ((await pyDecrypt(me.jid, second)).plaintext as string).includes('no key exchange now'),
    ).toBe(true);

    // python's reply, an envelope it built itself
    const reply = await pyEncrypt(me.jid, 'Reply from python', true);
    const r = decryptEnvelope(me.device.own, {
      senderJid: PY,
      stanzaTo: me.jid,
      message: reply.message,
      session: me.session,
      preKeys: me.device.lookup,
    });
    me.session = r.session;
    const env = r.envelope!;
    expect(env.content[0]!.getText()).toBe('Reply from python');
    expect(env.to).toBe(me.jid);
    expect(env.from).toBe(PY);

    // an empty (key transport) message from Parley: python sees no content
    const empty = me.send(null);
    expect(empty.payload).toBeUndefined();
    const e = await pyDecrypt(me.jid, empty);
    expect(e.event, JSON.stringify(e)).toBe('decrypted');
    expect(e.plaintext).toBeNull();
  });

  it('python initiates: Parley builds the passive session, uses the prekey once, completes', async () => {
    const me = new Parley(makeTestDevice('parley2@localhost', 777));
    await me.publish();
    const first = await pyEncrypt(me.jid, 'first from python');
    const key = first.message.keys.find((g) => g.jid === me.jid)!.keys[0]!;
    expect(key.kex).toBe(true);
    const r = me.receive(first.message);
    expect(str(r.plaintext)).toBe('first from python');
    expect(r.usedPreKeyId).not.toBeNull();
    expect(r.reply).toBe('completion');
    expect(r.identityKey).toEqual(bundleFromJson(pyBundle).ik);

    // until python hears back it repeats the key exchange; the same session decrypts it
    const again = await pyEncrypt(me.jid, 'still unconfirmed');
    expect(again.message.keys[0]!.keys[0]!.kex).toBe(true);
    const r2 = me.receive(again.message);
    expect(str(r2.plaintext)).toBe('still unconfirmed');
    expect(r2.usedPreKeyId).toBeNull();

    const completion = await pyDecrypt(me.jid, me.send(null));
    expect(completion.event, JSON.stringify(completion)).toBe('decrypted');
    expect(completion.plaintext).toBeNull();
    const after = await pyEncrypt(me.jid, 'confirmed');
    expect(after.message.keys[0]!.keys[0]!.kex).toBe(false);
    expect(str(me.receive(after.message).plaintext)).toBe('confirmed');

    // and Parley's reply on the passive session
    const answer = await pyDecrypt(me.jid, me.send(new TextEncoder().encode('answer from Parley')));
    expect(answer.plaintext).toBe('answer from Parley');
  });

  it('replays are rejected on both sides; out of order within the skip bound decrypts', async () => {
    const me = new Parley(makeTestDevice('parley3@localhost', 31337));
    await me.publish();
    const setup = await pyDecrypt(me.jid, me.send(new TextEncoder().encode('setup')));
    expect(setup.event, JSON.stringify(setup)).toBe('decrypted');
    me.receive(messageFromJson((await completion()).message as MessageJson));

    // python → Parley, delivered 2, 0, 1, then 1 again
    const burst = [];
    for (let i = 0; i < 3; i++) burst.push(await pyEncrypt(me.jid, `py ${i}`));
    for (const i of [2, 0, 1]) expect(str(me.receive(burst[i]!.message).plaintext)).toBe(`py ${i}`);
    let replay: unknown;
    try {
      me.receive(burst[1]!.message);
    } catch (e) {
      replay = e;
    }
    expect(replay).toBeInstanceOf(OmemoV2Error);
    expect((replay as OmemoV2Error).code).toBe('duplicate');

    // Parley → python, delivered 1, 0, then 0 again
    const mine = [0, 1].map((i) => me.send(new TextEncoder().encode(`parley ${i}`)));
    expect((await pyDecrypt(me.jid, mine[1]!)).plaintext).toBe('parley 1');
    expect((await pyDecrypt(me.jid, mine[0]!)).plaintext).toBe('parley 0');
    const dup = await pyDecrypt(me.jid, mine[0]!);
    expect(dup.event).toBe('error');
    expect(String(dup.error)).toMatch(/Decrypt|Duplicate/i);
  });

  it('python sends a heartbeat when Parley’s counter reaches 53, and Parley asks for one at 53', async () => {
    const me = new Parley(makeTestDevice('parley4@localhost', 5353));
    await me.publish();
    const setup = await pyDecrypt(me.jid, me.send(new TextEncoder().encode('setup')));
    // What python said when it did not take it (seen once in CI under load, not since).
    expect(setup.event, JSON.stringify(setup)).toBe('decrypted');
    me.receive(messageFromJson((await completion()).message as MessageJson));
    // the completion moved Parley's ratchet: its next chain starts at n = 0
    let firstHeartbeatAt = -1;
    for (let i = 0; i < 56 && firstHeartbeatAt < 0; i++) {
      await pyDecrypt(me.jid, me.send(new TextEncoder().encode(`n${i}`)));
      if (peer.drain('auto').length > 0) firstHeartbeatAt = i;
    }
    expect(firstHeartbeatAt).toBe(53);

    // python → Parley: the one heartbeat request comes with the message whose counter is 53
    const seen: { counter: number; reply: string | null }[] = [];
    for (let i = 0; i < 56; i++) {
      const r = me.receive((await pyEncrypt(me.jid, `p${i}`)).message);
      seen.push({ counter: r.counter, reply: r.reply });
    }
    expect(seen.filter((s) => s.reply !== null)).toEqual([{ counter: 53, reply: 'heartbeat' }]);
  });
});
