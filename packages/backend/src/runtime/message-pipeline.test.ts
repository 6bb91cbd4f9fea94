import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jid, openMessage, xml, type Element, type Session } from '@parley/xmpp';
import type { TempStore } from '../../../store/src/test-support.js';
import { EventBus } from '../event-bus.js';
import { envelopeOf } from '../test-support/envelope.js';
import { storeWithContact, testScope } from '../test-support/scope.js';
import { MessagePipeline, type MessageSource } from './message-pipeline.js';

const ACCOUNT = 'a';
const OWN = 'me@example.org';
const FRIEND = 'friend@example.org';
const NS_STATES = 'http://jabber.org/protocol/chatstates';
const NS_FORWARD = 'urn:xmpp:forward:0';
const LIVE: MessageSource = { kind: 'live' };

let temp: TempStore;
let pipeline: MessagePipeline;
let events: Array<{ name: string; payload: unknown }>;

beforeEach(() => {
  temp = storeWithContact(ACCOUNT, FRIEND);
  const bus = new EventBus(true);
  events = [];
  bus.subscribe((name, payload) => events.push({ name, payload }));
  pipeline = new MessagePipeline(testScope(temp.store, ACCOUNT, OWN, bus));
});
afterEach(() => temp.dispose());

const turn = () => new Promise((done) => setImmediate(done));

function chat(from: string, children: Element[]): Element {
  return xml('message', { from, to: `${OWN}/pc`, type: 'chat' }, ...children);
}

function ingest(stanza: Element, source: MessageSource = LIVE): void {
  pipeline.ingest(null, envelopeOf(stanza, OWN), source, (op) => pipeline.batch.add(null, op));
  pipeline.batch.flush();
}

const named = (name: string) => events.filter((e) => e.name === name);

describe('chat states', () => {
  it('sends none on for strangers, and one per contact and turn for a flood', async () => {
    for (let i = 0; i < 5_000; i++) {
      ingest(chat(`s${i}@evil.example/x`, [xml('composing', { xmlns: NS_STATES })]));
    }
    for (let i = 0; i < 1_000; i++) {
      const state = i % 2 ? 'composing' : 'paused';
      ingest(chat(`${FRIEND}/pc`, [xml(state, { xmlns: NS_STATES })]));
    }
    await turn();
    expect(named('chatState.changed')).toEqual([
      {
        name: 'chatState.changed',
        payload: { accountId: ACCOUNT, peer: FRIEND, state: 'composing', nick: null },
      },
    ]);
  });

  it('shows typing of someone we have a conversation with', async () => {
    ingest(chat('new@example.net/x', [xml('body', {}, 'hello')]));
    ingest(chat('new@example.net/x', [xml('composing', { xmlns: NS_STATES })]));
    await turn();
    expect(named('chatState.changed').map((e) => e.payload)).toMatchObject([
      { peer: 'new@example.net', state: 'composing' },
    ]);
  });
});

describe('time of one-to-one messages', () => {
  const delay = (stamp: string, from?: string) =>
    xml('delay', { xmlns: 'urn:xmpp:delay', stamp, ...(from ? { from } : {}) });
  const body = (text: string) => xml('body', {}, text);

  it("uses the receive time for a sender's own delay, past or future", () => {
    const before = Date.now();
    ingest(chat(`${FRIEND}/pc`, [body('from 2099'), delay('2099-01-01T00:00:00Z', FRIEND)]));
    ingest(chat(`${FRIEND}/pc`, [body('from 2001'), delay('2001-01-01T00:00:00Z')]));
    ingest(chat(`${FRIEND}/pc`, [body('by evil'), delay('2001-01-01T00:00:00Z', 'evil.example')]));
    const stored = temp.store.messages.page(ACCOUNT, FRIEND, {
      beforeId: null,
      limit: 10,
    }).messages;
    expect(stored).toHaveLength(3);
    for (const m of stored) {
      expect(m.timestamp).toBeGreaterThanOrEqual(before);
      expect(m.timestamp).toBeLessThanOrEqual(Date.now());
    }
  });

  it("a stranger's delay claiming to be our server's or our account's is still the stranger's", () => {
    const before = Date.now();
    const stranger = 'stranger@evil.example';
    ingest(chat(`${stranger}/x`, [body('server'), delay('2001-01-01T00:00:00Z', 'example.org')]));
    ingest(chat(`${stranger}/x`, [body('own'), delay('2001-01-01T00:00:00Z', OWN)]));
    const stored = temp.store.messages.page(ACCOUNT, stranger, {
      beforeId: null,
      limit: 10,
    }).messages;
    expect(stored).toHaveLength(2);
    for (const m of stored) expect(m.timestamp).toBeGreaterThanOrEqual(before);
  });

  it("dates a contact's message our server kept offline by its stamp, never in the future", () => {
    const before = Date.now();
    ingest(chat(`${FRIEND}/pc`, [body('kept'), delay('2026-01-02T03:04:05Z', 'example.org')]));
    ingest(chat(`${FRIEND}/pc`, [body('ahead'), delay('2099-01-01T00:00:00Z', 'example.org')]));
    // Only our server keeps offline messages: the contact's own account is no such witness.
    ingest(chat(`${FRIEND}/pc`, [body('own'), delay('2001-01-01T00:00:00Z', OWN)]));
    const stored = temp.store.messages.page(ACCOUNT, FRIEND, {
      beforeId: null,
      limit: 10,
    }).messages;
    const at = (text: string) => stored.find((m) => m.body === text)?.timestamp;
    expect(at('kept')).toBe(Date.parse('2026-01-02T03:04:05Z'));
    expect(at('ahead')).toBeGreaterThanOrEqual(before);
    expect(at('own')).toBeGreaterThanOrEqual(before);
  });

  it('trusts the delay of a stanza our server sent and dated, never in the future', () => {
    const server = 'example.org';
    ingest(chat(server, [body('notice'), delay('2020-01-01T00:00:00Z', server)]));
    const before = Date.now();
    ingest(chat(server, [body('ahead'), delay('2099-01-01T00:00:00Z', server)]));
    const stored = temp.store.messages.page(ACCOUNT, server, {
      beforeId: null,
      limit: 10,
    }).messages;
    const at = (text: string) => stored.find((m) => m.body === text)?.timestamp;
    expect(at('notice')).toBe(Date.parse('2020-01-01T00:00:00Z'));
    expect(at('ahead')).toBeGreaterThanOrEqual(before);
    expect(at('ahead')).toBeLessThanOrEqual(Date.now());
  });

  it("keeps the archive's stamp for archive results", () => {
    const source: MessageSource = {
      kind: 'archive',
      archiveId: 'arc-1',
      delay: Date.parse('2019-05-05T00:00:00Z'),
    };
    ingest(chat(`${FRIEND}/pc`, [body('archived'), delay('2099-01-01T00:00:00Z', FRIEND)]), source);
    const stored = temp.store.messages.page(ACCOUNT, FRIEND, {
      beforeId: null,
      limit: 10,
    }).messages;
    expect(stored[0]?.timestamp).toBe(Date.parse('2019-05-05T00:00:00Z'));
  });
});

describe('carbons through the envelope', () => {
  const session = { sendTracked: () => Promise.resolve() } as unknown as Session;
  const carbon = (from: string, direction: 'sent' | 'received', inner: Element) =>
    xml(
      'message',
      { from, to: `${OWN}/pc` },
      xml(
        direction,
        { xmlns: 'urn:xmpp:carbons:2' },
        xml('forwarded', { xmlns: NS_FORWARD }, inner),
      ),
    );
  const handle = (stanza: Element) => {
    const consumed = pipeline.handleMessage(session, openMessage(stanza, { own: jid(OWN) }));
    pipeline.batch.flush();
    return consumed;
  };
  const stored = () =>
    temp.store.messages.page(ACCOUNT, FRIEND, { beforeId: null, limit: 10 }).messages;

  it('stores a sent carbon as our own outgoing message from another device', () => {
    const inner = xml(
      'message',
      { from: `${OWN}/phone`, to: FRIEND, type: 'chat', id: 'c1' },
      xml('body', {}, 'from my phone'),
    );
    expect(handle(carbon(OWN, 'sent', inner))).toBe(true);
    expect(stored()).toMatchObject([
      { direction: 'out', body: 'from my phone', fromOtherDevice: true, originId: 'c1' },
    ]);
  });

  it('drops a forged carbon (not from our bare JID) and a live message claiming to be ours', () => {
    const inner = xml(
      'message',
      { from: `${OWN}/phone`, to: FRIEND, type: 'chat', id: 'f1' },
      xml('body', {}, 'forged'),
    );
    expect(handle(carbon(`${FRIEND}/pc`, 'sent', inner))).toBe(true);
    expect(handle(carbon(`${OWN}/other`, 'sent', inner))).toBe(true);
    // Not a carbon: only carbons may speak for us.
    expect(handle(inner)).toBe(true);
    expect(stored()).toEqual([]);
  });
});
