import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  NS_MAM,
  SessionError,
  jid,
  openMessage,
  xml,
  type Element,
  type Session,
} from '@parley/xmpp';
import { newAccount, openTempStore, type TempStore } from '../../../store/src/test-support.js';
import { testScope } from '../test-support/scope.js';
import { HistorySync } from './history-sync.js';
import { MessagePipeline } from './message-pipeline.js';

/*
 * The archive cursor rule: after a catch-up reached the archive's end, live messages and
 * carbons on the same server-side session move the cursor, in the commit that stores them;
 * a fresh session (a gap) stops that until the next catch-up completes.
 */
const ACCOUNT = 'a';
const OWN = 'me@example.org';
const FRIEND = 'friend@example.org';
const NS_SID = 'urn:xmpp:sid:0';

let temp: TempStore;
let pipeline: MessagePipeline;
let history: HistorySync;

/** What the history and the pipeline use of a session; the archive is empty from the cursor on. */
interface FakeSession {
  epoch: number;
  state: Session['state'];
  handledCount: number;
  dropped: number[];
  /** When set, archive queries fail with it (a cut during the catch-up). */
  archiveFails: Error | null;
  /** When set, archive queries are answered only once it resolves. */
  archiveGate: Promise<void> | null;
}

function fakeSession(): FakeSession & Session {
  const fake: FakeSession = {
    epoch: 1,
    state: 'online',
    handledCount: 0,
    dropped: [],
    archiveFails: null,
    archiveGate: null,
  };
  const iq = (request: Element): Promise<Element> => {
    const query = request.getChild('query');
    if (query?.attrs.xmlns === NS_MAM) {
      if (fake.archiveFails) return Promise.reject(fake.archiveFails);
      const gate = fake.archiveGate ?? Promise.resolve();
      const fin = xml(
        'fin',
        { xmlns: NS_MAM, complete: 'true' },
        xml('set', { xmlns: 'http://jabber.org/protocol/rsm' }),
      );
      return gate.then(() => xml('iq', { type: 'result' }, fin));
    }
    const features = xml(
      'query',
      { xmlns: 'http://jabber.org/protocol/disco#info' },
      xml('identity', { category: 'account', type: 'registered' }),
      xml('feature', { var: NS_MAM }),
    );
    return Promise.resolve(xml('iq', { type: 'result', from: OWN }, features));
  };
  return Object.assign(fake, {
    iq,
    sendTracked: () => Promise.resolve(),
    dropUnstored: (resetTo: number) => fake.dropped.push(resetTo),
  }) as unknown as FakeSession & Session;
}

beforeEach(() => {
  temp = openTempStore();
  temp.store.accounts.insert(newAccount(ACCOUNT, { jid: OWN }));
  const scope = testScope(temp.store, ACCOUNT, OWN);
  pipeline = new MessagePipeline(scope);
  history = new HistorySync(scope, pipeline);
});
afterEach(() => temp.dispose());

const cursor = () => temp.store.accounts.get(ACCOUNT)?.mamLastStanzaId ?? null;
const bodies = () =>
  temp.store.messages
    .page(ACCOUNT, FRIEND, { beforeId: null, limit: 100 })
    .messages.map((m) => m.body);

function chat(body: string, archiveId: string | null, by = OWN): Element {
  const sid = archiveId === null ? [] : [xml('stanza-id', { xmlns: NS_SID, id: archiveId, by })];
  return xml(
    'message',
    { from: `${FRIEND}/pc`, to: `${OWN}/pc`, type: 'chat', id: `m-${body}` },
    xml('body', {}, body),
    ...sid,
  );
}

/** A sent carbon: our other device wrote to the friend; our server archived it. */
function sentCarbon(body: string, archiveId: string): Element {
  const inner = xml(
    'message',
    { from: `${OWN}/phone`, to: FRIEND, type: 'chat', id: `c-${body}` },
    xml('body', {}, body),
    xml('stanza-id', { xmlns: NS_SID, id: archiveId, by: OWN }),
  );
  return xml(
    'message',
    { from: OWN, to: `${OWN}/pc` },
    xml(
      'sent',
      { xmlns: 'urn:xmpp:carbons:2' },
      xml('forwarded', { xmlns: 'urn:xmpp:forward:0' }, inner),
    ),
  );
}

/** Handled as the router hands a live stanza over; the batch commits on flush(). */
function receive(session: Session, stanza: Element): void {
  expect(pipeline.handleMessage(session, openMessage(stanza, { own: jid(OWN) }))).toBe(true);
}

async function completedCatchUp(session: Session): Promise<void> {
  history.expectCatchUp();
  await history.catchUp(session);
}

describe('the archive cursor and live messages', () => {
  it('stays put before a catch-up has completed', () => {
    const session = fakeSession();
    receive(session, chat('early', 'A1'));
    pipeline.batch.flush();
    expect(bodies()).toEqual(['early']);
    expect(cursor()).toBeNull();
  });

  it('follows live messages and carbons once a catch-up completed, in the commit that stores them', async () => {
    const session = fakeSession();
    await completedCatchUp(session);
    receive(session, chat('one', 'A1'));
    // Not ahead of the store: nothing moves before the batch holding the message commits.
    expect(cursor()).toBeNull();
    pipeline.batch.flush();
    expect(bodies()).toEqual(['one']);
    expect(cursor()).toBe('A1');
    receive(session, sentCarbon('from my phone', 'A2'));
    receive(session, chat('two', 'A3'));
    pipeline.batch.flush();
    expect(cursor()).toBe('A3');
  });

  it('is not moved by a message without our archive id, or with another entity’s', async () => {
    const session = fakeSession();
    await completedCatchUp(session);
    receive(session, chat('one', 'A1'));
    receive(session, chat('no archive', null));
    receive(session, chat('forged by', 'X9', FRIEND));
    pipeline.batch.flush();
    expect(bodies()).toEqual(['one', 'no archive', 'forged by']);
    expect(cursor()).toBe('A1');
  });

  it('keeps following across a resume (same server-side session)', async () => {
    const session = fakeSession();
    await completedCatchUp(session);
    receive(session, chat('before the cut', 'A1'));
    session.state = 'connecting';
    // Replayed while the resume is still being negotiated: stored, the cursor waits.
    receive(session, chat('replayed', 'A2'));
    session.state = 'online';
    await history.continueCatchUp(session); // nothing unfinished: no archive query
    receive(session, chat('after the resume', 'A3'));
    pipeline.batch.flush();
    expect(bodies()).toEqual(['before the cut', 'replayed', 'after the resume']);
    expect(cursor()).toBe('A3');
  });

  it('stops at a fresh session (a gap) until the catch-up from the old cursor completes', async () => {
    const session = fakeSession();
    await completedCatchUp(session);
    receive(session, chat('last before the gap', 'A1'));
    pipeline.batch.flush();
    // The old session was lost; a new one is bound before the account hears of it.
    session.epoch = 2;
    receive(session, chat('on the new session', 'A7'));
    pipeline.batch.flush();
    expect(cursor()).toBe('A1');
    // Its login sync owes a catch-up; live messages before it completes leave the cursor.
    history.expectCatchUp();
    receive(session, chat('during the sync', 'A8'));
    pipeline.batch.flush();
    expect(cursor()).toBe('A1');
    // The catch-up is cut short: still not following.
    session.archiveFails = new SessionError('session-lost', 'cut');
    await expect(history.catchUp(session)).rejects.toThrow('cut');
    history.stop();
    receive(session, chat('after a cut catch-up', 'A9'));
    pipeline.batch.flush();
    expect(cursor()).toBe('A1');
    session.archiveFails = null;
    await history.continueCatchUp(session);
    receive(session, chat('after the catch-up', 'A10'));
    pipeline.batch.flush();
    expect(cursor()).toBe('A10');
  });

  it('does not move when the commit holding the message fails', async () => {
    const session = fakeSession();
    await completedCatchUp(session);
    receive(session, chat('stored', 'A1'));
    pipeline.batch.flush();
    session.handledCount = 5;
    receive(session, chat('lost with the disk', 'A2'));
    pipeline.batch.add(session, () => {
      throw Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' });
    });
    pipeline.batch.flush();
    expect(session.dropped).toEqual([4]); // the server hands it over again
    expect(bodies()).toEqual(['stored']);
    expect(cursor()).toBe('A1');
  });

  it('stays put while a catch-up runs on the followed session, and follows once it is done', async () => {
    const session = fakeSession();
    await completedCatchUp(session);
    let open = () => {};
    session.archiveGate = new Promise((resolve) => (open = resolve));
    const running = history.catchUp(session); // e.g. a login sync run again after a failure
    await new Promise((r) => setImmediate(r));
    receive(session, chat('while paging', 'A1'));
    pipeline.batch.flush();
    expect(cursor()).toBeNull();
    open();
    await running;
    receive(session, chat('after', 'A2'));
    pipeline.batch.flush();
    expect(cursor()).toBe('A2');
  });
});
