import type { Call, Message } from '@parley/contract';
import { startProsody, testClient, type TestClient, type TestServer } from '@parley/testkit';
import { buildJingle, buildJmi, buildDescriptionChildren } from '@parley/xmpp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { befriend, login, type Device } from './test-support/accounts.js';
import { audioDescription } from './test-support/call-fixtures.js';
import { eventually, type Harness } from './test-support/harness.js';

// Call signalling with several devices, refusals and the timeline, against a real Prosody.
let server: TestServer;
const opened: Harness[] = [];
const raw: TestClient[] = [];
let n = 0;

async function user(prefix: string): Promise<string> {
  const local = `${prefix}${++n}`;
  await server.createUser(local, `${local}-pw`);
  return local;
}

function calls(d: Device, id?: string): Call[] {
  return d.h.events
    .filter((e) => e.name === 'call.changed')
    .map((e) => e.payload as Call)
    .filter((c) => id === undefined || c.id === id);
}

function state(d: Device, id: string, s: Call['state']): Promise<Call> {
  return eventually(() => calls(d, id).find((c) => c.state === s));
}

function row(d: Device, id: string): Promise<Message> {
  return eventually(() =>
    d.h.events
      .filter((e) => e.name === 'message.added' || e.name === 'message.updated')
      .map((e) => e.payload as Message)
      .reverse()
      .find((m) => m.call?.callId === id),
  );
}

async function start(from: Device, to: Device): Promise<Call> {
  const started = await from.h.call('calls.start', {
    accountId: from.account.id,
    peer: to.account.jid,
    media: ['audio', 'video'],
  });
  if (!started.ok) throw new Error(started.failure.message);
  return started.call;
}

/** Alice calls Bob, who is online on two devices; both ring. */
async function ringingTwice(): Promise<{ alice: Device; bob1: Device; bob2: Device; call: Call }> {
  const alice = await login(server, opened, await user('alice'));
  const bobName = await user('bob');
  const bob1 = await login(server, opened, bobName);
  const bob2 = await login(server, opened, bobName);
  await befriend(alice, bob1);
  const call = await start(alice, bob1);
  await state(bob1, call.id, 'incoming');
  await state(bob2, call.id, 'incoming');
  return { alice, bob1, bob2, call };
}

/** Alice calls Bob, a contact whose only device has gone offline. */
async function callWhileOffline(): Promise<{ alice: Device; bobName: string; call: Call }> {
  const alice = await login(server, opened, await user('alice'));
  const bobName = await user('bob');
  const bob = await login(server, opened, bobName);
  await befriend(alice, bob);
  await bob.h.close(true);
  return { alice, bobName, call: await start(alice, bob) };
}

const ref = (d: Device, call: Call) => ({ accountId: d.account.id, callId: call.id });
const settle = () => new Promise((r) => setTimeout(r, 500));

beforeAll(async () => {
  server = await startProsody();
});
afterEach(async () => {
  await Promise.all(raw.splice(0).map((c) => c.stop().catch(() => {})));
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
});

describe('calls with several devices', () => {
  it('stops ringing on the first device when the second answers', async () => {
    const { alice, bob1, bob2, call } = await ringingTwice();
    await bob2.h.call('calls.accept', ref(bob2, call));
    expect((await state(bob1, call.id, 'ended')).endReason).toBe('answered-elsewhere');
    const connecting = await state(alice, call.id, 'connecting');
    const bob2Device = calls(bob2, call.id)[0]!;
    expect(connecting.peerDevice).not.toBeNull();
    expect(bob2Device.state).toBe('incoming');
    // The first device is out of it: its accept now fails, and it shows the call answered.
    const late = await bob1.h.call('calls.accept', ref(bob1, call));
    expect(late).toMatchObject({ ok: false, failure: { code: 'no-such-call' } });
    expect((await row(bob1, call.id)).call?.outcome).toBe('answered');
  });

  it('declines on one device: the caller hears declined, the other device stops', async () => {
    const { alice, bob1, bob2, call } = await ringingTwice();
    await bob1.h.call('calls.end', { ...ref(bob1, call), reason: 'declined' });
    expect((await state(alice, call.id, 'ended')).endReason).toBe('declined');
    expect((await state(bob2, call.id, 'ended')).endReason).toBe('declined-elsewhere');
    expect((await row(alice, call.id)).call).toMatchObject({
      outcome: 'declined',
      media: ['audio', 'video'],
    });
    expect((await row(bob1, call.id)).call?.outcome).toBe('declined');
  });

  it('shows a call the caller retracted as missed, and answers a second caller busy', async () => {
    const alice = await login(server, opened, await user('alice'));
    const bob = await login(server, opened, await user('bob'));
    const carol = await login(server, opened, await user('carol'));
    await befriend(alice, bob);
    await befriend(carol, bob);
    const first = await start(alice, bob);
    await state(bob, first.id, 'incoming');
    const second = await start(carol, bob);
    expect((await state(carol, second.id, 'ended')).endReason).toBe('busy');
    expect(calls(bob, second.id)).toEqual([]);
    await alice.h.call('calls.end', { ...ref(alice, first), reason: 'hangup' });
    expect((await state(alice, first.id, 'ended')).endReason).toBe('cancelled');
    expect((await state(bob, first.id, 'ended')).endReason).toBe('missed');
    expect((await row(bob, first.id)).call?.outcome).toBe('missed');
    expect((await row(alice, first.id)).call?.outcome).toBe('cancelled');
  });

  it('ignores a stranger’s propose and refuses Jingle and JMI from another device', async () => {
    const bob = await login(server, opened, await user('bob'));
    const strangerName = await user('mallory');
    const stranger = await login(server, opened, strangerName);
    const ringing = await start(stranger, bob);
    await settle();
    // No subscription: nothing rings, nothing is stored, the stranger learns nothing.
    expect(calls(bob, ringing.id)).toEqual([]);
    expect(calls(stranger, ringing.id).at(-1)?.state).toBe('ringing');
    await stranger.h.call('calls.end', { ...ref(stranger, ringing), reason: 'hangup' });

    const aliceName = await user('alice');
    const alice = await login(server, opened, aliceName);
    await befriend(alice, bob);
    const call = await start(alice, bob);
    await state(bob, call.id, 'incoming');
    // Another resource of the caller's account: not the proposer.
    const other = await testClient(server, aliceName, `${aliceName}-pw`);
    raw.push(other);
    await other.send(buildJmi(bob.account.jid, 'retract', call.id));
    await settle();
    expect(calls(bob, call.id).at(-1)?.state).toBe('incoming');

    await bob.h.call('calls.accept', ref(bob, call));
    const bobDevice = (await state(alice, call.id, 'connecting')).peerDevice!;
    const forged = buildJingle('session-initiate', {
      sid: call.id,
      initiator: `${aliceName}@${server.domain}/forged`,
      ...buildDescriptionChildren(audioDescription('ffff', 'actpass')),
    });
    forged.attrs.to = bobDevice;
    const refused = await other.iqCaller.request(forged).then(
      () => null,
      (error: { condition?: string; element?: { toString(): string } }) => error,
    );
    expect(refused?.condition).toBe('item-not-found');
    expect(refused?.element?.toString()).toContain('urn:xmpp:jingle:errors:1');
    expect(bob.h.events.some((e) => e.name === 'call.description')).toBe(false);
    // The real device's offer still goes through.
    await alice.h.call('calls.describe', {
      ...ref(alice, call),
      kind: 'offer',
      description: audioDescription('aaaa', 'actpass'),
    });
    await eventually(() => bob.h.events.some((e) => e.name === 'call.description'));
  });

  it('shows a call proposed and retracted while the callee was offline as missed', async () => {
    const { alice, bobName, call } = await callWhileOffline();
    await settle();
    await alice.h.call('calls.end', { ...ref(alice, call), reason: 'hangup' });
    const later = await login(server, opened, bobName);
    const missed = await row(later, call.id);
    expect(missed).toMatchObject({ direction: 'in', peer: alice.account.jid, body: '' });
    expect(missed.call).toMatchObject({ outcome: 'missed', media: ['audio', 'video'] });
    // Nothing rings for it any more.
    await settle();
    expect((await later.h.call('calls.list', {})).calls).toEqual([]);
  });

  it('rings a callee who comes online while the caller still rings (from the archive)', async () => {
    const { alice, bobName, call } = await callWhileOffline();
    const later = await login(server, opened, bobName);
    const incoming = await state(later, call.id, 'incoming');
    expect(incoming.peerDevice).toMatch(new RegExp(`^${alice.account.jid}/`));
    await later.h.call('calls.accept', ref(later, call));
    await state(alice, call.id, 'connecting');
  });
});
