import { describe, expect, it } from 'vitest';
import {
  acceptAll,
  connect,
  makeDevice,
  receive,
  send,
  text,
} from '../test-support/legacy-pair.js';
import { MAX_DEVICE_ID } from '../ids.js';
import { LegacyOmemoError } from './errors.js';
import { generateSignedPreKey } from './bundle.js';
import { HEARTBEAT_COUNTER } from './cipher.js';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof LegacyOmemoError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('legacy OMEMO account', () => {
  it('creates a device id in 1..2^31-1, 100 prekeys and a verifiable bundle', async () => {
    const a = await makeDevice('alice@example.org');
    expect(a.address.deviceId).toBeGreaterThanOrEqual(1);
    expect(a.address.deviceId).toBeLessThanOrEqual(MAX_DEVICE_ID);
    const bundle = await a.account.bundle();
    expect(bundle.preKeys).toHaveLength(100);
    expect(bundle.identityKey).toHaveLength(33);
    expect(bundle.identityKey[0]).toBe(5);
  });

  it('exchanges a first prekey message and a reply between JIDs with dots', async () => {
    const a = await makeDevice('al.ice@ex.ample.org');
    const b = await makeDevice('b.ob@ex.ample.org');
    await connect(a, b);
    const m1 = await send(a, b, 'hello');
    expect(m1.keys[0]!.prekey).toBe(true);
    const r1 = await receive(b, a, m1);
    expect(text(r1.result.plaintext)).toBe('hello');
    expect(r1.result.prekey).toBe(true);
    expect(r1.result.consumedPreKeys).toHaveLength(1);
    const m2 = await send(b, a, 'reply');
    expect(m2.keys[0]!.prekey).toBe(false);
    expect(text((await receive(a, b, m2)).result.plaintext)).toBe('reply');
    const m3 = await send(a, b, 'after the reply');
    expect(m3.keys[0]!.prekey).toBe(false);
    expect(text((await receive(b, a, m3)).result.plaintext)).toBe('after the reply');
  });

  it('rejects a replayed message as a duplicate and stages nothing', async () => {
    const a = await makeDevice('alice@example.org');
    const b = await makeDevice('bob@example.org');
    await connect(a, b);
    const m1 = await send(a, b, 'one');
    await receive(b, a, m1);
    await receive(a, b, await send(b, a, 'two'));
    const m3 = await send(a, b, 'three');
    await receive(b, a, m3);
    expect(await codeOf(b.account.decrypt(a.jid, m3, acceptAll))).toBe('duplicate');
    expect(await codeOf(b.account.decrypt(a.jid, m1, acceptAll))).toBe('duplicate');
  });

  it('leaves the ratchet untouched when the writes are not committed', async () => {
    const a = await makeDevice('alice@example.org');
    const b = await makeDevice('bob@example.org');
    await connect(a, b);
    const m1 = await send(a, b, 'redelivered');
    const commitsBefore = b.storage.commits;
    const first = await b.account.decrypt(a.jid, m1, acceptAll);
    expect(first.writes.length).toBeGreaterThan(0);
    expect(b.storage.commits).toBe(commitsBefore);
    expect(b.storage.sessions.size).toBe(0);
    // As after a rollback: the same stanza redelivered decrypts again.
    const again = await receive(b, a, m1);
    expect(text(again.result.plaintext)).toBe('redelivered');
    expect(b.storage.sessions.size).toBe(1);
  });

  it('asks the caller before a first prekey message and changes nothing when refused', async () => {
    const a = await makeDevice('alice@example.org');
    const b = await makeDevice('bob@example.org');
    await connect(a, b);
    const m1 = await send(a, b, 'from an untrusted device');
    const asked: Uint8Array[] = [];
    const refuse = (d: { identityKey: Uint8Array; keyTransport: boolean }) => {
      expect(d.keyTransport).toBe(false);
      asked.push(d.identityKey);
      return false;
    };
    expect(await codeOf(b.account.decrypt(a.jid, m1, refuse))).toBe('untrusted-identity');
    expect(asked).toHaveLength(1);
    expect(Buffer.from(asked[0]!).equals(Buffer.from((await a.account.bundle()).identityKey))).toBe(
      true,
    );
    // Nothing was consumed: the bundle still offers every prekey.
    expect((await b.account.bundle()).preKeys).toHaveLength(100);
    const ok = await receive(b, a, m1);
    expect(text(ok.result.plaintext)).toBe('from an untrusted device');
  });

  it('sends and receives a KeyTransport without payload', async () => {
    const a = await makeDevice('alice@example.org');
    const b = await makeDevice('bob@example.org');
    await connect(a, b);
    await receive(b, a, await send(a, b, 'hi'));
    const kt = await send(b, a, null);
    expect(kt.payload).toBeNull();
    const got = await receive(a, b, kt);
    expect(got.result.plaintext).toBeNull();
  });

  it('carries a chosen key and IV in a KeyTransport (JET-OMEMO) and hands the key out', async () => {
    const a = await makeDevice('alice@example.org');
    const b = await makeDevice('bob@example.org');
    await connect(a, b);
    const secret = { key: new Uint8Array(16).fill(7), iv: new Uint8Array(12).fill(9) };
    const out = await a.account.encrypt(null, [b.address], secret);
    await a.storage.commit(out.writes);
    expect(out.result.encrypted.payload).toBeNull();
    expect([...out.result.encrypted.iv]).toEqual([...secret.iv]);
    const got = await receive(b, a, out.result.encrypted);
    expect(got.result.plaintext).toBeNull();
    expect([...got.result.transportKey!]).toEqual([...secret.key]);
    // A message hands out no key; a chosen secret never rides with a payload.
    expect((await receive(a, b, await send(b, a, 'hi'))).result.transportKey).toBeNull();
    expect(await codeOf(a.account.encrypt('text', [b.address], secret))).toBe('malformed');
  });

  it('flags one heartbeat at counter 53 for a ratchet key', async () => {
    const a = await makeDevice('alice@example.org');
    const b = await makeDevice('bob@example.org');
    await connect(a, b);
    const due: number[] = [];
    for (let i = 0; i < 60; i++) {
      const got = await receive(b, a, await send(a, b, `burst ${i}`));
      if (got.result.heartbeatDue) due.push(got.result.counter);
    }
    expect(due).toEqual([HEARTBEAT_COUNTER]);
  });

  it('keeps a session record under 16 KB after 1,000 direction changes', async () => {
    const a = await makeDevice('alice@example.org');
    const b = await makeDevice('bob@example.org');
    await connect(a, b);
    for (let i = 0; i < 500; i++) {
      await receive(b, a, await send(a, b, 'ping'));
      await receive(a, b, await send(b, a, 'pong'));
    }
    const sizes = [...a.storage.sessions.values(), ...b.storage.sessions.values()].map(
      (r) => r.length,
    );
    expect(sizes).toHaveLength(2);
    for (const size of sizes) expect(size).toBeLessThan(16 * 1024);
    // A late message from an older chain (within oldRatchetList) still decrypts.
    const late = await send(a, b, 'late');
    await receive(a, b, await send(b, a, 'newer'));
    await receive(b, a, await send(a, b, 'step'));
    expect(text((await receive(b, a, late)).result.plaintext)).toBe('late');
  }, 120_000);

  it('encrypts for every device with a session, never for itself, and refuses when none', async () => {
    const a = await makeDevice('alice@example.org');
    const b = await makeDevice('bob@example.org');
    const c = await makeDevice('carol@example.org');
    await connect(a, b);
    const out = await a.account.encrypt('x', [a.address, b.address, c.address]);
    expect(out.result.encrypted.keys.map((k) => k.rid)).toEqual([b.address.deviceId]);
    expect(out.result.failures.map((f) => f.device.deviceId)).toEqual([c.address.deviceId]);
    expect(await codeOf(a.account.encrypt('x', [a.address, c.address]))).toBe('no-recipient');
  });

  it('says not-for-this-device and own-device instead of decrypting', async () => {
    const a = await makeDevice('alice@example.org');
    const b = await makeDevice('bob@example.org');
    const c = await makeDevice('carol@example.org');
    await connect(a, b);
    const m = await send(a, b, 'for bob');
    expect(await codeOf(c.account.decrypt(a.jid, m, acceptAll))).toBe('not-for-this-device');
    expect(await codeOf(a.account.decrypt(a.jid, m, acceptAll))).toBe('own-device');
  });

  it('refuses a bundle whose signed prekey signature does not verify', async () => {
    const a = await makeDevice('alice@example.org');
    const b = await makeDevice('bob@example.org');
    const bundle = await b.account.bundle();
    const signature = Uint8Array.from(bundle.signedPreKey.signature);
    signature[5]! ^= 1;
    const bad = { ...bundle, signedPreKey: { ...bundle.signedPreKey, signature } };
    expect(await codeOf(a.account.buildSession(b.address, bad))).toBe('bad-bundle');
    const short = { ...bundle, identityKey: bundle.identityKey.subarray(0, 20) };
    expect(await codeOf(a.account.buildSession(b.address, short))).toBe('bad-bundle');
  });

  it('keeps a consumed prekey until deleted, then refills under new ids', async () => {
    const a = await makeDevice('alice@example.org');
    const b = await makeDevice('bob@example.org');
    await connect(a, b);
    const got = await receive(b, a, await send(a, b, 'hi'));
    const [used] = got.result.consumedPreKeys;
    expect((await b.account.bundle()).preKeys.map((p) => p.id)).not.toContain(used);
    expect(b.storage.preKeys.get(used!)?.consumedAt).not.toBeNull();
    // The catch-up over, the consumed prekey is deleted (by the backend's store).
    await b.storage.commit([{ kind: 'preKeyDeleted', id: used! }]);
    expect(b.storage.preKeys.has(used!)).toBe(false);
    // 99 unused is above the refill threshold; force a refill to see ids keep growing.
    const refill = await b.account.refillPreKeys(101);
    await b.storage.commit(refill.writes);
    const ids = (await b.account.bundle()).preKeys.map((p) => p.id);
    expect(ids).toHaveLength(100);
    expect(Math.max(...ids)).toBe(101);
    expect(ids).not.toContain(used);
  });

  it('rotates the signed prekey and still accepts prekey messages built on the old one', async () => {
    const a = await makeDevice('alice@example.org');
    const b = await makeDevice('bob@example.org');
    const c = await makeDevice('carol@example.org');
    await connect(a, b); // built on b's signed prekey 1
    // Rotated as the backend does it: a new signed prekey becomes the current one.
    const identity = b.storage.identity!;
    const signedPreKey = generateSignedPreKey(identity.seed, 2, Date.now());
    await b.storage.commit([
      { kind: 'signedPreKey', signedPreKey },
      { kind: 'identity', identity: { ...identity, signedPreKeyId: 2 } },
    ]);
    expect((await b.account.bundle()).signedPreKey.id).toBe(2);
    await connect(c, b); // built on signed prekey 2
    expect(text((await receive(b, a, await send(a, b, 'old spk'))).result.plaintext)).toBe(
      'old spk',
    );
    expect(text((await receive(b, c, await send(c, b, 'new spk'))).result.plaintext)).toBe(
      'new spk',
    );
  });
});
