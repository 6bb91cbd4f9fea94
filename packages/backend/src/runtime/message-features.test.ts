// The feature registry of the incoming pipeline (its order), and the two parts it gained: the
// archive tombstone of XEP-0424/0425 and XEP-0393's <unstyled/>, through the real one-to-one and
// room pipelines over a real store.
import type { Message } from '@parley/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jid, openMessage, parseXml, xml, type Element, type MessageEnvelope } from '@parley/xmpp';
import type { TempStore } from '../../../store/src/test-support.js';
import { EventBus } from '../event-bus.js';
import { envelopeOf } from '../test-support/envelope.js';
import { storeWithContact, testScope } from '../test-support/scope.js';
import { MessageFeatures, type MessageFeature } from './message-feature.js';
import { MessagePipeline, type MessageSource } from './message-pipeline.js';
import { RoomMessages } from './rooms/room-messages.js';

const ACCOUNT = 'a';
const OWN = 'me@example.org';
const FRIEND = 'friend@example.org';
const ROOM = 'room@conf.example.org';
const LIVE: MessageSource = { kind: 'live' };

let temp: TempStore;
let pipeline: MessagePipeline;
let rooms: RoomMessages;
let events: Array<{ name: string; payload: unknown }>;

beforeEach(() => {
  temp = storeWithContact(ACCOUNT, FRIEND);
  const bus = new EventBus(true);
  events = [];
  bus.subscribe((name, payload) => events.push({ name, payload }));
  const scope = testScope(temp.store, ACCOUNT, OWN, bus);
  pipeline = new MessagePipeline(scope);
  rooms = new RoomMessages(scope, pipeline);
});
afterEach(() => temp.dispose());

const sink = (op: Parameters<MessagePipeline['batch']['add']>[1]) => pipeline.batch.add(null, op);

function stored(peer: string): Message[] {
  return temp.store.messages.page(ACCOUNT, peer, { beforeId: null, limit: 100 }).messages;
}

/** A MAM result from `archive` (our own: null) forwarding `inner`, opened as the router does. */
function archived(inner: string, archive: string | null, archiveId: string): MessageEnvelope {
  const stanza = parseXml(`<message xmlns='jabber:client' ${archive ? `from='${archive}'` : ''}
    to='${OWN}/pc'><result xmlns='urn:xmpp:mam:2' queryid='q1' id='${archiveId}'>
    <forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2024-05-06T07:00:00Z'/>
    ${inner}</forwarded></result></message>`)!;
  const ctx = { own: jid(`${OWN}/pc`), ...(archive ? { archiveOf: () => archive } : {}) };
  const { envelope } = openMessage(stanza, ctx);
  if (!envelope) throw new Error('not opened');
  return envelope;
}
const fromArchive = (archiveId: string): MessageSource => ({
  kind: 'archive',
  archiveId,
  delay: Date.UTC(2024, 4, 6, 7),
});

describe('the feature registry', () => {
  const feature = (name: string, order: number, seen: string[]): MessageFeature => ({
    name,
    order,
    consume: () => {
      seen.push(name);
      return false;
    },
  });

  it('runs features by order, ties in registration order, and refuses a name twice', () => {
    const seen: string[] = [];
    const features = new MessageFeatures();
    features.register(feature('late', 50, seen));
    features.register(feature('tie-first', 20, seen));
    features.register(feature('early', 10, seen));
    features.register(feature('tie-second', 20, seen));
    features.consume({} as never, () => {});
    expect(seen).toEqual(['early', 'tie-first', 'tie-second', 'late']);
    expect(() => features.register(feature('early', 1, seen))).toThrow(/already registered/);
  });

  it('stops at the first feature that consumes a message', () => {
    const seen: string[] = [];
    const features = new MessageFeatures();
    features.register({ ...feature('edits', 10, seen), consume: () => (seen.push('edits'), true) });
    features.register(feature('reactions', 20, seen));
    expect(features.consume({} as never, () => {})).toBe(true);
    expect(seen).toEqual(['edits']);
  });

  it('has edits first, then reactions, markers, replies and styling in the pipeline', () => {
    expect(pipeline.features.all.map((f) => f.order)).toEqual([10, 20, 30, 40, 50]);
    expect(pipeline.features.all.map((f) => f.name)).toEqual([
      'XEP-0308/0424/0425 message edits',
      'XEP-0444 reactions',
      'XEP-0333 displayed markers',
      'XEP-0461 replies',
      'XEP-0393 unstyled hint',
    ]);
  });
});

describe('archive tombstones', () => {
  it('stores a retracted message from our archive as a tombstone, never as an empty one', () => {
    const envelope = archived(
      `<message xmlns='jabber:client' from='${FRIEND}/pc' to='${OWN}' type='chat' id='w1'>
        <retracted xmlns='urn:xmpp:message-retract:1' id='r1' stamp='2024-05-06T08:00:00Z'/>
      </message>`,
      null,
      'arch-1',
    );
    pipeline.ingest(null, envelope, fromArchive('arch-1'), sink);
    pipeline.batch.flush();
    const [message] = stored(FRIEND);
    expect(message).toMatchObject({
      body: '',
      stanzaId: 'arch-1',
      direction: 'in',
      retracted: { by: FRIEND, at: Date.UTC(2024, 4, 6, 8), moderated: false, reason: null },
    });
    expect(stored(FRIEND)).toHaveLength(1);
    // A repeat of the same archive item changes nothing.
    pipeline.ingest(null, envelope, fromArchive('arch-1'), sink);
    pipeline.batch.flush();
    expect(stored(FRIEND)).toHaveLength(1);
  });

  it('stores a moderated room message from the room archive with moderator and reason', () => {
    const envelope = archived(
      `<message xmlns='jabber:client' from='${ROOM}/bob' type='groupchat' id='g1'>
        <retracted xmlns='urn:xmpp:message-retract:1' stamp='2024-05-06T08:00:00Z'>
          <moderated xmlns='urn:xmpp:message-moderate:1' by='${ROOM}/mod'/>
          <reason>spam</reason></retracted>
      </message>`,
      ROOM,
      'room-1',
    );
    rooms.ingestGroupchat(envelope, { room: ROOM, ownNick: 'me' }, fromArchive('room-1'), sink);
    pipeline.batch.flush();
    expect(stored(ROOM)).toMatchObject([
      {
        body: '',
        resource: 'bob',
        stanzaId: 'room-1',
        retracted: { by: `${ROOM}/mod`, moderated: true, reason: 'spam' },
      },
    ]);
    // Nothing new to read: a tombstone counts as no unread message.
    expect(temp.store.conversations.get(ACCOUNT, ROOM)).toMatchObject({ unread: 0 });
  });

  it('ignores a <retracted/> that arrives live: only an archive may say so', () => {
    const live = xml(
      'message',
      { from: `${FRIEND}/pc`, to: `${OWN}/pc`, type: 'chat', id: 'x1' },
      xml('retracted', { xmlns: 'urn:xmpp:message-retract:1', stamp: '2024-05-06T08:00:00Z' }),
    );
    pipeline.ingest(null, envelopeOf(live, OWN), LIVE, sink);
    pipeline.batch.flush();
    expect(stored(FRIEND)).toEqual([]);
    expect(events.filter((e) => e.name === 'message.added')).toEqual([]);
  });
});

describe('<unstyled/> (XEP-0393 §6)', () => {
  const unstyled = () => xml('unstyled', { xmlns: 'urn:xmpp:styling:0' });
  const chat = (id: string, ...children: Element[]) =>
    xml('message', { from: `${FRIEND}/pc`, to: `${OWN}/pc`, type: 'chat', id }, ...children);

  it('is stored with a chat message and carried in its event; other messages have none', () => {
    pipeline.ingest(
      null,
      envelopeOf(chat('u1', xml('body', {}, '*as is*'), unstyled()), OWN),
      LIVE,
      sink,
    );
    pipeline.ingest(null, envelopeOf(chat('u2', xml('body', {}, '*bold*')), OWN), LIVE, sink);
    pipeline.batch.flush();
    const [first, second] = stored(FRIEND);
    expect(first).toMatchObject({ body: '*as is*', unstyled: true });
    expect(second?.unstyled).toBeUndefined();
    const added = events.filter((e) => e.name === 'message.added').map((e) => e.payload);
    expect(added).toMatchObject([{ unstyled: true }, { body: '*bold*' }]);
  });

  it('is stored with a room message', () => {
    const stanza = xml(
      'message',
      { from: `${ROOM}/bob`, type: 'groupchat', id: 'g2' },
      xml('body', {}, '_as is_'),
      unstyled(),
      xml('stanza-id', { xmlns: 'urn:xmpp:sid:0', id: 's2', by: ROOM }),
    );
    rooms.ingestGroupchat(envelopeOf(stanza, OWN), { room: ROOM, ownNick: 'me' }, LIVE, sink);
    pipeline.batch.flush();
    expect(stored(ROOM)).toMatchObject([{ body: '_as is_', unstyled: true }]);
  });
});
