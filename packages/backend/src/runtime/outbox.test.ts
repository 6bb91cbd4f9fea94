import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '@parley/contract';
import { NS_CHAT_STATES, type Element } from '@parley/xmpp';
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
  it('carry <active/> while the account sends chat states (the default)', () => {
    expect(sendsChatStates(scope)).toBe(true);
    const m = message();
    expect(chatStates(outbox.route(m))).toEqual(['active']);
    expect(chatStates(routeOutgoing(noRooms, m, true))).toEqual(['active']);
  });

  it('carry none once the user turned them off', () => {
    temp.store.accounts.update('a', { sendChatStates: false });
    expect(sendsChatStates(scope)).toBe(false);
    const m = message();
    const stanza = outbox.route(m);
    expect(stanza?.getChildText('body')).toBe('hi');
    expect(chatStates(stanza)).toEqual([]);
    expect(chatStates(routeOutgoing(noRooms, m, false))).toEqual([]);
  });
});
