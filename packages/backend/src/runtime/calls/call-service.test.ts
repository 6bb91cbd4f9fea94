import type { Call, Message } from '@parley/contract';
import { jid, openMessage, parseJmi, parseXml, type Element, type Session } from '@parley/xmpp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TempStore } from '../../../../store/src/test-support.js';
import { EventBus } from '../../event-bus.js';
import { storeWithContact, testScope } from '../../test-support/scope.js';
import { MessagePipeline } from '../message-pipeline.js';
import { StanzaRouter } from '../stanza-router.js';
import { CallService } from './call-service.js';
import { CallTimeline } from './call-timeline.js';

// The call service's timers, late proposes, bounces and refusals, over a stand-in session that
// records what would go out (the flows between real backends are in calls*.int.test.ts).
const OWN = 'juliet@capulet.lit';
const PEER = 'romeo@montague.lit';
let temp: TempStore;
let bus: EventBus;
let sent: Element[];
let calls: CallService;
let router: StanzaRouter;
let timeline: CallTimeline;
let pipeline: MessagePipeline;
const session = {
  jid: `${OWN}/balcony`,
  domain: 'capulet.lit',
  send: async (el: Element) => void sent.push(el),
  iq: async (el: Element) => {
    sent.push(el);
    return parseXml("<iq type='result'/>")!;
  },
} as unknown as Session;

const changes = () => events<Call>('call.changed');
const rows = () => events<Message>('message.added');
let log: Array<{ name: string; payload: unknown }>;
function events<T>(name: string): T[] {
  return log.filter((e) => e.name === name).map((e) => e.payload as T);
}
const jmiSent = () => sent.map((el) => ({ to: el.attrs.to as string, ...parseJmi(el) }));

function receive(text: string): void {
  router.route(session, parseXml(text)!);
  pipeline.batch.flush();
}
const propose = (sid: string, extra = '') =>
  receive(
    `<message from='${PEER}/orchard' to='${OWN}' type='chat' id='m-${sid}'>
      <propose xmlns='urn:xmpp:jingle-message:0' id='${sid}'>
        <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'/></propose>${extra}</message>`,
  );

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  temp = storeWithContact('a1', PEER);
  bus = new EventBus(true);
  log = [];
  bus.subscribe((name, payload) => log.push({ name, payload }));
  sent = [];
  const scope = testScope(temp.store, 'a1', OWN, bus);
  pipeline = new MessagePipeline(scope);
  timeline = new CallTimeline(scope, pipeline);
  calls = new CallService(scope, () => session, timeline);
  router = new StanzaRouter((stanza) => openMessage(stanza, { own: jid(OWN) }));
  calls.register(router);
});
afterEach(() => {
  vi.useRealTimers();
  temp.dispose();
});

describe('call service', () => {
  it('gives up ringing out after a minute: retract, timeout, a missed call', async () => {
    const call = await calls.start(PEER, ['audio']);
    expect(jmiSent()).toMatchObject([
      { to: PEER, action: 'propose', sid: call.id, media: ['audio'] },
    ]);
    vi.advanceTimersByTime(60_000);
    await vi.runOnlyPendingTimersAsync();
    pipeline.batch.flush();
    expect(jmiSent()[1]).toMatchObject({
      to: PEER,
      action: 'retract',
      reason: { condition: 'timeout' },
    });
    expect(changes().at(-1)).toMatchObject({ state: 'ended', endReason: 'timeout' });
    expect(rows()[0]?.call).toMatchObject({ callId: call.id, outcome: 'missed' });
    expect(calls.list()).toEqual([]);
  });

  it('rings in for a minute, answers ringing, then shows the call missed', () => {
    propose('s1');
    expect(changes()[0]).toMatchObject({
      id: 's1',
      state: 'incoming',
      peerDevice: `${PEER}/orchard`,
    });
    expect(jmiSent()).toMatchObject([{ to: `${PEER}/orchard`, action: 'ringing', sid: 's1' }]);
    vi.advanceTimersByTime(60_000);
    pipeline.batch.flush();
    expect(changes().at(-1)).toMatchObject({ state: 'ended', endReason: 'missed' });
    expect(rows()[0]).toMatchObject({ direction: 'in', peer: PEER, call: { outcome: 'missed' } });
  });

  it('ends a call that never connects within 30 s of the answer', async () => {
    propose('s2');
    await calls.accept('s2');
    expect(jmiSent().slice(1)).toMatchObject([
      { to: `${PEER}/orchard`, action: 'proceed' },
      { to: OWN, action: 'accept' },
    ]);
    vi.advanceTimersByTime(30_000);
    await vi.runOnlyPendingTimersAsync();
    expect(changes().at(-1)).toMatchObject({ state: 'ended', endReason: 'timeout' });
    expect(jmiSent().at(-1)).toMatchObject({ action: 'finish', reason: { condition: 'timeout' } });
  });

  it('never rings for a propose the server kept for more than a minute', () => {
    const stamp = new Date(Date.now() - 120_000).toISOString();
    propose('old', `<delay xmlns='urn:xmpp:delay' from='capulet.lit' stamp='${stamp}'/>`);
    expect(changes()).toEqual([]);
    expect(sent).toEqual([]);
    expect(rows()[0]).toMatchObject({
      timestamp: Date.now() - 120_000,
      call: { outcome: 'missed' },
    });
  });

  it('ignores proposes from people who may not see our presence', () => {
    temp.store.contacts.upsert('a1', {
      jid: PEER,
      name: '',
      groups: [],
      subscription: 'to',
      askSubscribe: false,
    });
    propose('s3');
    expect(changes()).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('ends an outgoing call whose propose bounced', async () => {
    const call = await calls.start(PEER, ['video']);
    receive(
      `<message from='${PEER}' type='error' id='x'><propose xmlns='urn:xmpp:jingle-message:0' id='${call.id}'>
        <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='video'/></propose>
        <error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>`,
    );
    expect(changes().at(-1)).toMatchObject({ state: 'ended', endReason: 'gone' });
  });

  it('refuses a second call while one is under way, and commands on unknown calls', async () => {
    await calls.start(PEER, ['audio']);
    await expect(calls.start('tybalt@capulet.lit', ['audio'])).rejects.toMatchObject({
      code: 'busy',
    });
    await expect(calls.accept('nope')).rejects.toMatchObject({ code: 'no-such-call' });
    await expect(calls.start(OWN, ['audio'])).rejects.toMatchObject({ code: 'bad-state' });
  });
});

describe('Jingle iqs of a call', () => {
  const jingle = (from: string, action: string, sid: string, inner = '') =>
    receive(
      `<iq from='${from}' to='${OWN}/balcony' type='set' id='j${action}'>
        <jingle xmlns='urn:xmpp:jingle:1' action='${action}' sid='${sid}'>${inner}</jingle></iq>`,
    );
  const answer = (action: string) => sent.find((el) => el.attrs.id === `j${action}`);
  const content = (port: string) =>
    `<content creator='initiator' name='0'><description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'>
      <payload-type id='111' name='opus' clockrate='48000'/></description>
      <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='abcd' pwd='abcdabcdabcdabcdabcdabcd'>
      <candidate component='1' foundation='1' id='c1' ip='127.0.0.1' port='${port}' priority='1' protocol='udp' type='host'/>
      </transport></content>`;

  beforeEach(async () => {
    propose('j1');
    await calls.accept('j1');
    sent = [];
  });

  it('answers only the device in the call, and only in order', () => {
    jingle(`${PEER}/other`, 'session-initiate', 'j1', content('1'));
    expect(answer('session-initiate')?.toString()).toContain(
      '<unknown-session xmlns="urn:xmpp:jingle:errors:1"/>',
    );
    jingle(`${PEER}/orchard`, 'transport-info', 'j1', content('1'));
    expect(answer('transport-info')?.toString()).toContain('<out-of-order');
    jingle(`${PEER}/orchard`, 'session-accept', 'j1', content('1'));
    expect(answer('session-accept')?.toString()).toContain('<out-of-order');
    jingle(`${PEER}/orchard`, 'session-terminate', 'nope');
    expect(answer('session-terminate')?.toString()).toContain('<item-not-found');
    expect(events('call.description')).toEqual([]);
    expect(calls.list()).toHaveLength(1);
  });

  it('refuses a description outside the contract and ends the call', () => {
    jingle(`${PEER}/orchard`, 'session-initiate', 'j1', content('70000'));
    expect(answer('session-initiate')?.toString()).toContain('<bad-request');
    expect(events('call.description')).toEqual([]);
    expect(changes().at(-1)).toMatchObject({ state: 'ended', endReason: 'failed-application' });
    expect(sent.some((el) => el.toString().includes('action="session-terminate"'))).toBe(true);
  });

  it('takes a valid offer and its candidates, then the caller’s hang-up', () => {
    jingle(`${PEER}/orchard`, 'session-initiate', 'j1', content('5000'));
    expect(answer('session-initiate')?.attrs.type).toBe('result');
    expect(events('call.description')).toHaveLength(1);
    jingle(`${PEER}/orchard`, 'transport-info', 'j1', content('5001'));
    expect(events<{ candidate: { port: number } }>('call.candidate')[0]?.candidate.port).toBe(5001);
    jingle(`${PEER}/orchard`, 'session-terminate', 'j1', '<reason><success/></reason>');
    expect(changes().at(-1)).toMatchObject({ state: 'ended', endReason: 'hangup' });
  });

  it('tells the renderer which contents the other side turned down or took away', async () => {
    const dropped = () => events('call.contents-dropped');
    jingle(`${PEER}/orchard`, 'session-initiate', 'j1', content('5000'));
    // Before our answer there is nothing of ours to turn down.
    jingle(`${PEER}/orchard`, 'content-reject', 'j1', "<content creator='responder' name='1'/>");
    expect(answer('content-reject')?.toString()).toContain('<out-of-order');
    const offer = events<{ description: never }>('call.description')[0]!.description;
    await calls.jingle.describe('j1', 'answer', offer);
    sent = [];

    jingle(`${PEER}/orchard`, 'content-reject', 'j1', "<content creator='responder' name='1'/>");
    expect(answer('content-reject')?.attrs.type).toBe('result');
    jingle(`${PEER}/orchard`, 'content-remove', 'j1', "<content creator='initiator' name='a b'/>");
    expect(answer('content-remove')?.toString()).toContain('<bad-request');
    sent = [];
    jingle(`${PEER}/orchard`, 'content-remove', 'j1', "<content creator='initiator' name='0'/>");
    expect(answer('content-remove')?.attrs.type).toBe('result');
    expect(dropped()).toEqual([
      { accountId: 'a1', callId: 'j1', contents: ['1'], how: 'rejected' },
      { accountId: 'a1', callId: 'j1', contents: ['0'], how: 'removed' },
    ]);
    // From another device of the peer: refused, nothing dropped.
    sent = [];
    jingle(`${PEER}/other`, 'content-remove', 'j1', "<content creator='initiator' name='0'/>");
    expect(answer('content-remove')?.toString()).toContain('<unknown-session');
    expect(dropped()).toHaveLength(2);
  });
});
