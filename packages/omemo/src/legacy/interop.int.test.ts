/**
 * Crypto interop without a server: Parley's legacy OMEMO against python-omemo/oldmemo (Debian),
 * which parses and builds the real XML through oldmemo's schema-validated etree module.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFingerprint } from '../fingerprint.js';
import { deriveIdentity, generateIdentitySeed, xeddsaSign } from '../identity.js';
import { acceptAll, makeDevice, type TestDevice } from '../test-support/legacy-pair.js';
import {
  bundleFromJson,
  bundleToJson,
  encryptedFromJson,
  encryptedToJson,
  PyPeer,
  type JsonBundle,
  type JsonEncrypted,
  type PyEvent,
} from '../test-support/py-peer.js';
import vectors from '../../test-vectors/identity.json' with { type: 'json' };
import { generatePreKeys, generateSignedPreKey, type LegacyBundle } from './bundle.js';
import { HEARTBEAT_COUNTER } from './cipher.js';
import { LegacyOmemoError } from './errors.js';
import { readWhisperHeader } from './wire.js';

const PY = 'py@localhost';
let peer: PyPeer;
let ready: PyEvent;
let pyDevice: { jid: string; deviceId: number };

beforeAll(async () => {
  ({ peer, ready } = await PyPeer.start());
  pyDevice = { jid: PY, deviceId: ready.device_id as number };
}, 30_000);
afterAll(() => peer?.close());

async function publish(device: TestDevice): Promise<void> {
  peer.send({
    cmd: 'publish',
    jid: device.jid,
    bundles: { [device.address.deviceId]: bundleToJson(await device.account.bundle()) },
  });
  expect((await peer.reply('published')).event).toBe('published');
}

async function toPython(device: TestDevice, text: string | null) {
  const out = await device.account.encrypt(text, [pyDevice]);
  await device.storage.commit(out.writes);
  peer.send({ cmd: 'decrypt', from: device.jid, message: encryptedToJson(out.result.encrypted) });
  return { sent: out.result.encrypted, reply: await peer.reply('decrypted') };
}

async function fromPython(device: TestDevice, json: JsonEncrypted) {
  const got = await device.account.decrypt(PY, encryptedFromJson(json), acceptAll);
  await device.storage.commit(got.writes);
  return got.result;
}

async function pythonEncrypts(to: TestDevice, text: string): Promise<JsonEncrypted> {
  peer.send({ cmd: 'encrypt', to: to.jid, text });
  const e = await peer.reply('encrypted');
  expect(e.event, String(e.error)).toBe('encrypted');
  return e.message as JsonEncrypted;
}

describe('legacy OMEMO interop with python-oldmemo (no server)', () => {
  it('shows python’s fingerprint for its identity key', () => {
    const bundle = bundleFromJson(ready.bundle as JsonBundle);
    expect(formatFingerprint(bundle.identityKey)).toBe(ready.fingerprint);
  });

  it('has python verify our XEdDSA signatures for either Edwards sign bit', async () => {
    const signBits = new Set<number>();
    for (let i = 0; i < 10; i++) {
      const id = deriveIdentity(generateIdentitySeed());
      signBits.add(id.ed25519Public[31]! >> 7);
      const message = new Uint8Array(33).fill(i);
      const signature = xeddsaSign(id.curvePrivate, message);
      peer.send({
        cmd: 'xeddsa_verify',
        curvePublic: Buffer.from(id.curvePublic).toString('hex'),
        message: Buffer.from(message).toString('hex'),
        signature: Buffer.from(signature).toString('hex'),
      });
      expect((await peer.reply('verified')).ok).toBe(true);
    }
    expect(signBits.size).toBe(2);
  });

  it('python keeps our OMEMO 2 Ed25519 key from our legacy bundle when its sign bit is 1', async () => {
    // A fixed seed whose Ed25519 key has sign bit 1 (the first identity vector).
    const vector = vectors.vectors.find((v) => v.edSignBit === 1)!;
    const seed = new Uint8Array(Buffer.from(vector.seed, 'hex'));
    const id = deriveIdentity(seed);
    expect(id.ed25519Public[31]! & 0x80).toBe(0x80);
    const spk = generateSignedPreKey(seed, 1, Date.now());
    const bundle: LegacyBundle = {
      identityKey: id.curvePublicPrefixed,
      signedPreKey: { id: spk.id, publicKey: spk.publicKey, signature: spk.signature },
      preKeys: generatePreKeys(1, 20).preKeys,
    };
    const jid = 'signbit@localhost';
    const deviceId = 4242;
    peer.send({ cmd: 'publish', jid, bundles: { [deviceId]: bundleToJson(bundle) } });
    expect((await peer.reply('published')).event).toBe('published');
    // python builds a session from the bundle: it must accept the signature...
    peer.send({ cmd: 'encrypt', to: jid, text: 'to a sign-bit-1 identity' });
    const sent = await peer.reply('encrypted');
    expect(sent.event, String(sent.error)).toBe('encrypted');
    // ...and keep for our device the Ed25519 key our OMEMO 2 bundle publishes.
    peer.send({ cmd: 'identity', jid, device_id: deviceId });
    expect((await peer.reply('identity')).ed25519).toBe(
      Buffer.from(id.ed25519Public).toString('hex'),
    );
    peer.drain('auto');
  }, 60_000);

  it('Parley initiates: prekey message, python’s session completion, reply, KeyTransport, replay', async () => {
    const me = await makeDevice('parley@localhost');
    await publish(me);
    const built = await me.account.buildSession(
      pyDevice,
      bundleFromJson(ready.bundle as JsonBundle),
    );
    await me.storage.commit(built.writes);

    const first = await toPython(me, 'Hello from Parley');
    expect(first.sent.keys[0]!.prekey).toBe(true);
    expect(first.reply).toMatchObject({ event: 'decrypted', plaintext: 'Hello from Parley' });
    expect(first.reply.sender_device).toBe(me.address.deviceId);

    // python completes the session with an empty message: a KeyTransport, no payload.
    const completion = await peer.next((e) => e.event === 'auto', 10_000);
    expect((completion.message as JsonEncrypted).payload).toBeNull();
    const kt = await fromPython(me, completion.message as JsonEncrypted);
    expect(kt.plaintext).toBeNull();

    const reply = await fromPython(me, await pythonEncrypts(me, 'Reply from python'));
    expect(new TextDecoder().decode(reply.plaintext!)).toBe('Reply from python');
    expect(reply.prekey).toBe(false);

    const second = await toPython(me, 'after the reply');
    expect(second.sent.keys[0]!.prekey).toBe(false);
    expect(second.reply).toMatchObject({ event: 'decrypted', plaintext: 'after the reply' });

    const ours = await toPython(me, null);
    expect(ours.sent.payload).toBeNull();
    expect(ours.reply).toMatchObject({ event: 'decrypted', plaintext: null });

    // A duplicate delivery of an old message fails in python too (we dedupe before decrypting).
    peer.send({ cmd: 'decrypt', from: me.jid, message: encryptedToJson(second.sent) });
    expect((await peer.reply('decrypted')).event).toBe('error');
    peer.drain('auto');
  }, 60_000);

  it('python initiates: we ask about its identity, decrypt, consume a prekey, refuse the replay', async () => {
    const me = await makeDevice('parley2@localhost');
    await publish(me);
    const first = encryptedFromJson(await pythonEncrypts(me, 'python initiates'));
    expect(first.keys.find((k) => k.rid === me.address.deviceId)?.prekey).toBe(true);
    const asked: Uint8Array[] = [];
    const got = await me.account.decrypt(PY, first, (d) => {
      asked.push(d.identityKey);
      return true;
    });
    await me.storage.commit(got.writes);
    expect(new TextDecoder().decode(got.result.plaintext!)).toBe('python initiates');
    expect(asked).toEqual([bundleFromJson(ready.bundle as JsonBundle).identityKey]);
    expect(got.result.consumedPreKeys).toHaveLength(1);

    let code = 'no error';
    try {
      await me.account.decrypt(PY, first, acceptAll);
    } catch (e) {
      code = e instanceof LegacyOmemoError ? e.code : String(e);
    }
    expect(code).toBe('duplicate');

    const answer = await toPython(me, 'answer to python');
    expect(answer.reply).toMatchObject({ event: 'decrypted', plaintext: 'answer to python' });
    peer.drain('auto');
  }, 60_000);

  it('heartbeat: we flag python’s counter 53 once, and python answers ours at 53', async () => {
    const me = await makeDevice('parley3@localhost');
    await publish(me);
    const due: number[] = [];
    for (let i = 0; i < 60; i++) {
      const got = await fromPython(me, await pythonEncrypts(me, `burst ${i}`));
      if (got.heartbeatDue) due.push(got.counter);
    }
    expect(due).toEqual([HEARTBEAT_COUNTER]);
    const heartbeat = await toPython(me, null);
    expect(heartbeat.reply).toMatchObject({ event: 'decrypted', plaintext: null });
    peer.drain('auto');

    // The other way: python sends its own heartbeat when our counter reaches 53.
    const heartbeatAfterCounter: number[] = [];
    for (let i = 0; i < 60; i++) {
      const sent = await toPython(me, `ours ${i}`);
      expect(sent.reply.event).toBe('decrypted');
      await new Promise((r) => setTimeout(r, 5));
      for (const auto of peer.drain('auto')) {
        heartbeatAfterCounter.push(readWhisperHeader(sent.sent.keys[0]!.data).counter);
        expect((await fromPython(me, auto.message as JsonEncrypted)).plaintext).toBeNull();
      }
    }
    expect(heartbeatAfterCounter).toEqual([HEARTBEAT_COUNTER]);
  }, 120_000);
});
