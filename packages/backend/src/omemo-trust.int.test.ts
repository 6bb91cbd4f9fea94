// The trust dialog's commands over a real Prosody (issue 10, OMEMO.md §3.5, §7.4): two Parley
// accounts in one backend, and a python-omemo device as alice's second device. Listing shows
// fingerprints, trust decides who is encrypted for, a verification link verifies only when it
// matches, our other device can be removed, and a changed key raises an alert and is not used
// until the user accepts it by its fingerprint.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, type TestServer } from '@parley/testkit';
import { deriveIdentity } from '@parley/omemo';
import { fetchBundle, fetchDeviceList, Session, type IqSender } from '@parley/xmpp';
import type { Account, Message } from '@parley/contract';
import { befriend } from './test-support/accounts.js';
import { addOnlineAccount } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';
import {
  commandRunner,
  slixmppMissing,
  startPythonPeer,
  type Peer,
} from './test-support/python-peer.js';

const missing = slixmppMissing('omemo, oldmemo, twomemo, xmlschema, slixmpp');
if (missing) console.warn(`omemo-trust.int.test.ts skipped: ${missing}`);

let server: TestServer;
let h: Harness;
let hb: Harness;
let alice: Account;
let bob: Account;
let reader: Session;
let peer: Peer;
let peerDevice: number;
let bobDevice: number;
let bobFingerprint: string;

const run = commandRunner(() => peer);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const read: IqSender = (iq) => reader.iq(iq);

function fingerprintOf(harness: Harness, account: Account): string {
  return hex(deriveIdentity(harness.store.omemoIdentity.get(account.id)!.seed).curvePublic);
}

/**
 * Alice sends `text` to bob: resolves with her message once the server took it, encrypted for
 * bob's device (checked), or rejects with why it was not sent.
 */
async function aliceSends(text: string): Promise<Message> {
  const sent = await h.call('messages.send', { accountId: alice.id, peer: bob.jid, body: text });
  const done = await eventually(() => {
    const m = h.store.messages.get(alice.id, sent.id);
    // Bob reads it and answers with a receipt: acked may already have become delivered.
    const settled = ['acked', 'delivered', 'received', 'failed'];
    return m && settled.includes(m.status) ? m : undefined;
  }, 25_000);
  if (done.status === 'failed') {
    // The reason travels with the event (the store keeps only the status).
    const event = h.events.find(
      (e) => e.name === 'message.updated' && (e.payload as Message).id === sent.id,
    );
    throw new Error(String((event?.payload as Message | undefined)?.error));
  }
  // Encrypted for bob's device: bob's Parley opened it. (Not alice's per-device counter of
  // unanswered messages: bob's answers, a receipt or a key transport, reset it at any moment.)
  const opened = await eventually(() => {
    const page = hb.store.messages.page(bob.id, alice.jid, { beforeId: null, limit: 100 });
    return page.messages.find((m) => m.direction === 'in' && m.body === text);
  }, 25_000);
  expect(opened).toMatchObject({ encryption: 'omemo2', senderDevice: aliceDevice() });
  return done;
}

const aliceDevice = () => h.store.omemoIdentity.get(alice.id)!.deviceId;

async function bobTrustAtAlice() {
  const { devices } = await h.call('omemo.devices.list', { accountId: alice.id, jid: bob.jid });
  return devices.find((d) => d.deviceId === bobDevice && d.version === 'omemo2')!;
}

describe.skipIf(missing)('OMEMO trust through Prosody', () => {
  beforeAll(async () => {
    server = await startProsody({
      users: [
        { local: 'alice', password: 'alice-pw' },
        { local: 'bob', password: 'bob-pw' },
        { local: 'reader', password: 'reader-pw' },
      ],
    });
    const key = randomBytes(32);
    h = startHarness({ caPem: server.caPem, key });
    hb = startHarness({ caPem: server.caPem, key });
    for (const harness of [h, hb])
      await harness.call('settings.set', { key: 'omemo', accountId: null, value: true });
    alice = await addOnlineAccount(h, server, 'alice');
    bob = await addOnlineAccount(hb, server, 'bob');
    await befriend({ h, account: alice, key }, { h: hb, account: bob, key });
    // Both published their device (a fresh session with the omemo setting on).
    await eventually(() => hb.store.omemoDevices.list(bob.id, bob.jid, 'omemo2').length > 0);
    await eventually(() => h.store.omemoDevices.list(alice.id, alice.jid, 'omemo2').length > 0);
    bobDevice = hb.store.omemoIdentity.get(bob.id)!.deviceId;
    bobFingerprint = fingerprintOf(hb, bob);
    const user = server.users.find((u) => u.local === 'reader')!;
    reader = new Session({
      jid: user.jid,
      password: user.password,
      resource: 'reader',
      host: server.host,
      port: server.c2sPort,
      tlsMode: 'starttls',
      trust: { caPem: server.caPem },
    });
    await reader.start();
    // A second device of alice's account, as another client would be.
    peer = startPythonPeer(
      'omemo-pep-peer.py',
      ['--timeout', '100'],
      server,
      server.users[0]!,
      110_000,
    );
    await peer.next('ready');
    peerDevice = (await run({ do: 'publish' }, 'published')).device_id as number;
  }, 90_000);

  afterAll(async () => {
    peer?.end();
    await peer?.finish().catch(() => peer.kill());
    await reader?.stop().catch(() => {});
    await h?.close(true);
    await hb?.close(true);
    await server?.stop();
  }, 30_000);

  it("lists the contact's devices of both versions with fingerprints, trusted blindly", async () => {
    const { devices } = await h.call('omemo.devices.list', { accountId: alice.id, jid: bob.jid });
    const seen = devices.map((d) => [d.version, d.deviceId, d.fingerprint, d.trust, d.current]);
    expect(seen).toEqual([
      ['omemo', bobDevice, bobFingerprint, 'blind', false],
      ['omemo2', bobDevice, bobFingerprint, 'blind', false],
    ]);
  }, 30_000);

  it('lists our own devices: this one marked current, the other with its key', async () => {
    await eventually(
      () => h.store.omemoDevices.get(alice.id, alice.jid, 'omemo2', peerDevice) !== null,
    );
    const { devices } = await h.call('omemo.devices.list', {
      accountId: alice.id,
      jid: alice.jid,
    });
    const v2 = devices.filter((d) => d.version === 'omemo2');
    const me = h.store.omemoIdentity.get(alice.id)!.deviceId;
    expect(v2.find((d) => d.deviceId === me)).toMatchObject({
      current: true,
      fingerprint: fingerprintOf(h, alice),
    });
    const other = v2.find((d) => d.deviceId === peerDevice);
    expect(other).toMatchObject({ current: false, trust: 'blind', active: true });
    expect(other?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  }, 30_000);

  it('a verification link with a fingerprint that does not match verifies nothing', async () => {
    const { uri } = await hb.call('omemo.verification.uri', { accountId: bob.id, jid: bob.jid });
    expect(uri).toContain(`omemo-sid-${bobDevice}=${bobFingerprint}`);
    const forged = uri.replace(bobFingerprint, hex(randomBytes(32)));
    const result = await h.call('omemo.verification.apply', { accountId: alice.id, uri: forged });
    expect(result).toEqual({
      jid: bob.jid,
      verified: false,
      devices: [{ deviceId: bobDevice, result: 'mismatch' }],
    });
    expect((await bobTrustAtAlice()).trust).toBe('blind');
  }, 30_000);

  it("bob's own verification link, pasted at alice, verifies his device", async () => {
    const { uri } = await hb.call('omemo.verification.uri', { accountId: bob.id, jid: bob.jid });
    const result = await h.call('omemo.verification.apply', { accountId: alice.id, uri });
    expect(result).toEqual({
      jid: bob.jid,
      verified: true,
      devices: [{ deviceId: bobDevice, result: 'match' }],
    });
    expect((await bobTrustAtAlice()).trust).toBe('verified');
  }, 30_000);

  it('trust decides whether bob is encrypted for', async () => {
    await h.call('omemo.conversation.set', {
      accountId: alice.id,
      peer: bob.jid,
      encryption: 'omemo',
    });
    const changed = h.waitFor('omemo.devices.changed', (e) => e.jid === bob.jid);
    const set = await h.call('omemo.device.trust.set', {
      accountId: alice.id,
      jid: bob.jid,
      deviceId: bobDevice,
      version: 'omemo2',
      trust: 'distrusted',
    });
    expect(set.device.trust).toBe('distrusted');
    await changed;
    await expect(aliceSends('to a distrusted device')).rejects.toThrow(/distrusted/);
    await h.call('omemo.device.trust.set', {
      accountId: alice.id,
      jid: bob.jid,
      deviceId: bobDevice,
      version: 'omemo2',
      trust: 'verified',
    });
    const got = await aliceSends('to a verified device');
    expect(got.encryption).toBe('omemo2');
  }, 60_000);

  it('a changed key raises the alert and is not used until accepted by its fingerprint', async () => {
    // Alice had pinned another key for bob's device (as if bob's device had been replaced).
    const fake = randomBytes(32);
    h.store.omemoTrust.forget(alice.id, bob.jid, bobDevice);
    h.store.omemoTrust.seen(alice.id, bob.jid, bobDevice, fake, Date.now());
    h.store.omemoTrust.setTrust(alice.id, bob.jid, bobDevice, 'verified', Date.now());
    for (const ns of ['omemo', 'omemo2'] as const)
      h.store.omemoSessions.delete(alice.id, bob.jid, ns, bobDevice);
    const alert = h.waitFor('omemo.key.changed', (e) => e.jid === bob.jid, 20_000);
    await expect(aliceSends('to a changed key')).rejects.toThrow(/identity key changed/);
    expect(await alert).toEqual({
      accountId: alice.id,
      jid: bob.jid,
      deviceId: bobDevice,
      pinnedFingerprint: hex(fake),
      newFingerprint: bobFingerprint,
    });
    expect(await bobTrustAtAlice()).toMatchObject({
      fingerprint: hex(fake),
      keyChanged: true,
      changedFingerprint: bobFingerprint,
    });
    // A decision that does not name the new key changes nothing.
    const blind = {
      accountId: alice.id,
      jid: bob.jid,
      deviceId: bobDevice,
      version: 'omemo2' as const,
      trust: 'verified' as const,
    };
    await expect(h.call('omemo.device.trust.set', blind)).rejects.toThrow(/conflict/);
    expect((await bobTrustAtAlice()).fingerprint).toBe(hex(fake));
    const accepted = await h.call('omemo.device.trust.set', {
      ...blind,
      keyFingerprint: bobFingerprint,
    });
    expect(accepted.device).toMatchObject({
      fingerprint: bobFingerprint,
      trust: 'verified',
      keyChanged: false,
    });
    const got = await aliceSends('to the accepted key');
    expect(got.encryption).toBe('omemo2');
  }, 60_000);

  it('removing our other device leaves this one in the published lists', async () => {
    // The other client is gone for good (running, it would add itself back).
    peer.end();
    await peer.finish().catch(() => peer.kill());
    const me = h.store.omemoIdentity.get(alice.id)!.deviceId;
    for (const version of ['legacy', 'v2'] as const) {
      const ids = (await fetchDeviceList(read, alice.jid, version)).map((d) => d.id);
      expect(ids.sort()).toEqual([me, peerDevice].sort());
    }
    await expect(
      h.call('omemo.own.device.remove', { accountId: alice.id, deviceId: me }),
    ).rejects.toThrow(/invalid-payload/);
    await h.call('omemo.own.device.remove', { accountId: alice.id, deviceId: peerDevice });
    for (const version of ['legacy', 'v2'] as const) {
      const ids = (await fetchDeviceList(read, alice.jid, version)).map((d) => d.id);
      expect(ids).toEqual([me]);
      expect(await fetchBundle(read, alice.jid, peerDevice, version)).toHaveProperty('rejected');
      expect('rejected' in (await fetchBundle(read, alice.jid, me, version))).toBe(false);
    }
    const { devices } = await h.call('omemo.devices.list', {
      accountId: alice.id,
      jid: alice.jid,
    });
    expect(devices.map((d) => d.deviceId)).not.toContain(peerDevice);
  }, 60_000);
});
