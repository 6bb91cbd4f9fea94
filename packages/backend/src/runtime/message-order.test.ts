import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xml, type Element } from '@parley/xmpp';
import { newAccount, openTempStore, type TempStore } from '../../../store/src/test-support.js';
import { testScope } from '../test-support/scope.js';
import { ArchiveOrder } from './archive-order.js';
import { ArchivePages } from './archive-pages.js';
import { MessagePipeline } from './message-pipeline.js';
import { archivedOf, envelopeOf } from '../test-support/envelope.js';

const OWN = 'a@example.org';
const BOB = 'bob@example.org';
const NS_SID = 'urn:xmpp:sid:0';

let temp: TempStore;
let pipeline: MessagePipeline;
let pages: ArchivePages;

beforeEach(() => {
  temp = openTempStore();
  temp.store.accounts.insert(newAccount('a'));
  // A contact: the <delay from='our server'> of a message our server kept offline counts.
  temp.store.contacts.upsert('a', {
    jid: BOB,
    name: 'Bob',
    groups: [],
    subscription: 'both',
    askSubscribe: false,
  });
  const scope = testScope(temp.store, 'a', OWN);
  pipeline = new MessagePipeline(scope);
  pages = new ArchivePages(scope, pipeline);
});
afterEach(() => temp.dispose());

function chat(body: string, stanzaId: string, delay?: number): Element {
  return xml(
    'message',
    { type: 'chat', from: `${BOB}/phone`, to: OWN, id: `id-${body}` },
    xml('body', {}, body),
    xml('stanza-id', { xmlns: NS_SID, id: stanzaId, by: OWN }),
    delay === undefined
      ? null
      : xml('delay', { xmlns: 'urn:xmpp:delay', from: 'example.org', stamp: iso(delay) }),
  );
}
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const wholeSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

function live(stanza: Element): void {
  pipeline.ingest(null, envelopeOf(stanza, OWN), { kind: 'live' }, (op) =>
    pipeline.batch.add(null, op),
  );
  pipeline.batch.flush();
}

const shown = () =>
  temp.store.messages.page('a', BOB, { beforeId: null, limit: 100 }).messages.map((m) => m.body);

describe('the order messages are shown in', () => {
  it('keeps a stanza resent after a resume (whole-second <delay>) below what came before it', () => {
    live(chat('one', 'sid-1'));
    // The server queued 'two' in the same second and resends it with a stamp in whole seconds.
    live(chat('two', 'sid-2', wholeSecond(Date.now())));
    expect(shown()).toEqual(['one', 'two']);
  });

  it('keeps a message that waited offline for long at its own time', () => {
    live(chat('now', 'sid-1'));
    // Only our own account's (or server's) <delay> dates a live stanza: our other device's
    // message, sent a day ago and carbon-copied to us only now.
    const dayAgo = Date.now() - 86_400_000;
    const sent = xml(
      'message',
      { type: 'chat', from: `${OWN}/laptop`, to: BOB, id: 'id-yesterday' },
      xml('body', {}, 'from yesterday'),
      xml('delay', { xmlns: 'urn:xmpp:delay', from: OWN, stamp: iso(dayAgo) }),
    );
    const source = { kind: 'carbon', direction: 'sent' } as const;
    pipeline.ingest(null, envelopeOf(sent, OWN), source, (op) => pipeline.batch.add(null, op));
    pipeline.batch.flush();
    expect(shown()).toEqual(['from yesterday', 'now']);
  });

  it('places a message missed live after the one before it in the archive (coarse stamps)', () => {
    live(chat('seen live', 'sid-1'));
    const stamp = wholeSecond(Date.now());
    const item = (body: string, id: string) => archivedOf(chat(body, id), OWN, id, stamp);
    // A catch-up from before 'seen live': its copy, then the one missed in a cut.
    const session = null as never;
    pages.store(
      {
        items: [item('seen live', 'sid-1'), item('missed', 'sid-2')],
        complete: true,
        first: 'sid-1',
        last: 'sid-2',
      },
      undefined,
      undefined,
      { order: new ArchiveOrder(null), session },
    );
    expect(shown()).toEqual(['seen live', 'missed']);
  });

  it('places a message first seen in a catch-up before a later one stored earlier in the same second', () => {
    const stamp = wholeSecond(Date.now());
    const item = (body: string, id: string) => archivedOf(chat(body, id), OWN, id, stamp);
    const session = null as never;
    const page = (items: ReturnType<typeof item>[]) => ({
      items,
      complete: true,
      first: items[0]?.origin.archiveId ?? null,
      last: items.at(-1)?.origin.archiveId ?? null,
    });
    // An earlier catch-up stored 'two' without 'one' before it (both stamped the same second).
    pages.store(page([item('two', 'sid-2')]), undefined, undefined, {
      order: new ArchiveOrder(null),
      session,
    });
    // The next one finds 'one' before 'two' in the archive, then the rest.
    pages.store(
      page([item('one', 'sid-1'), item('two', 'sid-2'), item('three', 'sid-3')]),
      undefined,
      undefined,
      { order: new ArchiveOrder(null), session },
    );
    expect(shown()).toEqual(['one', 'two', 'three']);
  });

  it('leaves a message in place when the archive holds a resent copy of it further on', () => {
    const stamp = wholeSecond(Date.now());
    const session = null as never;
    const order = new ArchiveOrder(null);
    // The sender's resend after a failed resume: same origin-id, a new archive id.
    const copy = (body: string, id: string) => {
      const stanza = chat(body, id);
      stanza.append(xml('origin-id', { xmlns: NS_SID, id: `origin-${body}` }));
      return archivedOf(stanza, OWN, id, stamp);
    };
    const page = (items: ReturnType<typeof copy>[]) => ({
      items,
      complete: false,
      first: items[0]?.origin.archiveId ?? null,
      last: items.at(-1)?.origin.archiveId ?? null,
    });
    pages.store(page([copy('one', 'sid-1'), copy('two', 'sid-2')]), undefined, undefined, {
      order,
      session,
    });
    pages.store(page([copy('three', 'sid-3'), copy('one', 'sid-4')]), undefined, undefined, {
      order,
      session,
    });
    expect(shown()).toEqual(['one', 'two', 'three']);
  });

  describe('while a catch-up is owed', () => {
    const session = null as never;
    const page = (items: ReturnType<typeof archivedOf>[], complete: boolean) => ({
      items,
      complete,
      first: items[0]?.origin.archiveId ?? null,
      last: items.at(-1)?.origin.archiveId ?? null,
    });
    // The walk's floor lies above the live receive times: a message stored earlier in the walk
    // (one of ours, say) was stamped later in the same second.
    const walkAbove = () => new ArchiveOrder(Date.now() + 5_000);
    const item = (body: string, id: string) =>
      archivedOf(chat(body, id), OWN, id, wholeSecond(Date.now()));

    it('places a walked message below a later one that arrived live before its page was stored', () => {
      const order = walkAbove();
      pipeline.owedCatchUpOrder = () => order;
      // 'two' was archived after the query that fetched 'one' ran (the walk ends without it),
      // and arrived live before that page was stored.
      live(chat('two', 'sid-2'));
      pages.store(page([item('one', 'sid-1')], true), undefined, undefined, { order, session });
      expect(shown()).toEqual(['one', 'two']);
    });

    it('places a live message after the walked messages of its sender stored before it', () => {
      const order = walkAbove();
      pipeline.owedCatchUpOrder = () => order;
      pages.store(page([item('one', 'sid-1')], false), undefined, undefined, { order, session });
      live(chat('two', 'sid-2'));
      expect(shown()).toEqual(['one', 'two']);
    });

    it('lets a live message met by the walk stop holding later items back', () => {
      const order = walkAbove();
      pipeline.owedCatchUpOrder = () => order;
      live(chat('one', 'sid-1'));
      pages.store(page([item('one', 'sid-1')], false), undefined, undefined, { order, session });
      pipeline.owedCatchUpOrder = () => null;
      // Met: 'one' no longer limits where the walk places what comes after it.
      pages.store(page([item('two', 'sid-2')], true), undefined, undefined, { order, session });
      const two = temp.store.messages
        .page('a', BOB, { beforeId: null, limit: 10 })
        .messages.find((m) => m.body === 'two');
      expect(two?.timestamp).toBeGreaterThanOrEqual(Date.now() + 4_000);
      expect(shown()).toEqual(['one', 'two']);
    });
  });
});
