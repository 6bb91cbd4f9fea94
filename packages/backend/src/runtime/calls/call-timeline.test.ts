import type { Conversation, Message } from '@parley/contract';
import { parseXml } from '@parley/xmpp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TempStore } from '../../../../store/src/test-support.js';
import { EventBus } from '../../event-bus.js';
import { archivedOf } from '../../test-support/envelope.js';
import { storeWithContact, testScope } from '../../test-support/scope.js';
import { MessagePipeline, type WriteSink } from '../message-pipeline.js';
import { CallTimeline } from './call-timeline.js';

// Calls found in the archive catch-up: JMI messages as MAM hands them over, through the
// pipeline's ingest as an archive page does it.
const OWN = 'juliet@capulet.lit';
const PEER = 'romeo@montague.lit';
let temp: TempStore;
let pipeline: MessagePipeline;
let timeline: CallTimeline;
let log: Array<{ name: string; payload: unknown }>;
let n = 0;

const sink: WriteSink = (op) => {
  const after = op();
  if (after) after();
};

function archived(from: string, to: string, inner: string, delay = 1_000_000): void {
  const stanza = parseXml(
    `<message from='${from}' to='${to}' type='chat' id='m${++n}'>${inner}<store xmlns='urn:xmpp:hints'/></message>`,
  )!;
  const item = archivedOf(stanza, OWN, `arch-${n}`, delay);
  pipeline.ingest(null, item, { kind: 'archive', archiveId: `arch-${n}`, delay }, sink);
}
const jmi = (action: string, sid: string, body = '') =>
  `<${action} xmlns='urn:xmpp:jingle-message:0' id='${sid}'>${body}</${action}>`;
const audio = "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'/>";
const shown = (name: string) => log.filter((e) => e.name === name).map((e) => e.payload as Message);

beforeEach(() => {
  temp = storeWithContact('a1', PEER);
  const bus = new EventBus(true);
  log = [];
  bus.subscribe((name, payload) => log.push({ name, payload }));
  const scope = testScope(temp.store, 'a1', OWN, bus);
  pipeline = new MessagePipeline(scope);
  timeline = new CallTimeline(scope, pipeline);
  pipeline.features.register(timeline.feature);
});
afterEach(() => temp.dispose());

describe('calls in the archive', () => {
  it('shows an unanswered propose as missed, once, and a retract leaves it so', () => {
    archived(`${PEER}/orchard`, OWN, jmi('propose', 's1', audio), 5000);
    archived(`${PEER}/orchard`, OWN, jmi('propose', 's1', audio), 6000);
    archived(`${PEER}/orchard`, OWN, jmi('retract', 's1'));
    expect(shown('message.added')).toMatchObject([
      { direction: 'in', peer: PEER, body: '', timestamp: 5000, call: { outcome: 'missed' } },
    ]);
    expect(shown('message.updated')).toEqual([]);
    // No chat message came of the JMI messages.
    expect(temp.store.messages.count('a1', PEER)).toBe(1);
  });

  it('settles a call our other device answered or declined', () => {
    archived(`${PEER}/orchard`, OWN, jmi('propose', 's2', audio));
    archived(`${OWN}/phone`, `${PEER}/orchard`, jmi('proceed', 's2'));
    archived(`${PEER}/orchard`, OWN, jmi('propose', 's3', audio));
    archived(`${OWN}/phone`, `${PEER}/orchard`, jmi('reject', 's3'));
    expect(shown('message.updated').map((m) => [m.call?.callId, m.call?.outcome])).toEqual([
      ['s2', 'answered'],
      ['s3', 'declined'],
    ]);
  });

  it('the conversation list shows the call as the newest item, settled when it is', () => {
    const previews = () =>
      log
        .filter((e) => e.name === 'conversation.changed')
        .map((e) => (e.payload as Conversation).lastMessage?.call?.outcome);
    const commit = () => {
      pipeline.recordConversations();
      pipeline.emitConversations();
    };
    archived(`${PEER}/orchard`, OWN, jmi('propose', 's6', audio), 7000);
    commit();
    expect(previews()).toEqual(['missed']);
    // A later page: our other device had answered it.
    archived(`${OWN}/phone`, `${PEER}/orchard`, jmi('proceed', 's6'));
    commit();
    expect(previews()).toEqual(['missed', 'answered']);
  });

  it('records our own calls from another device, cancelled when we retracted', () => {
    archived(`${OWN}/phone`, PEER, jmi('propose', 's4', audio));
    archived(`${OWN}/phone`, PEER, jmi('retract', 's4'));
    expect(shown('message.added')[0]).toMatchObject({ direction: 'out', call: { callId: 's4' } });
    expect(shown('message.updated')[0]?.call?.outcome).toBe('cancelled');
  });

  it('leaves no trace of a stranger’s propose', () => {
    archived('mallory@evil.example/x', OWN, jmi('propose', 's5', audio));
    expect(shown('message.added')).toEqual([]);
  });

  it('leaves a call the live service handles to it', () => {
    timeline.isLive = (sid) => sid === 'live';
    archived(`${PEER}/orchard`, OWN, jmi('propose', 'live', audio));
    expect(shown('message.added')).toEqual([]);
  });
});
