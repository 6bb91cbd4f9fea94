import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xml, type Element, type Session } from '@parley/xmpp';
import { newAccount, openTempStore, type TempStore } from '../../../store/src/test-support.js';
import { EventBus } from '../event-bus.js';
import { testScope } from '../test-support/scope.js';
import type { AccountScope } from './account-scope.js';
import { MAX_PENDING_SUBSCRIPTIONS, PresenceHandler } from './presence-handler.js';
import { RosterSync } from './roster-sync.js';

const ACCOUNT = 'a';
const OWN = 'me@example.org';

let temp: TempStore;
let scope: AccountScope;
let handler: PresenceHandler;
let events: Array<{ name: string; payload: unknown }>;
const sent: Element[] = [];
const iqs: Element[] = [];
const session = {
  send: (el: Element) => {
    sent.push(el);
    return Promise.resolve();
  },
  iq: (el: Element) => {
    iqs.push(el);
    return Promise.resolve(xml('iq', { type: 'result' }));
  },
} as unknown as Session;

beforeEach(() => {
  temp = openTempStore();
  temp.store.accounts.insert(newAccount(ACCOUNT));
  const bus = new EventBus(true);
  events = [];
  sent.length = 0;
  iqs.length = 0;
  bus.subscribe((name, payload) => events.push({ name, payload }));
  scope = testScope(temp.store, ACCOUNT, OWN, bus);
  handler = new PresenceHandler(scope, new RosterSync(scope));
});
afterEach(() => temp.dispose());

function available(from: string): Element {
  return xml('presence', { from, to: OWN });
}

function subscribe(from: string, nick?: string): Element {
  return xml(
    'presence',
    { from, to: OWN, type: 'subscribe' },
    nick ? xml('nick', { xmlns: 'http://jabber.org/protocol/nick' }, nick) : null,
  );
}

describe('presence from strangers', () => {
  it('tracks presence of roster contacts only', () => {
    temp.store.contacts.upsert(ACCOUNT, {
      jid: 'friend@example.org',
      name: '',
      groups: [],
      subscription: 'both',
      askSubscribe: false,
    });
    for (let i = 0; i < 2_000; i++)
      handler.handleStanza(session, available(`s${i}@evil.example/r`));
    handler.handleStanza(session, available('friend@example.org/pc'));
    expect(scope.presence.contacts()).toEqual(['friend@example.org']);
    expect(scope.presence.best('friend@example.org').show).toBe('available');
  });
});

describe('subscription requests from strangers', () => {
  it('stores and announces a bounded number of open requests', () => {
    const total = MAX_PENDING_SUBSCRIPTIONS + 500;
    for (let i = 0; i < total; i++) handler.handleStanza(session, subscribe(`s${i}@evil.example`));
    expect(temp.store.pendingSubscriptions.count(ACCOUNT)).toBe(MAX_PENDING_SUBSCRIPTIONS);
    const requested = events.filter((e) => e.name === 'subscription.requested');
    expect(requested).toHaveLength(MAX_PENDING_SUBSCRIPTIONS);
  });

  it('announces a repeated request once', () => {
    for (let i = 0; i < 100; i++) handler.handleStanza(session, subscribe('s@evil.example'));
    expect(events.filter((e) => e.name === 'subscription.requested')).toHaveLength(1);
  });

  it('does not take the nickname a stranger announced as the roster name', async () => {
    handler.handleStanza(session, subscribe('s@evil.example', 'Boss'));
    expect(temp.store.pendingSubscriptions.list()[0]?.name).toBe('Boss'); // shown as a hint
    await handler.answer(session, 's@evil.example', true);
    const item = iqs[0]?.getChild('query')?.getChild('item');
    expect(item?.attrs.jid).toBe('s@evil.example');
    expect(item?.attrs.name).toBeUndefined();
    await handler.answer(session, 't@evil.example', true, 'Tom');
    expect(iqs[1]?.getChild('query')?.getChild('item')?.attrs.name).toBe('Tom');
  });
});
