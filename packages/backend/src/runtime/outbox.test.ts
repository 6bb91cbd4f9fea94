import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '@parley/contract';
import { NS_CHAT_STATES, xml, type Element, type Session } from '@parley/xmpp';
import { newAccount, openTempStore, type TempStore } from '../../../store/src/test-support.js';
import { testScope } from '../test-support/scope.js';
import type { AccountScope } from './account-scope.js';
import { MessagePipeline } from './message-pipeline.js';
import { Outbox, sendsChatStates } from './outbox.js';
import type { Rooms } from './rooms/rooms.js';
import { routeOutgoing } from './rooms/route-outgoing.js';

let temp: TempStore;
let scope: AccountScope;
let outbox: Outbox;

beforeEach(() => {
  temp = openTempStore();
  temp.store.accounts.insert(newAccount('a'));
  scope = testScope(temp.store, 'a', 'a@example.org');
  outbox = new Outbox(scope, new MessagePipeline(scope));
});
afterEach(() => temp.dispose());

const message = (): Message => outbox.queue('bob@example.org', 'hi', null);
const chatStates = (stanza: Element | null): string[] =>
  (stanza?.children ?? [])
    .filter((c): c is Element => typeof c !== 'string' && c.getNS() === NS_CHAT_STATES)
    .map((c) => c.getName());
/** No rooms at all: every peer is a contact. */
const noRooms = { isRoom: () => false, live: new Map() } as unknown as Rooms;

describe('chat states on outgoing messages', () => {
  it('carry <active/> while the account sends chat states (the default)', async () => {
    expect(sendsChatStates(scope)).toBe(true);
    const m = message();
    expect(chatStates(await outbox.stanzaFor(m))).toEqual(['active']);
    outbox.route = (stored) => routeOutgoing(noRooms, stored);
    expect(chatStates(await outbox.stanzaFor(m))).toEqual(['active']);
  });

  it('carry none once the user turned them off', async () => {
    temp.store.settings.set('sendChatStates', 'a', false);
    expect(sendsChatStates(scope)).toBe(false);
    const m = message();
    const stanza = await outbox.stanzaFor(m);
    expect(stanza?.getChildText('body')).toBe('hi');
    expect(chatStates(stanza)).toEqual([]);
    outbox.route = (stored) => routeOutgoing(noRooms, stored);
    expect(chatStates(await outbox.stanzaFor(m))).toEqual([]);
  });
});

describe('chat states on outgoing files', () => {
  const attachment = {
    url: 'https://up.example/f/cat.png',
    name: 'cat.png',
    size: 1234,
    mediaType: 'image/png',
    sha256: 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=',
  };
  const fileMessage = (): Message =>
    outbox.queue('bob@example.org', attachment.url, null, 'chat', attachment);

  it('a one-to-one file carries no <active/> once the user turned chat states off', async () => {
    temp.store.settings.set('sendChatStates', 'a', false);
    outbox.route = (stored) => routeOutgoing(noRooms, stored);
    const stanza = await outbox.stanzaFor(fileMessage());
    expect(stanza?.getChild('file-sharing', 'urn:xmpp:sfs:0')).toBeDefined();
    expect(chatStates(stanza)).toEqual([]);
  });

  it('and carries <active/> while they are on', async () => {
    outbox.route = (stored) => routeOutgoing(noRooms, stored);
    expect(chatStates(await outbox.stanzaFor(fileMessage()))).toEqual(['active']);
  });
});

describe('the encryption seam of the outbox', () => {
  it('what is sent is the built stanza after the transforms', async () => {
    const sent: Element[] = [];
    const session = {
      state: 'online',
      sendTracked: (stanza: Element) => {
        sent.push(stanza);
        return new Promise<'acked'>(() => {});
      },
    } as unknown as Session;
    const seen: string[] = [];
    outbox.outgoing.addTransform('encrypt', (stanza) => {
      // Built already: the body and every section's element are there to be encrypted.
      seen.push(...stanza.getChildElements().map((c) => c.getName()));
      return xml('message', stanza.attrs, xml('encrypted', { xmlns: 'urn:test:e2e' }));
    });
    outbox.queue('bob@example.org', 'secret', session);
    expect(seen).toEqual(['body', 'origin-id', 'request', 'markable', 'active', 'store']);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.getChild('body')).toBeUndefined();
    expect(sent[0]?.getChild('encrypted', 'urn:test:e2e')).toBeDefined();
  });
});

describe('a message sent again after a lost session', () => {
  it('goes as the stanza it first went out as: encrypted once, not anew', async () => {
    const sessionAt = (epoch: number, sent: Element[], outcome: () => Promise<'acked'>) =>
      ({
        state: 'online',
        epoch,
        sendTracked: (stanza: Element) => {
          sent.push(stanza);
          return outcome();
        },
      }) as unknown as Session;
    let encryptions = 0;
    outbox.outgoing.addTransform('encrypt', (stanza) => {
      // Each run spends a ratchet step the peer must skip if it never decrypts the result.
      encryptions++;
      return xml(
        'message',
        stanza.attrs,
        xml('encrypted', { xmlns: 'urn:test:e2e' }, `step ${encryptions}`),
      );
    });
    const first: Element[] = [];
    outbox.queue(
      'bob@example.org',
      'secret',
      sessionAt(1, first, () => Promise.reject(new Error('lost'))),
    );
    await new Promise((r) => setImmediate(r));
    const second: Element[] = [];
    let ack: (value: 'acked') => void = () => {};
    outbox.flush(sessionAt(2, second, () => new Promise((resolve) => (ack = resolve))));
    await new Promise((r) => setImmediate(r));
    expect(encryptions).toBe(1);
    expect(second).toHaveLength(1);
    expect(second[0]?.toString()).toBe(first[0]?.toString());
    expect(second[0]).not.toBe(first[0]);
    // Once acked it is forgotten: a later message is encrypted for itself.
    ack('acked');
    await new Promise((r) => setImmediate(r));
    outbox.queue(
      'bob@example.org',
      'next',
      sessionAt(2, second, () => new Promise(() => {})),
    );
    expect(encryptions).toBe(2);
  });
});

describe('order of outgoing messages', () => {
  /** A session whose sends are recorded and settled by the test. */
  function fakeSession(epoch = 0) {
    const sent: Array<{ body: string; settle: (ok: boolean) => void }> = [];
    const session = {
      state: 'online',
      epoch,
      sendTracked: (stanza: Element) =>
        new Promise<'acked'>((resolve, reject) => {
          const body = stanza.getChildText('body') ?? '';
          sent.push({ body, settle: (ok) => (ok ? resolve('acked') : reject(new Error('lost'))) });
        }),
    };
    return { session: session as unknown as Session, sent };
  }
  const settle = () => new Promise((r) => setImmediate(r));

  it('a message written after a lost one goes after it, not before', async () => {
    const first = fakeSession();
    outbox.queue('bob@example.org', 'one', first.session);
    expect(first.sent.map((s) => s.body)).toEqual(['one']);
    // The session is replaced before the server acked 'one': it is pending again.
    first.sent[0]?.settle(false);
    await settle();
    const second = fakeSession();
    // The user writes before the new session's login sync has flushed the outbox.
    outbox.queue('bob@example.org', 'two', second.session);
    outbox.flush(second.session);
    expect(second.sent.map((s) => s.body)).toEqual(['one', 'two']);
  });

  it('messages written offline go out oldest first, before a new one', async () => {
    outbox.queue('bob@example.org', 'a', null);
    outbox.queue('bob@example.org', 'b', null);
    const online = fakeSession();
    outbox.queue('bob@example.org', 'c', online.session);
    expect(online.sent.map((s) => s.body)).toEqual(['a', 'b', 'c']);
    online.sent.forEach((s) => s.settle(true));
    await settle();
    expect(temp.store.messages.outbox('a')).toEqual([]);
  });

  it('a flush on a new server-side session resends what was in flight on the dead one, before anything newer, once', async () => {
    const first = fakeSession(1);
    outbox.queue('bob@example.org', 'one', first.session);
    // A fresh session replaced the first one; the first one's outcome for 'one' has not
    // arrived yet. The login sync flushes, then the user writes 'two'.
    const second = fakeSession(2);
    outbox.flush(second.session);
    outbox.queue('bob@example.org', 'two', second.session);
    expect(second.sent.map((s) => s.body)).toEqual(['one', 'two']);
    // The dead session's late failure changes nothing: no second resend, no backlog.
    first.sent[0]?.settle(false);
    await settle();
    outbox.queue('bob@example.org', 'three', second.session);
    expect(second.sent.map((s) => s.body)).toEqual(['one', 'two', 'three']);
    second.sent.forEach((s) => s.settle(true));
    await settle();
    expect(temp.store.messages.outbox('a')).toEqual([]);
  });

  it('a resumed session keeps what is in flight on it: no second copy', () => {
    const session = fakeSession(1);
    outbox.queue('bob@example.org', 'one', session.session);
    // Resumed (same server-side session): the session resends 'one' itself.
    outbox.flush(session.session);
    expect(session.sent.map((s) => s.body)).toEqual(['one']);
  });
});
