// The reactions, replies and markers services through the real pipelines (one-to-one and
// room) over a real store: what a stanza does, and what a hostile one cannot do.
import type { Message } from '@parley/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xml, type Element } from '@parley/xmpp';
import type { TempStore } from '../../../store/src/test-support.js';
import { EventBus } from '../event-bus.js';
import { envelopeOf } from '../test-support/envelope.js';
import { storeWithContact, testScope } from '../test-support/scope.js';
import { MessagePipeline, type MessageSource } from './message-pipeline.js';
import { MAX_REACTORS_PER_MESSAGE } from './reactions.js';
import { RoomMessages } from './rooms/room-messages.js';

const ACCOUNT = 'a';
const OWN = 'me@example.org';
const FRIEND = 'friend@example.org';
const ROOM = 'room@conf.example.org';
const NS_R = 'urn:xmpp:reactions:0';
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

function ingest(stanza: Element, source: MessageSource = LIVE): void {
  pipeline.ingest(null, envelopeOf(stanza, OWN), source, sink);
  pipeline.batch.flush();
}

function ingestRoom(stanza: Element, source: MessageSource = LIVE): void {
  rooms.ingestGroupchat(envelopeOf(stanza, OWN), { room: ROOM, ownNick: 'me' }, source, sink);
  pipeline.batch.flush();
}

const chat = (from: string, id: string, ...children: Element[]) =>
  xml('message', { from, to: `${OWN}/pc`, type: 'chat', id }, ...children);
const body = (text: string) => xml('body', {}, text);
const react = (target: string, ...emojis: string[]) =>
  xml('reactions', { xmlns: NS_R, id: target }, ...emojis.map((e) => xml('reaction', {}, e)));

function messagesWith(peer: string): Message[] {
  const page = temp.store.messages.page(ACCOUNT, peer, { beforeId: null, limit: 100 });
  return pipeline.extras.decorate(page.messages);
}

describe('reactions in a chat', () => {
  it('a contact reacts to a message: stored on it, not a chat message, replaced as a whole', () => {
    ingest(chat(`${FRIEND}/pc`, 'w1', body('tea?')));
    ingest(chat(`${FRIEND}/pc`, 'r1', react('w1', '👍', '🍵'), body('👍🍵 (reaction)')));
    let [msg] = messagesWith(FRIEND);
    expect(messagesWith(FRIEND)).toHaveLength(1);
    expect(msg!.reactions).toEqual([
      { emoji: '👍', count: 1, mine: false, by: [FRIEND] },
      { emoji: '🍵', count: 1, mine: false, by: [FRIEND] },
    ]);
    ingest(chat(`${FRIEND}/phone`, 'r2', react('w1', '❤️')));
    [msg] = messagesWith(FRIEND);
    expect(msg!.reactions).toEqual([{ emoji: '❤️', count: 1, mine: false, by: [FRIEND] }]);
    const updated = events.filter((e) => e.name === 'message.updated').at(-1)!.payload as Message;
    expect(updated.reactions?.map((r) => r.emoji)).toEqual(['❤️']);
  });

  it('our own reaction from another device (carbon) counts as ours', () => {
    ingest(chat(`${FRIEND}/pc`, 'w1', body('tea?')));
    const sent = xml(
      'message',
      { from: `${OWN}/phone`, to: FRIEND, type: 'chat', id: 'x' },
      react('w1', '🎉'),
    );
    ingest(sent, { kind: 'carbon', direction: 'sent' });
    expect(messagesWith(FRIEND)[0]!.reactions).toEqual([
      { emoji: '🎉', count: 1, mine: true, by: [OWN] },
    ]);
  });

  it('a stranger cannot react to a message of another chat, and is not kept aside', () => {
    ingest(chat(`${FRIEND}/pc`, 'w1', body('tea?')));
    ingest(chat('eve@evil.example/x', 'r', react('w1', '💩')));
    expect(messagesWith(FRIEND)[0]!.reactions).toEqual([]);
    expect(messagesWith('eve@evil.example')).toEqual([]);
    expect(temp.store.reactions.pendingCount(ACCOUNT)).toBe(0);
  });

  it('a reaction before its message (archive scroll-back) waits, bounded, and is adopted', () => {
    const archive = (id: string, delay: number): MessageSource => ({
      kind: 'archive',
      archiveId: id,
      delay,
    });
    ingest(chat(`${FRIEND}/pc`, 'r1', react('w-later', '😂')), archive('a2', 2_000));
    expect(temp.store.reactions.pendingCount(ACCOUNT)).toBe(1);
    ingest(chat(`${FRIEND}/pc`, 'w-later', body('joke')), archive('a1', 1_000));
    expect(messagesWith(FRIEND)[0]!.reactions?.map((r) => r.emoji)).toEqual(['😂']);
    expect(temp.store.reactions.pendingCount(ACCOUNT)).toBe(0);
    // An older set met after a newer one changes nothing.
    ingest(chat(`${FRIEND}/pc`, 'r0', react('w-later', '😢')), archive('a0', 1_500));
    expect(messagesWith(FRIEND)[0]!.reactions?.map((r) => r.emoji)).toEqual(['😂']);
    // Unknown targets by the thousand stay bounded.
    for (let i = 0; i < 2_000; i++) ingest(chat(`${FRIEND}/pc`, `x${i}`, react(`nope${i}`, '👍')));
    expect(temp.store.reactions.pendingCount(ACCOUNT)).toBeLessThanOrEqual(500);
  });

  it('10,000 reactions from one contact on one message leave one set', () => {
    ingest(chat(`${FRIEND}/pc`, 'w1', body('hi')));
    for (let i = 0; i < 10_000; i++) {
      pipeline.ingest(
        null,
        envelopeOf(chat(`${FRIEND}/pc`, `r${i}`, react('w1', i % 2 ? '👍' : '👎')), OWN),
        LIVE,
        sink,
      );
    }
    pipeline.batch.flush();
    expect(messagesWith(FRIEND)[0]!.reactions).toHaveLength(1);
  });
});

describe('reactions in a room', () => {
  const groupchat = (nick: string, children: Element[], occupantId?: string) =>
    xml(
      'message',
      { from: `${ROOM}/${nick}`, to: `${OWN}/pc`, type: 'groupchat', id: `g-${Math.random()}` },
      ...children,
      occupantId ? xml('occupant-id', { xmlns: 'urn:xmpp:occupant-id:0', id: occupantId }) : null,
    );
  const sid = (id: string) => xml('stanza-id', { xmlns: 'urn:xmpp:sid:0', id, by: ROOM });

  it('name the room stanza-id, count by occupant-id, and stay bounded under 10,000 reactors', () => {
    ingestRoom(groupchat('ann', [body('vote'), sid('s1')], 'occ-ann'));
    ingestRoom(groupchat('bob', [react('s1', '👍')], 'occ-bob'));
    // The same occupant under another nick replaces their set; a bare nick is someone else.
    ingestRoom(groupchat('bobby', [react('s1', '🎉')], 'occ-bob'));
    ingestRoom(groupchat('carl', [react('s1', '🎉')]));
    const party = messagesWith(ROOM)[0]!.reactions!;
    expect(party.map((r) => [r.emoji, r.count, r.mine])).toEqual([['🎉', 2, false]]);
    expect([...party[0]!.by].sort()).toEqual(['bobby', 'carl']);
    for (let i = 0; i < 10_000; i++) {
      rooms.ingestGroupchat(
        envelopeOf(groupchat(`n${i}`, [react('s1', '👍')], `o${i}`), OWN),
        { room: ROOM, ownNick: 'me' },
        LIVE,
        sink,
      );
    }
    pipeline.batch.flush();
    const thumbs = messagesWith(ROOM)[0]!.reactions!.find((r) => r.emoji === '👍')!;
    expect(thumbs.count).toBeLessThanOrEqual(MAX_REACTORS_PER_MESSAGE);
    expect(messagesWith(ROOM)).toHaveLength(1);
  });
});

describe('replies', () => {
  const fallback = (end: number) =>
    xml(
      'fallback',
      { xmlns: 'urn:xmpp:fallback:0', for: 'urn:xmpp:reply:0' },
      xml('body', { start: '0', end: String(end) }),
    );

  it('a reply shows without its quote and links to the original', () => {
    ingest(chat(`${FRIEND}/pc`, 'w1', body('tea? 🍵')));
    const quote = '> tea? 🍵\n';
    ingest(
      chat(
        `${FRIEND}/pc`,
        'w2',
        body(`${quote}yes 😀`),
        xml('reply', { xmlns: 'urn:xmpp:reply:0', id: 'w1', to: `${FRIEND}/pc` }),
        fallback(Array.from(quote).length),
      ),
    );
    const [original, reply] = messagesWith(FRIEND);
    expect(reply!.body).toBe('yes 😀');
    expect(reply!.replyTo).toEqual({ id: original!.id, author: FRIEND, preview: 'tea? 🍵' });
    const added = events.filter((e) => e.name === 'message.added').at(-1)!.payload as Message;
    expect(added.replyTo?.id).toBe(original!.id);
  });

  it('a reply to an unknown (or retracted) message keeps its quote as the preview, unlinked', () => {
    const quote = '> gone\n';
    ingest(
      chat(
        `${FRIEND}/pc`,
        'w2',
        body(`${quote}what?`),
        xml('reply', { xmlns: 'urn:xmpp:reply:0', id: 'nope', to: FRIEND }),
        fallback(7),
      ),
    );
    expect(messagesWith(FRIEND)[0]!.replyTo).toEqual({ id: null, author: FRIEND, preview: 'gone' });
  });
});

describe('displayed markers', () => {
  const marker = (id: string) => xml('displayed', { xmlns: 'urn:xmpp:chat-markers:0', id });

  it('the peer marker shows our message as seen; our own from another device clears unread', () => {
    const ours = temp.store.messages.insert({
      accountId: ACCOUNT,
      peer: FRIEND,
      direction: 'out',
      body: 'hi',
      timestamp: 1,
      status: 'acked',
      originId: 'o1',
    }).message;
    ingest(chat(`${FRIEND}/pc`, 'm1', marker('o1')));
    expect(messagesWith(FRIEND).find((m) => m.id === ours.id)!.displayed).toBe(true);
    ingest(
      chat(
        `${FRIEND}/pc`,
        'w1',
        body('one'),
        xml('markable', { xmlns: 'urn:xmpp:chat-markers:0' }),
      ),
    );
    ingest(chat(`${FRIEND}/pc`, 'w2', body('two')));
    expect(temp.store.conversations.get(ACCOUNT, FRIEND)!.unread).toBe(2);
    const read = xml(
      'message',
      { from: `${OWN}/phone`, to: FRIEND, type: 'chat', id: 'k' },
      marker('w2'),
    );
    ingest(read, { kind: 'carbon', direction: 'sent' });
    expect(temp.store.conversations.get(ACCOUNT, FRIEND)!.unread).toBe(0);
    // A stranger's marker names nothing of ours.
    ingest(chat('eve@evil.example/x', 'e', marker('o1')));
    expect(events.filter((e) => e.name === 'message.updated')).toHaveLength(1);
  });
});
