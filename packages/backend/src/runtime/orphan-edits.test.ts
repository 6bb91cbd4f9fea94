import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xml, type Element } from '@parley/xmpp';
import { openStore } from '@parley/store';
import { newAccount, openTempStore, type TempStore } from '../../../store/src/test-support.js';
import { EventBus } from '../event-bus.js';
import { envelopeOf } from '../test-support/envelope.js';
import { testScope } from '../test-support/scope.js';
import { MessagePipeline, type MessageSource } from './message-pipeline.js';
import { OrphanEdits, type OrphanEdit } from './orphan-edits.js';

const ACCOUNT = 'a';
const OWN = 'me@example.org';
const FRIEND = 'friend@example.org';
const MALLORY = 'mallory@example.org';
const NS_CORRECT = 'urn:xmpp:message-correct:0';
const NS_RETRACT = 'urn:xmpp:message-retract:1';

let temp: TempStore;

beforeEach(() => {
  temp = openTempStore();
  temp.store.accounts.insert(newAccount(ACCOUNT));
});
afterEach(() => temp.dispose());

/** A pipeline over the store as it is now (a new one stands for a restart). */
function pipelineOn(store = temp.store) {
  const pipeline = new MessagePipeline(testScope(store, ACCOUNT, OWN, new EventBus(true)));
  let n = 0;
  return (stanza: Element) => {
    const source: MessageSource = { kind: 'archive', archiveId: `arc-${++n}`, delay: 1_000 + n };
    pipeline.ingest(null, envelopeOf(stanza, OWN), source, (op) => pipeline.batch.add(null, op));
    pipeline.batch.flush();
  };
}

function chat(from: string, id: string, ...children: Element[]): Element {
  return xml('message', { from: `${from}/pc`, to: `${OWN}/pc`, type: 'chat', id }, ...children);
}
const body = (text: string) => xml('body', {}, text);
const correction = (from: string, id: string, replaces: string, text: string) =>
  chat(from, id, body(text), xml('replace', { xmlns: NS_CORRECT, id: replaces }));
const retraction = (from: string, id: string, target: string) =>
  chat(from, id, xml('retract', { xmlns: NS_RETRACT, id: target }), body('retracted'));

/** Closes the store and opens it again from its file: what a restart of Parley does. */
function restart(): void {
  temp.store.close();
  temp.store = openStore({ path: temp.path, key: temp.key });
}

const messages = (peer = FRIEND) =>
  temp.store.messages.page(ACCOUNT, peer, { beforeId: null, limit: 10 }).messages;

describe('edits that came before their message', () => {
  it('a correction read before its original is applied when the original arrives after a restart', () => {
    // Scroll-back reads the newest page first: the correction, then (next session) the original.
    pipelineOn()(correction(FRIEND, 'c1', 'm1', 'fixed text'));
    expect(messages()).toEqual([]);
    restart();
    pipelineOn()(chat(FRIEND, 'm1', body('fxied text')));
    expect(messages()).toMatchObject([{ body: 'fixed text', edited: { count: 1 } }]);
  });

  it('a retraction read before its original leaves a tombstone after a restart', () => {
    pipelineOn()(retraction(FRIEND, 'r1', 'm2'));
    restart();
    pipelineOn()(chat(FRIEND, 'm2', body('regretted')));
    expect(messages()).toMatchObject([{ body: '', retracted: { moderated: false } }]);
  });

  it('a waiting correction is checked when applied: not ours to change, it changes nothing', () => {
    // Our own archived copy "correcting" the friend's message: the sender check refuses it.
    const ours = xml(
      'message',
      { from: `${OWN}/phone`, to: FRIEND, type: 'chat', id: 'x1' },
      body('forged'),
      xml('replace', { xmlns: NS_CORRECT, id: 'm3' }),
    );
    pipelineOn()(ours);
    expect(temp.store.messageEdits.orphans.keys(ACCOUNT)).toEqual([{ peer: FRIEND, ref: 'm3' }]);
    // Mallory naming the same id waits in her own conversation, never the friend's.
    pipelineOn()(correction(MALLORY, 'x2', 'm3', 'forged too'));
    restart();
    pipelineOn()(chat(FRIEND, 'm3', body('the original')));
    expect(messages()).toMatchObject([{ body: 'the original', edited: null }]);
  });

  it('is applied once: a second copy of the original finds nothing waiting', () => {
    const ingest = pipelineOn();
    ingest(correction(FRIEND, 'c4', 'm4', 'second'));
    ingest(chat(FRIEND, 'm4', body('first')));
    expect(messages()).toMatchObject([{ body: 'second', edited: { count: 1 } }]);
    expect(temp.store.messageEdits.orphans.keys(ACCOUNT)).toEqual([]);
  });
});

describe('the waiting room', () => {
  const edit = (peer: string, ref: string): OrphanEdit => ({
    kind: 'retract',
    part: { target: ref, version: 1 },
    conversation: { peer, kind: 'chat' },
    sender: { kind: 'direct', outgoing: false, source: 'archive' },
    stamp: { id: `r-${ref}`, at: 5, fromArchive: true },
  });
  const scope = () => ({ store: temp.store, accountId: ACCOUNT });
  const inWrite = (fn: () => void) => temp.store.transaction(fn);

  it('hands an edit over once, by any id of the message, in its conversation only', () => {
    const orphans = new OrphanEdits(scope());
    inWrite(() => orphans.keep(FRIEND, 'm1', edit(FRIEND, 'm1')));
    expect(orphans.waitingFor('carol@x', ['m1'])).toEqual([]);
    expect(orphans.waitingFor(FRIEND, [null, 'other', 'm1'])).toEqual(['m1']);
    let taken: OrphanEdit[] = [];
    inWrite(() => (taken = orphans.take(FRIEND, ['m1'])));
    expect(taken).toEqual([edit(FRIEND, 'm1')]);
    expect(orphans.waitingFor(FRIEND, ['m1'])).toEqual([]);
    expect(new OrphanEdits(scope()).waitingFor(FRIEND, ['m1'])).toEqual([]);
  });

  it('is bounded per conversation (the oldest go first) and in age', () => {
    const orphans = new OrphanEdits(scope());
    inWrite(() => {
      for (let i = 0; i < 600; i++) orphans.keep(FRIEND, `m${i}`, edit(FRIEND, `m${i}`));
    });
    const kept = temp.store.messageEdits.orphans.keys(ACCOUNT);
    expect(kept).toHaveLength(500);
    expect(kept.some((k) => k.ref === 'm0')).toBe(false);
    expect(kept.some((k) => k.ref === 'm599')).toBe(true);
    // Two weeks later nothing of it is offered any more.
    const later = Date.now() + 15 * 24 * 60 * 60 * 1000;
    expect(temp.store.messageEdits.orphans.keys(ACCOUNT, later)).toEqual([]);
  });

  it('skips a stored edit it cannot read instead of failing the message', () => {
    inWrite(() => temp.store.messageEdits.orphans.keep(ACCOUNT, { peer: FRIEND, ref: 'm9' }, '{'));
    const orphans = new OrphanEdits(scope());
    expect(orphans.waitingFor(FRIEND, ['m9'])).toEqual(['m9']);
    let taken: OrphanEdit[] = [{} as OrphanEdit];
    inWrite(() => (taken = orphans.take(FRIEND, ['m9'])));
    expect(taken).toEqual([]);
  });
});
