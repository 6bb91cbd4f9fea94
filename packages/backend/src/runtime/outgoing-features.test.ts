// Our corrections, retractions, reactions and displayed markers go out through the account's
// outgoing builder and its transforms (the encrypt seam), as our messages do: a transform on the
// outbox's pipeline sees every one of them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xml, type Element, type Session } from '@parley/xmpp';
import type { TempStore } from '../../../store/src/test-support.js';
import { envelopeOf } from '../test-support/envelope.js';
import { storeWithContact, testScope } from '../test-support/scope.js';
import { MessagePipeline } from './message-pipeline.js';
import { Outbox } from './outbox.js';

const ACCOUNT = 'a';
const OWN = 'me@example.org';
const FRIEND = 'friend@example.org';

let temp: TempStore;
let pipeline: MessagePipeline;
let outbox: Outbox;
let sent: Element[];
let session: Session;

beforeEach(() => {
  temp = storeWithContact(ACCOUNT, FRIEND);
  const scope = testScope(temp.store, ACCOUNT, OWN);
  pipeline = new MessagePipeline(scope);
  outbox = new Outbox(scope, pipeline);
  // As the account runtime wires them.
  pipeline.sendThrough(outbox);
  outbox.afterFlush = (s) => pipeline.edits.outgoing.flush(s);
  outbox.outgoing.addTransform('seal', (stanza) => {
    stanza.append(xml('sealed', { xmlns: 'test:seam' }));
    return stanza;
  });
  sent = [];
  session = {
    state: 'online',
    epoch: 1,
    send: (stanza: Element) => (sent.push(stanza), Promise.resolve()),
    sendTracked: (stanza: Element) => (sent.push(stanza), Promise.resolve('acked')),
  } as unknown as Session;
});
afterEach(() => temp.dispose());

const settle = () => new Promise((r) => setImmediate(r));
const sealed = (stanza: Element | undefined) =>
  stanza?.getChild('sealed', 'test:seam') !== undefined;
const last = () => sent.at(-1);

describe('features sending through the outgoing builder', () => {
  it('a correction and a retraction of ours pass the transforms', async () => {
    const mine = outbox.queue(FRIEND, 'helo', session);
    await settle();
    pipeline.edits.outgoing.correct(FRIEND, mine.id, 'hello', session);
    await settle();
    expect(last()?.getChild('replace', 'urn:xmpp:message-correct:0')?.attrs.id).toBe(mine.id);
    expect(sealed(last())).toBe(true);
    pipeline.edits.outgoing.retract(FRIEND, mine.id, session);
    await settle();
    expect(last()?.getChild('retract', 'urn:xmpp:message-retract:1')?.attrs.id).toBe(mine.id);
    expect(sealed(last())).toBe(true);
  });

  it('a reaction and a displayed marker pass the transforms', async () => {
    const incoming = xml(
      'message',
      { from: `${FRIEND}/pc`, to: `${OWN}/pc`, type: 'chat', id: 'w1' },
      xml('body', {}, 'tea?'),
      xml('markable', { xmlns: 'urn:xmpp:chat-markers:0' }),
    );
    pipeline.ingest(null, envelopeOf(incoming, OWN), { kind: 'live' }, (op) =>
      pipeline.batch.add(null, op),
    );
    pipeline.batch.flush();
    const [message] = temp.store.messages.page(ACCOUNT, FRIEND, {
      beforeId: null,
      limit: 5,
    }).messages;
    await pipeline.extras.reactions.react(session, {
      peer: FRIEND,
      kind: 'chat',
      messageId: message!.id,
      emojis: ['👍'],
      restrictions: null,
      wireId: 'w1',
    });
    expect(last()?.getChild('reactions', 'urn:xmpp:reactions:0')?.attrs.id).toBe('w1');
    expect(sealed(last())).toBe(true);
    await pipeline.extras.markers.markRead(session, FRIEND, 'chat', () => false);
    expect(last()?.getChild('displayed', 'urn:xmpp:chat-markers:0')?.attrs.id).toBe('w1');
    expect(sealed(last())).toBe(true);
  });
});
