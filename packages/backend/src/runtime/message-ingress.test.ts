import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jid, openMessage, xml, type Element, type Session } from '@parley/xmpp';
import type { TempStore } from '../../../store/src/test-support.js';
import { SealedTransform, sealed } from '../test-support/sealed-transform.js';
import { storeWithContact, testScope } from '../test-support/scope.js';
import { MessageIngress } from './message-ingress.js';
import { MessagePipeline } from './message-pipeline.js';
import { StanzaRouter } from './stanza-router.js';

const ACCOUNT = 'a';
const OWN = 'me@example.org';
const FRIEND = 'friend@example.org';

let temp: TempStore;
let pipeline: MessagePipeline;
let transform: SealedTransform;
let incoming: MessageIngress;
let session: Session & { handledCount: number };
let sent: Element[];
let router: StanzaRouter;

function setUp(delayMs?: (text: string) => number): void {
  temp = storeWithContact(ACCOUNT, FRIEND);
  pipeline = new MessagePipeline(testScope(temp.store, ACCOUNT, OWN));
  transform = new SealedTransform(delayMs);
  pipeline.transforms.list.push(transform);
  const own = jid(OWN);
  router = new StanzaRouter((stanza) =>
    openMessage(stanza, { own, asyncTransforms: pipeline.transforms.list }),
  );
  pipeline.register(router);
  incoming = new MessageIngress(router, pipeline.ingress, pipeline.batch, pipeline.transforms);
  sent = [];
  session = {
    handledCount: 0,
    dropUnstored: () => {},
    sendTracked: (el: Element) => {
      sent.push(el);
      return Promise.resolve();
    },
  } as unknown as Session & { handledCount: number };
}

beforeEach(() => setUp());
afterEach(() => temp.dispose());

let serial = 0;
/** A message from the friend arriving now (counted as the session counts it). */
function arrive(children: Element[], ids: { stanzaId?: string; originId?: string } = {}): void {
  const id = `m${++serial}`;
  const extra = [
    ...(ids.stanzaId
      ? [xml('stanza-id', { xmlns: 'urn:xmpp:sid:0', id: ids.stanzaId, by: OWN })]
      : []),
    ...(ids.originId ? [xml('origin-id', { xmlns: 'urn:xmpp:sid:0', id: ids.originId })] : []),
  ];
  const stanza = xml(
    'message',
    { from: `${FRIEND}/pc`, to: `${OWN}/r`, type: 'chat', id },
    ...children,
    ...extra,
  );
  session.handledCount++;
  incoming.handle(session, stanza);
}
const body = (text: string) => [xml('body', {}, text)];

async function settle(): Promise<void> {
  await pipeline.ingress.idle();
  pipeline.batch.flush();
}

const stored = () =>
  temp.store.messages.page(ACCOUNT, FRIEND, { beforeId: null, limit: 100 }).messages;

describe('messages that need asynchronous work (MessageIngress)', () => {
  it('stores sealed and plain messages in arrival order, whatever order the work ends in', async () => {
    // Earlier messages take longer: run concurrently, they would finish in reverse.
    setUp((text) => ({ one: 30, three: 15 })[text] ?? 0);
    arrive(sealed('one'));
    arrive(body('two'));
    arrive(sealed('three'));
    arrive(sealed('four'));
    arrive(body('five'));
    await settle();
    expect(stored().map((m) => m.body)).toEqual(['one', 'two', 'three', 'four', 'five']);
    expect(transform.maxConcurrent).toBe(1);
    // The replacement's facts are stored with it; the ratchet-like write committed with it.
    expect(stored()[0]).toMatchObject({ encryption: 'omemo2', senderDevice: 7, trust: 'blind' });
    expect(stored()[1]?.encryption).toBeUndefined();
    expect(transform.committed).toEqual(['one', 'three', 'four']);
  });

  it('handles a plain message at once while nothing waits', () => {
    arrive(body('now'));
    expect(pipeline.ingress.busy).toBe(false);
    pipeline.batch.flush();
    expect(stored().map((m) => m.body)).toEqual(['now']);
  });

  it('never runs the transform for a message already stored (by stanza-id or origin-id)', async () => {
    arrive(sealed('first'), { stanzaId: 's1', originId: 'o1' });
    await settle();
    arrive(sealed('again'), { stanzaId: 's1' }); // A redelivery after a resume.
    arrive(sealed('copy'), { originId: 'o1' });
    // The redelivery queued behind its original, before the original was committed.
    arrive(sealed('late'), { stanzaId: 's2' });
    arrive(sealed('late twice'), { stanzaId: 's2' });
    await settle();
    expect(transform.runs).toEqual(['first', 'late']);
    expect(stored().map((m) => m.body)).toEqual(['first', 'late']);
  });

  it('stores a message that cannot be opened with its error, never its fallback body', async () => {
    arrive(sealed('x', { fail: '1' }), { stanzaId: 's9' });
    arrive(sealed('y', { throw: '1' }));
    await settle();
    expect(stored()).toMatchObject([
      { body: '', encryption: 'omemo2', decryptError: 'no-session', stanzaId: 's9' },
      { body: '', decryptError: 'bad-payload' },
    ]);
  });

  it('stores nothing for a dropped message, but commits its write', async () => {
    arrive(sealed('key transport', { drop: '1' }));
    arrive(body('after'));
    await settle();
    expect(stored().map((m) => m.body)).toEqual(['after']);
    expect(transform.committed).toEqual(['key transport']);
    expect(transform.settled).toEqual(['key transport']);
  });

  it('settles every write it was given, stored or not (the OMEMO crypto lock is let go)', async () => {
    arrive(sealed('opened'));
    arrive(sealed('dropped', { drop: '1' }));
    await settle();
    expect(transform.settled).toEqual(['opened', 'dropped']);
    // A message whose handling breaks after it was opened: its write never runs, yet settles.
    const deliver = router.deliver.bind(router);
    router.deliver = () => {
      throw new Error('a handler broke');
    };
    arrive(sealed('broken'));
    await settle();
    router.deliver = deliver;
    expect(transform.committed).toEqual(['opened', 'dropped']);
    expect(transform.settled).toEqual(['opened', 'dropped', 'broken']);
  });

  it('holds the ack count below a message until it is stored, and sends its receipt after', async () => {
    let release!: () => void;
    setUp(() => 0);
    const gate = new Promise<void>((resolve) => (release = resolve));
    const run = transform.run.bind(transform);
    transform.run = async (head) => {
      await gate;
      return run(head);
    };
    arrive(body('plain'));
    arrive([...sealed('sealed'), xml('request', { xmlns: 'urn:xmpp:receipts' })]);
    arrive(body('behind'));
    // Presence does not wait behind messages.
    const presences: string[] = [];
    router.register({
      name: 'test presence',
      kind: 'presence',
      priority: 0,
      handle: (_s, stanza) => !!presences.push(String(stanza.attrs.from)),
    });
    incoming.handle(session, xml('presence', { from: `${FRIEND}/pc` }));
    expect(presences).toEqual([`${FRIEND}/pc`]);
    expect(pipeline.ingress.settled()).toBe(1);
    let answered = false;
    expect(pipeline.ingress.defer(() => (answered = true))).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false);
    expect(sent).toEqual([]);
    release();
    await settle();
    expect(answered).toBe(true);
    expect(pipeline.ingress.settled()).toBe(null);
    expect(stored().map((m) => m.body)).toEqual(['plain', 'sealed', 'behind']);
    expect(sent.map((el) => el.getChild('received')?.attrs.id)).toEqual(['m' + (serial - 1)]);
  });
});

describe('a sealed carbon', () => {
  it('is opened and stored as ours', async () => {
    const inner = xml(
      'message',
      { from: `${OWN}/phone`, to: FRIEND, type: 'chat', id: 'c1', xmlns: 'jabber:client' },
      ...sealed('from my phone'),
      xml('origin-id', { xmlns: 'urn:xmpp:sid:0', id: 'c1' }),
    );
    const stanza = xml(
      'message',
      { from: OWN, to: `${OWN}/r`, type: 'chat' },
      xml(
        'sent',
        { xmlns: 'urn:xmpp:carbons:2' },
        xml('forwarded', { xmlns: 'urn:xmpp:forward:0' }, inner),
      ),
    );
    session.handledCount++;
    incoming.handle(session, stanza);
    await settle();
    expect(stored()).toMatchObject([
      { body: 'from my phone', direction: 'out', encryption: 'omemo2' },
    ]);
  });
});
