import type { Call, EventName, EventPayload, Message } from '@parley/contract';
import { startProsody, type TestServer } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { befriend, login, type Device } from './test-support/accounts.js';
import { audioDescription, hostCandidate } from './test-support/call-fixtures.js';
import { eventually, type Harness } from './test-support/harness.js';

// Call signalling (XEP-0353 + Jingle) between two backends through a real Prosody.
let server: TestServer;
const opened: Harness[] = [];
let n = 0;

async function pair(): Promise<[Device, Device]> {
  const a = `caller${++n}`;
  const b = `callee${n}`;
  await server.createUser(a, `${a}-pw`);
  await server.createUser(b, `${b}-pw`);
  const alice = await login(server, opened, a);
  const bob = await login(server, opened, b);
  await befriend(alice, bob);
  return [alice, bob];
}

/** Every payload of `name` so far that matches. */
function seen<E extends EventName>(
  d: Device,
  name: E,
  match: (p: EventPayload<E>) => boolean = () => true,
): Array<EventPayload<E>> {
  return d.h.events
    .filter((e) => e.name === name)
    .map((e) => e.payload as EventPayload<E>)
    .filter(match);
}

function callState(d: Device, id: string, state: Call['state']): Promise<Call> {
  return eventually(() => seen(d, 'call.changed', (c) => c.id === id && c.state === state)[0]);
}

function callRow(d: Device, id: string): Promise<Message> {
  return eventually(() =>
    [...seen(d, 'message.updated'), ...seen(d, 'message.added')].find((m) => m.call?.callId === id),
  );
}

async function ring(alice: Device, bob: Device): Promise<Call> {
  const started = await alice.h.call('calls.start', {
    accountId: alice.account.id,
    peer: bob.account.jid,
    media: ['audio'],
  });
  if (!started.ok) throw new Error(started.failure.message);
  expect(started.call).toMatchObject({ state: 'ringing', direction: 'out', peerDevice: null });
  await callState(bob, started.call.id, 'incoming');
  return started.call;
}

beforeAll(async () => {
  server = await startProsody();
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
});

describe('call signalling', () => {
  it('rings, answers, exchanges offer, answer and candidates, connects and hangs up', async () => {
    const [alice, bob] = await pair();
    const call = await ring(alice, bob);
    const ref = (d: Device) => ({ accountId: d.account.id, callId: call.id });
    const incoming = seen(bob, 'call.changed', (c) => c.id === call.id)[0]!;
    expect(incoming).toMatchObject({ direction: 'in', peer: alice.account.jid, media: ['audio'] });
    expect(incoming.peerDevice).toMatch(new RegExp(`^${alice.account.jid}/`));

    expect(await bob.h.call('calls.accept', ref(bob))).toEqual({ ok: true });
    const connecting = await callState(alice, call.id, 'connecting');
    expect(connecting.peerDevice).toMatch(new RegExp(`^${bob.account.jid}/`));
    await callState(bob, call.id, 'connecting');

    // A candidate found before the offer waits for it, then follows it.
    const early = {
      ...ref(alice),
      content: '0',
      ufrag: 'aaaa',
      candidate: hostCandidate('a1', 40001),
    };
    expect(await alice.h.call('calls.candidate', early)).toEqual({ ok: true });
    const offer = audioDescription('aaaa', 'actpass');
    expect(
      await alice.h.call('calls.describe', { ...ref(alice), kind: 'offer', description: offer }),
    ).toEqual({ ok: true });
    const got = await eventually(
      () => seen(bob, 'call.description', (d) => d.callId === call.id)[0],
    );
    expect(got).toEqual({ ...ref(bob), kind: 'offer', description: offer });
    const remote = await eventually(
      () => seen(bob, 'call.candidate', (c) => c.callId === call.id)[0],
    );
    expect(remote).toEqual({
      ...ref(bob),
      content: '0',
      ufrag: 'aaaa',
      candidate: early.candidate,
    });

    const answer = audioDescription('bbbb', 'active');
    expect(
      await bob.h.call('calls.describe', { ...ref(bob), kind: 'answer', description: answer }),
    ).toEqual({ ok: true });
    const bobCandidate = hostCandidate('b1', 40002);
    await bob.h.call('calls.candidate', {
      ...ref(bob),
      content: '0',
      ufrag: 'bbbb',
      candidate: bobCandidate,
    });
    const answered = await eventually(
      () => seen(alice, 'call.description', (d) => d.callId === call.id)[0],
    );
    expect(answered).toEqual({ ...ref(alice), kind: 'answer', description: answer });
    const back = await eventually(
      () => seen(alice, 'call.candidate', (c) => c.callId === call.id)[0],
    );
    expect(back.candidate).toEqual(bobCandidate);

    for (const d of [alice, bob]) {
      await d.h.call('calls.connected', { ...ref(d), connected: true });
      expect((await callState(d, call.id, 'active')).connectedAt).not.toBeNull();
    }
    expect((await alice.h.call('calls.list', {})).calls.map((c) => c.id)).toEqual([call.id]);

    // Video turned on mid-call: a content-add, accepted by the other side.
    const video = audioDescription('aaaa', 'actpass');
    video.contents[0] = {
      ...video.contents[0]!,
      name: '1',
      description: { ...video.contents[0]!.description, media: 'video', headerExtensions: [] },
    };
    video.bundle = null;
    await alice.h.call('calls.describe', {
      ...ref(alice),
      kind: 'content-add',
      description: video,
    });
    const added = await eventually(
      () => seen(bob, 'call.description', (d) => d.kind === 'content-add')[0],
    );
    expect(added.description).toEqual(video);
    await bob.h.call('calls.describe', { ...ref(bob), kind: 'content-accept', description: video });
    await eventually(() => seen(alice, 'call.description', (d) => d.kind === 'content-accept')[0]);

    await new Promise((r) => setTimeout(r, 50));
    expect(await bob.h.call('calls.end', { ...ref(bob), reason: 'hangup' })).toEqual({ ok: true });
    expect((await callState(alice, call.id, 'ended')).endReason).toBe('hangup');
    expect((await callState(bob, call.id, 'ended')).endReason).toBe('hangup');
    expect((await alice.h.call('calls.list', {})).calls).toEqual([]);

    // Both timelines show an answered call with its duration.
    for (const [d, direction] of [
      [alice, 'out'],
      [bob, 'in'],
    ] as const) {
      const row = await callRow(d, call.id);
      expect(row).toMatchObject({
        direction,
        body: '',
        call: { outcome: 'answered', media: ['audio'] },
      });
      expect(row.call?.durationMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('lets the caller hang up an active call (terminate, then finish)', async () => {
    const [alice, bob] = await pair();
    const call = await ring(alice, bob);
    const ref = (d: Device) => ({ accountId: d.account.id, callId: call.id });
    await bob.h.call('calls.accept', ref(bob));
    await callState(alice, call.id, 'connecting');
    await alice.h.call('calls.describe', {
      ...ref(alice),
      kind: 'offer',
      description: audioDescription('aaaa', 'actpass'),
    });
    await eventually(() => seen(bob, 'call.description', (d) => d.callId === call.id)[0]);
    await alice.h.call('calls.end', { ...ref(alice), reason: 'hangup' });
    expect((await callState(bob, call.id, 'ended')).endReason).toBe('hangup');
    // Never connected: the caller's row says cancelled, the callee's missed.
    expect((await callRow(alice, call.id)).call?.outcome).toBe('cancelled');
    expect((await callRow(bob, call.id)).call?.outcome).toBe('missed');
  });

  it('settles two calls proposed to each other at once: the lower session id wins', async () => {
    const [alice, bob] = await pair();
    const start = (from: Device, to: Device) =>
      from.h.call('calls.start', {
        accountId: from.account.id,
        peer: to.account.jid,
        media: ['audio'],
      });
    // Both press "call" before either propose arrives.
    const [a, b] = await Promise.all([start(alice, bob), start(bob, alice)]);
    if (!a.ok || !b.ok) throw new Error('a call did not start');
    const octets = (s: string) => Buffer.from(s, 'utf8');
    const aliceWins = Buffer.compare(octets(a.call.id), octets(b.call.id)) < 0;
    const [winner, loser] = aliceWins ? [alice, bob] : [bob, alice];
    const [won, lost] = aliceWins ? [a.call, b.call] : [b.call, a.call];

    // The loser's own call ends (retracted) and the winner's rings there instead.
    expect((await callState(loser, lost.id, 'ended')).endReason).toBe('cancelled');
    await callState(loser, won.id, 'incoming');
    // The winner's call keeps ringing; the loser's propose never rang at the winner's.
    await new Promise((r) => setTimeout(r, 500));
    expect(seen(winner, 'call.changed', (c) => c.id === lost.id)).toEqual([]);
    expect((await winner.h.call('calls.list', {})).calls).toMatchObject([
      { id: won.id, state: 'ringing' },
    ]);
    expect((await loser.h.call('calls.list', {})).calls).toMatchObject([
      { id: won.id, state: 'incoming' },
    ]);

    // The one call goes on as any call does; the settled one left no row on either side.
    const ref = (d: Device) => ({ accountId: d.account.id, callId: won.id });
    expect(await loser.h.call('calls.accept', ref(loser))).toEqual({ ok: true });
    await callState(winner, won.id, 'connecting');
    await winner.h.call('calls.end', { ...ref(winner), reason: 'hangup' });
    await callState(loser, won.id, 'ended');
    await callRow(loser, won.id);
    for (const d of [alice, bob]) {
      const rows = [...seen(d, 'message.added'), ...seen(d, 'message.updated')];
      expect(rows.filter((m) => m.call?.callId === lost.id)).toEqual([]);
    }
  });
});
