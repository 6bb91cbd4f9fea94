import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  jid,
  openMessage,
  xml,
  type Element,
  type IncomingMessage,
  type Session,
} from '@parley/xmpp';
import { newAccount, openTempStore, type TempStore } from '../../../store/src/test-support.js';
import { EventBus } from '../event-bus.js';
import { AccountRuntime } from './account-runtime.js';
import type { FilesConfig } from './files/config.js';
import { Transfers } from './files/transfers.js';
import { PRIORITY, StanzaRouter, type StanzaKind } from './stanza-router.js';

const OWN = 'me@example.org';
const session = {} as Session;
const open = (stanza: Element): IncomingMessage => openMessage(stanza, { own: jid(OWN) });

/** A router whose handlers note their name and consume when told to. */
function recording(
  specs: Array<{
    name: string;
    kind: StanzaKind;
    priority: number;
    consume?: boolean;
    ns?: string;
  }>,
) {
  const router = new StanzaRouter(open);
  const seen: string[] = [];
  for (const s of specs) {
    router.register({
      name: s.name,
      kind: s.kind,
      priority: s.priority,
      ...(s.ns ? { namespace: s.ns } : {}),
      handle: () => {
        seen.push(s.name);
        return s.consume ?? false;
      },
    });
  }
  return { router, seen };
}

afterEach(() => vi.restoreAllMocks());

describe('StanzaRouter', () => {
  it('runs handlers of the stanza kind by priority, equal priorities in registration order', () => {
    const { router, seen } = recording([
      { name: 'low', kind: 'message', priority: 1 },
      { name: 'high', kind: 'message', priority: 50 },
      { name: 'presence', kind: 'presence', priority: 99 },
      { name: 'mid-a', kind: 'message', priority: 10 },
      { name: 'mid-b', kind: 'message', priority: 10 },
      { name: 'iq', kind: 'iq', priority: 99 },
    ]);
    expect(router.order('message')).toEqual(['high', 'mid-a', 'mid-b', 'low']);
    router.route(session, xml('message', { type: 'chat' }, xml('body', {}, 'hi')));
    expect(seen).toEqual(['high', 'mid-a', 'mid-b', 'low']);
    seen.length = 0;
    router.route(session, xml('presence'));
    router.route(session, xml('iq', { type: 'get', id: '1' }));
    // Nonzas and unknown elements reach no handler.
    router.route(session, xml('r', { xmlns: 'urn:xmpp:sm:3' }));
    expect(seen).toEqual(['presence', 'iq']);
  });

  it('stops at the first handler that consumes the stanza', () => {
    const { router, seen } = recording([
      { name: 'first', kind: 'message', priority: 3 },
      { name: 'taker', kind: 'message', priority: 2, consume: true },
      { name: 'never', kind: 'message', priority: 1 },
    ]);
    router.route(session, xml('message'));
    expect(seen).toEqual(['first', 'taker']);
  });

  it('gives a namespaced handler only stanzas with a child in its namespace', () => {
    const { router, seen } = recording([
      { name: 'pep', kind: 'message', priority: 5, ns: 'http://jabber.org/protocol/pubsub#event' },
      { name: 'rest', kind: 'message', priority: 0 },
    ]);
    router.route(session, xml('message', {}, xml('body', {}, 'x')));
    router.route(
      session,
      xml('message', {}, xml('event', { xmlns: 'http://jabber.org/protocol/pubsub#event' })),
    );
    expect(seen).toEqual(['rest', 'pep', 'rest']);
  });

  it('opens a message once and hands every message handler the same envelope', () => {
    const router = new StanzaRouter(open);
    const got: IncomingMessage[] = [];
    for (const [name, priority] of [
      ['a', 2],
      ['b', 1],
    ] as const) {
      router.register({
        name,
        kind: 'message',
        priority,
        handle: (_s, message) => {
          got.push(message);
          return false;
        },
      });
    }
    router.route(session, xml('message', { from: 'friend@example.org/x' }, xml('body', {}, 'hi')));
    expect(got).toHaveLength(2);
    expect(got[0]).toBe(got[1]);
    expect(got[0]?.envelope?.parts.body?.text).toBe('hi');
  });

  it('contains a failing handler to its stanza: logged, the next stanza is routed', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const router = new StanzaRouter(open);
    const handled: string[] = [];
    router.register({
      name: 'buggy',
      kind: 'message',
      priority: 1,
      handle: (_s, m) => {
        if (m.envelope?.id === 'bad') throw new TypeError('a bug on one stanza');
        handled.push(m.envelope?.id ?? '');
        return true;
      },
    });
    expect(() => router.route(session, xml('message', { id: 'bad' }))).not.toThrow();
    router.route(session, xml('message', { id: 'good' }));
    expect(handled).toEqual(['good']);
    expect(log).toHaveBeenCalledOnce();
  });

  it('rethrows a transient store failure, so the stanza stays unacknowledged', () => {
    const router = new StanzaRouter(open);
    const diskFull = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    router.register({
      name: 'store',
      kind: 'message',
      priority: 1,
      handle: () => {
        throw diskFull;
      },
    });
    expect(() => router.route(session, xml('message', { id: 'm' }))).toThrow(diskFull);
  });
});

describe("the account's routing order", () => {
  let temp: TempStore | null = null;
  afterEach(() => temp?.dispose());

  it('is history before rooms before bookmarks before presence before one-to-one', () => {
    temp = openTempStore();
    const record = temp.store.accounts.insert(newAccount('a', { jid: OWN }));
    const bus = new EventBus(true);
    const runtime = new AccountRuntime(
      {
        store: temp.store,
        bus,
        trustedCaPem: null,
        mamPageSize: 50,
        catchUpOverlapMs: 0,
        roomSelfPingMs: 60_000,
        transfers: new Transfers(temp.store, bus),
        files: {} as FilesConfig,
      },
      record,
      () => {},
    );
    expect(runtime.router.order('message')).toEqual([
      'blocked-senders',
      'archive-results',
      'room-messages',
      'avatar-metadata',
      'omemo-device-lists',
      'bookmark-notifications',
      'nick-notifications',
      'jingle-message',
      'one-to-one',
    ]);
    expect(runtime.router.order('presence')).toEqual([
      'avatar-photo-hash',
      'room-presence',
      'contact-presence',
    ]);
    expect(runtime.router.order('iq')).toEqual([
      'blocklist-push',
      'roster-push',
      // File sessions' Jingle iqs and their in-band bytestreams before the calls take the rest.
      'jingle-files',
      'ibb',
      'jingle',
      'service-iq',
    ]);
    expect(PRIORITY.history).toBeGreaterThan(PRIORITY.rooms);
  });
});
