// The asynchronous encrypt seam of the outbox: a transform that awaits (sessions, bundles,
// crypto) keeps the account's order, a refusal fails the message with its reason and sends
// nothing, a retry runs the transforms again, and a message caught in a transform by a lost
// session is sent once, in order, on the next one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '@parley/contract';
import { NS_CHAT_STATES, OutgoingRefused, xml, type Element, type Session } from '@parley/xmpp';
import { newAccount, openTempStore, type TempStore } from '../../../store/src/test-support.js';
import { EventBus } from '../event-bus.js';
import { testScope } from '../test-support/scope.js';
import { MessageErrors } from './message-errors.js';
import { MessagePipeline } from './message-pipeline.js';
import { Outbox } from './outbox.js';

const ACCOUNT = 'a';
const OWN = 'me@example.org';
const BOB = 'bob@example.org';
const CAROL = 'carol@example.org';
const SEALED = 'urn:parley:test';

let temp: TempStore;
let pipeline: MessagePipeline;
let outbox: Outbox;
let errors: MessageErrors;
let updates: Message[];
/** Bodies the test transform was asked to seal, in call order. */
let sealedCalls: string[];
/** Peers the test transform refuses ("cannot encrypt for anyone"). */
let refusing: Set<string>;
/** Per body, how long the test transform takes (ms); default 0 (still asynchronous). */
let delays: Map<string, number>;

beforeEach(() => {
  temp = openTempStore();
  temp.store.accounts.insert(newAccount(ACCOUNT));
  const bus = new EventBus(true);
  updates = [];
  bus.subscribe((name, payload) => {
    if (name === 'message.updated') updates.push(payload as Message);
  });
  const scope = testScope(temp.store, ACCOUNT, OWN, bus);
  pipeline = new MessagePipeline(scope);
  outbox = new Outbox(scope, pipeline);
  errors = new MessageErrors(scope);
  // As the account runtime wires them.
  pipeline.sendThrough(outbox);
  outbox.afterFlush = (s) => pipeline.edits.outgoing.flush(s);
  outbox.onRefused = (message, refusal) => errors.refuse(message, refusal);
  sealedCalls = [];
  refusing = new Set();
  delays = new Map();
  outbox.outgoing.addTransform('test seal', async (stanza, message, ctx) => {
    const body = stanza.getChildText('body');
    if (body === null) return stanza; // a chat state: nothing to seal
    expect(ctx.account).toBe(OWN);
    if (message.about && refusing.has(message.about.peer)) {
      throw new OutgoingRefused('Cannot encrypt for anyone: no trusted device');
    }
    sealedCalls.push(body);
    await new Promise((r) => setTimeout(r, delays.get(body) ?? 0));
    const rest = stanza.getChildElements().filter((c) => c.getName() !== 'body');
    return xml('message', stanza.attrs, xml('sealed', { xmlns: SEALED }, body), ...rest);
  });
});
afterEach(() => temp.dispose());

/** A session that records what it is handed and acks at once while online. */
function fakeSession() {
  const sent: Element[] = [];
  /** Sealed bodies whose ack never comes (still in the stream's queue when the link drops). */
  const unacked = new Set<string>();
  const fake = {
    state: 'online',
    epoch: 1,
    send: (stanza: Element) => {
      if (fake.state !== 'online') return Promise.reject(new Error('not connected'));
      sent.push(stanza);
      return Promise.resolve();
    },
    sendTracked: (stanza: Element) => {
      if (fake.state !== 'online') return Promise.reject(new Error('not connected'));
      sent.push(stanza);
      if (unacked.has(stanza.getChildText('sealed', SEALED) ?? '')) return new Promise(() => {});
      return Promise.resolve('acked' as const);
    },
  };
  return { fake, session: fake as unknown as Session, sent, unacked };
}

/** What reached the session, in words; throws if any plaintext body did. */
function wire(sent: readonly Element[]): string[] {
  return sent.map((stanza) => {
    expect(stanza.getChild('body')).toBeUndefined();
    const sealed = stanza.getChildText('sealed', SEALED);
    if (stanza.getChild('replace', 'urn:xmpp:message-correct:0')) return `correction ${sealed}`;
    if (sealed !== null) return `message ${sealed}`;
    const state = stanza.getChildElements().find((c) => c.getNS() === NS_CHAT_STATES);
    return `state ${state?.getName()}`;
  });
}

const drained = async () => {
  // Everything queued, then whatever its outcomes queued in turn (a flush after a retry).
  for (let i = 0; i < 5; i++) {
    await outbox.sequence.drained();
    await new Promise((r) => setImmediate(r));
  }
};
const status = (id: string) => temp.store.messages.get(ACCOUNT, id)?.status;

describe('an asynchronous transform keeps the account’s order', () => {
  it('message, then its correction, then a chat state: sent in that order, all sealed', async () => {
    const { session, sent } = fakeSession();
    delays.set('helo', 40);
    const mine = outbox.queue(BOB, 'helo', session);
    pipeline.edits.outgoing.correct(BOB, mine.id, 'hello', session);
    const state = outbox.send(
      session,
      () => ({ to: BOB, kind: 'chat', body: null, chatState: 'paused' }),
      false,
    );
    // Nothing leaves while the first message is still in its transform.
    expect(sent).toEqual([]);
    await expect(state).resolves.toBe('sent');
    await drained();
    expect(wire(sent)).toEqual(['message helo', 'correction hello', 'state paused']);
    expect(sent[0]?.attrs.id).toBe(mine.id);
    expect(status(mine.id)).toBe('acked');
  });

  it('a second message never overtakes a slow first one', async () => {
    const { session, sent } = fakeSession();
    delays.set('one', 30);
    outbox.queue(BOB, 'one', session);
    outbox.queue(BOB, 'two', session);
    await drained();
    expect(wire(sent)).toEqual(['message one', 'message two']);
  });
});

describe('a refusing transform', () => {
  it('fails the message with the reason, as an event, and nothing reaches the session', async () => {
    const { session, sent } = fakeSession();
    refusing.add(CAROL);
    const refused = outbox.queue(CAROL, 'for carol only', session);
    outbox.queue(BOB, 'for bob', session);
    await drained();
    // Carol's message is not sent at all, in no form; Bob's after it still goes.
    expect(wire(sent)).toEqual(['message for bob']);
    expect(sent.some((s) => s.toString().includes('for carol only'))).toBe(false);
    expect(status(refused.id)).toBe('failed');
    const shown = updates.filter((m) => m.id === refused.id).at(-1);
    expect(shown?.status).toBe('failed');
    expect(shown?.error).toBe('Cannot encrypt for anyone: no trusted device');
    expect(errors.view(temp.store.messages.get(ACCOUNT, refused.id)!).error).toContain(
      'Cannot encrypt',
    );
  });

  it('a retry runs the transforms again: sent under the same id once encryption works', async () => {
    const { session, sent } = fakeSession();
    refusing.add(CAROL);
    const refused = outbox.queue(CAROL, 'again', session);
    await drained();
    expect(status(refused.id)).toBe('failed');
    expect(sealedCalls).toEqual([]);
    refusing.delete(CAROL);
    await errors.retry(temp.store.messages.get(ACCOUNT, refused.id)!, outbox, () => session);
    await drained();
    expect(sealedCalls).toEqual(['again']);
    expect(wire(sent)).toEqual(['message again']);
    expect(sent[0]?.attrs.id).toBe(refused.id);
    expect(status(refused.id)).toBe('acked');
  });

  it('a chat state refused is dropped: the send rejects with the refusal, nothing is sent', async () => {
    const { session, sent } = fakeSession();
    outbox.outgoing.addTransform('refuse all', () => {
      throw new OutgoingRefused('no devices');
    });
    const state = outbox.send(
      session,
      () => ({ to: BOB, kind: 'chat', body: null, chatState: 'composing' }),
      false,
    );
    await expect(state).rejects.toBeInstanceOf(OutgoingRefused);
    expect(sent).toEqual([]);
  });
});

describe('a session lost while messages sit in the transform', () => {
  it('a fresh session: each goes once, in order, each sealed once', async () => {
    const { fake, session, sent } = fakeSession();
    delays.set('one', 30);
    const one = outbox.queue(BOB, 'one', session);
    outbox.queue(BOB, 'two', session);
    // The link drops and a fresh server-side session replaces it (Session.epoch moves on);
    // its login sync flushes the outbox while 'one' is still being sealed for the old one.
    fake.epoch = 2;
    outbox.flush(session);
    outbox.queue(BOB, 'three', session);
    await drained();
    expect(wire(sent)).toEqual(['message one', 'message two', 'message three']);
    expect(sent[0]?.attrs.id).toBe(one.id);
    // The copy of 'one' sealed on the old session (never sent there) goes on the new one: a
    // second sealing would spend a ratchet step the peer never sees.
    expect(sealedCalls).toEqual(['one', 'two', 'three']);
    expect(temp.store.messages.outbox(ACCOUNT)).toEqual([]);
  });

  it('the link drops and the session resumes: nothing queued behind a lost one overtakes it, nothing handed over goes twice', async () => {
    const { fake, session, sent, unacked } = fakeSession();
    // 'zero' is handed over, unacked: on a resume the session itself resends it.
    unacked.add('zero');
    outbox.queue(BOB, 'zero', session);
    delays.set('one', 30);
    delays.set('two', 40);
    outbox.queue(BOB, 'one', session);
    outbox.queue(BOB, 'two', session);
    await new Promise((r) => setTimeout(r, 10));
    expect(wire(sent)).toEqual(['message zero']);
    // The link drops while 'one' is being sealed (ready at ~30 ms, it finds it down); it is
    // back, resumed (same epoch), at ~45 ms, before 'two' would be sealed (~70 ms).
    fake.state = 'connecting';
    await new Promise((r) => setTimeout(r, 45));
    fake.state = 'online';
    outbox.flush(session);
    await drained();
    expect(wire(sent)).toEqual(['message zero', 'message one', 'message two']);
  });

  it('a correction caught in its transform by a link drop goes once, after the resume', async () => {
    const { fake, session, sent } = fakeSession();
    const mine = outbox.queue(BOB, 'helo', session);
    await drained();
    delays.set('hello', 30);
    pipeline.edits.outgoing.correct(BOB, mine.id, 'hello', session);
    fake.state = 'connecting';
    await drained();
    expect(wire(sent)).toEqual(['message helo']);
    fake.state = 'online';
    outbox.flush(session);
    outbox.flush(session);
    await drained();
    expect(wire(sent)).toEqual(['message helo', 'correction hello']);
    expect(temp.store.messageEdits.outgoing(ACCOUNT)).toEqual([]);
  });

  it('offline when the transform ends: kept, and sent once on the next session', async () => {
    const { fake, session, sent } = fakeSession();
    delays.set('one', 20);
    outbox.queue(BOB, 'one', session);
    outbox.queue(BOB, 'two', session);
    fake.state = 'connecting';
    await drained();
    expect(sent).toEqual([]);
    expect(temp.store.messages.outbox(ACCOUNT).map((m) => m.body)).toEqual(['one', 'two']);
    fake.state = 'online';
    fake.epoch = 2;
    outbox.flush(session);
    await drained();
    expect(wire(sent)).toEqual(['message one', 'message two']);
    expect(temp.store.messages.outbox(ACCOUNT)).toEqual([]);
  });
});
