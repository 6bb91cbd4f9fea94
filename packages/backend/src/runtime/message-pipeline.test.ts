import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xml, type Element } from '@parley/xmpp';
import { newAccount, openTempStore, type TempStore } from '../../../store/src/test-support.js';
import { EventBus } from '../event-bus.js';
import { testScope } from '../test-support/scope.js';
import { MessagePipeline, type MessageSource } from './message-pipeline.js';

const ACCOUNT = 'a';
const OWN = 'me@example.org';
const FRIEND = 'friend@example.org';
const NS_STATES = 'http://jabber.org/protocol/chatstates';
const LIVE: MessageSource = { kind: 'live' };

let temp: TempStore;
let pipeline: MessagePipeline;
let events: Array<{ name: string; payload: unknown }>;

beforeEach(() => {
  temp = openTempStore();
  temp.store.accounts.insert(newAccount(ACCOUNT));
  temp.store.contacts.upsert(ACCOUNT, {
    jid: FRIEND,
    name: 'Friend',
    groups: [],
    subscription: 'both',
    askSubscribe: false,
  });
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
  pipeline.ingest(null, stanza, source, (op) => pipeline.batch.add(null, op));
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
