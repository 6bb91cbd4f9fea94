import type { Call, CallDescription, EventName, EventPayload } from '@parley/contract';
import { startProsody, type TestServer } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { befriend, login, type Device } from './test-support/accounts.js';
import { audioDescription } from './test-support/call-fixtures.js';
import { eventually, type Harness } from './test-support/harness.js';

// OMEMO-verified DTLS fingerprints between two Parley backends through Prosody: in an encrypted
// conversation the callee names its OMEMO device in <proceed/>, each side's fingerprint travels
// sealed to the other's device, and the call turns `verified` on both sides.
let server: TestServer;
const opened: Harness[] = [];
let n = 0;

function seen<E extends EventName>(
  d: Device,
  name: E,
  match: (p: EventPayload<E>) => boolean,
): Array<EventPayload<E>> {
  return d.h.events
    .filter((e) => e.name === name)
    .map((e) => e.payload as EventPayload<E>)
    .filter(match);
}

/** Two friends with OMEMO on, each with the other's device list in hand. */
async function pair(): Promise<[Device, Device]> {
  const a = `vcaller${++n}`;
  const b = `vcallee${n}`;
  await server.createUser(a, `${a}-pw`);
  await server.createUser(b, `${b}-pw`);
  const alice = await login(server, opened, a);
  const bob = await login(server, opened, b);
  for (const d of [alice, bob]) {
    await d.h.call('settings.set', { key: 'omemo', accountId: null, value: true });
  }
  await befriend(alice, bob);
  for (const [d, other] of [
    [alice, bob],
    [bob, alice],
  ] as const) {
    await eventually(
      () => d.h.store.omemoDevices.list(d.account.id, other.account.jid, 'omemo').length > 0,
      20_000,
    );
  }
  return [alice, bob];
}

async function encrypt(d: Device, peer: Device, on: boolean): Promise<void> {
  await d.h.call('omemo.conversation.set', {
    accountId: d.account.id,
    peer: peer.account.jid,
    encryption: on ? 'omemo' : 'off',
  });
}

/** Rings, answers, and trades an offer and an answer; returns each side's last call state. */
async function callThrough(alice: Device, bob: Device) {
  const started = await alice.h.call('calls.start', {
    accountId: alice.account.id,
    peer: bob.account.jid,
    media: ['audio'],
  });
  if (!started.ok) throw new Error(started.failure.message);
  const id = started.call.id;
  const ref = (d: Device) => ({ accountId: d.account.id, callId: id });
  await eventually(
    () => seen(bob, 'call.changed', (c) => c.id === id && c.state === 'incoming')[0],
  );
  expect(await bob.h.call('calls.accept', ref(bob))).toEqual({ ok: true });
  await eventually(
    () => seen(alice, 'call.changed', (c) => c.id === id && c.state === 'connecting')[0],
  );

  const offer = audioDescription('aaaa', 'actpass');
  const describe = (d: Device, kind: 'offer' | 'answer', description: CallDescription) =>
    d.h.call('calls.describe', { ...ref(d), kind, description });
  expect(await describe(alice, 'offer', offer)).toEqual({ ok: true });
  const got = await eventually(() => seen(bob, 'call.description', (x) => x.callId === id)[0]);
  // The fingerprint bob's renderer gets is the one alice's made, sealed or not on the way.
  expect(got.description).toEqual(offer);

  const answer = audioDescription('bbbb', 'active');
  answer.contents[0]!.transport.fingerprint!.value =
    offer.contents[0]!.transport.fingerprint!.value.split(':').reverse().join(':');
  expect(await describe(bob, 'answer', answer)).toEqual({ ok: true });
  const back = await eventually(() => seen(alice, 'call.description', (x) => x.callId === id)[0]);
  expect(back.description).toEqual(answer);
  const last = (d: Device): Call =>
    seen(d, 'call.changed', (c) => c.id === id).at(-1) ?? started.call;
  return { id, last };
}

beforeAll(async () => {
  server = await startProsody();
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
});

describe('OMEMO-verified call fingerprints', () => {
  it('an encrypted conversation: both fingerprints go sealed, both sides see the call verified', async () => {
    const [alice, bob] = await pair();
    await encrypt(alice, bob, true);
    await encrypt(bob, alice, true);
    const { last } = await callThrough(alice, bob);
    await eventually(() => last(alice).verified && last(bob).verified, 10_000);
    // Sealing spent legacy OMEMO sessions both ways (two Parleys otherwise talk OMEMO 2).
    expect(
      alice.h.store.omemoSessions.get(alice.account.id, bob.account.jid, 'omemo', deviceOf(bob)),
    ).not.toBeNull();
  });

  it('a conversation not encrypted: the fingerprints go in clear and the call is not verified', async () => {
    const [alice, bob] = await pair();
    await encrypt(alice, bob, false);
    await encrypt(bob, alice, false);
    const { last } = await callThrough(alice, bob);
    // The answer has arrived (callThrough waited for it): nothing more will turn it verified.
    expect(last(alice).verified).toBe(false);
    expect(last(bob).verified).toBe(false);
  });

  it('a fingerprint sealed by a device the callee distrusts is refused: the call ends on a security error', async () => {
    const [alice, bob] = await pair();
    await encrypt(alice, bob, true);
    await encrypt(bob, alice, true);
    // Bob writes first, so he has met (pinned) alice's device; then he distrusts it.
    await bob.h.call('messages.send', {
      accountId: bob.account.id,
      peer: alice.account.jid,
      body: 'before the call',
    });
    const device = deviceOf(alice);
    await eventually(() => bob.h.store.omemoTrust.get(bob.account.id, alice.account.jid, device));
    bob.h.store.omemoTrust.setTrust(bob.account.id, alice.account.jid, device, 'distrusted', 1);

    const started = await alice.h.call('calls.start', {
      accountId: alice.account.id,
      peer: bob.account.jid,
      media: ['audio'],
    });
    if (!started.ok) throw new Error(started.failure.message);
    const id = started.call.id;
    const state = (d: Device, s: Call['state']) =>
      eventually(() => seen(d, 'call.changed', (c) => c.id === id && c.state === s)[0]);
    await state(bob, 'incoming');
    await bob.h.call('calls.accept', { accountId: bob.account.id, callId: id });
    await state(alice, 'connecting');
    await alice.h.call('calls.describe', {
      accountId: alice.account.id,
      callId: id,
      kind: 'offer',
      description: audioDescription('aaaa', 'actpass'),
    });
    expect((await state(bob, 'ended')).endReason).toBe('security-error');
    expect((await state(alice, 'ended')).endReason).not.toBeNull();
    // Nothing of the refused offer reached bob's renderer.
    expect(seen(bob, 'call.description', (x) => x.callId === id)).toEqual([]);
  });
});

function deviceOf(d: Device): number {
  const identity = d.h.store.omemoIdentity.get(d.account.id);
  if (!identity) throw new Error('no OMEMO identity');
  return identity.deviceId;
}
