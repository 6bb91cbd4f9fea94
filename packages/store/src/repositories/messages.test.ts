import type { MessageStatus } from '@parley/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreConflictError } from '../errors.js';
import { newAccount, openTempStore, type TempStore } from '../test-support.js';
import { canTransition } from './message-status.js';
import type { NewMessage } from './messages.js';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
  t.store.accounts.insert(newAccount('a1'));
  t.store.accounts.insert(newAccount('a2'));
});
afterEach(() => t.dispose());

const msg = (extra: Partial<NewMessage> = {}): NewMessage => ({
  accountId: 'a1',
  peer: 'bob@x',
  direction: 'in',
  body: 'hello',
  timestamp: 1000,
  status: 'received',
  ...extra,
});

describe('messages.insert', () => {
  it('assigns a UUID and defaults, and reads back equal', () => {
    const { inserted, message } = t.store.messages.insert(msg());
    expect(inserted).toBe(true);
    expect(message.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(message).toMatchObject({
      originId: null,
      stanzaId: null,
      resource: null,
      fromOtherDevice: false,
    });
    expect(t.store.messages.get('a1', message.id)).toEqual(message);
    expect(t.store.messages.get('a2', message.id)).toBeNull();
  });

  it('keeps a given id; a taken one is a conflict, but the same id in another account is fine', () => {
    t.store.messages.insert(msg({ id: 'm1', resource: 'phone', fromOtherDevice: true }));
    expect(t.store.messages.get('a1', 'm1')).toMatchObject({
      resource: 'phone',
      fromOtherDevice: true,
    });
    expect(() => t.store.messages.insert(msg({ id: 'm1', body: 'other' }))).toThrow(
      StoreConflictError,
    );
    expect(t.store.messages.insert(msg({ id: 'm1', accountId: 'a2' })).inserted).toBe(true);
  });

  it('dedupes on (account, peer, stanza-id)', () => {
    const first = t.store.messages.insert(msg({ stanzaId: 's1', body: 'one' }));
    const again = t.store.messages.insert(msg({ stanzaId: 's1', body: 'one (archive copy)' }));
    expect(again).toEqual({ inserted: false, message: first.message });
    // The same stanza-id elsewhere is a different message.
    expect(t.store.messages.insert(msg({ stanzaId: 's1', peer: 'carol@x' })).inserted).toBe(true);
    expect(t.store.messages.insert(msg({ stanzaId: 's1', accountId: 'a2' })).inserted).toBe(true);
    expect(t.store.messages.count('a1', 'bob@x')).toBe(1);
  });

  it('dedupes on origin-id and fills in the stanza-id the stored copy lacked', () => {
    const sent = t.store.messages.insert(
      msg({ direction: 'out', status: 'pending', originId: 'o1' }),
    ).message;
    const echo = t.store.messages.insert(
      msg({ direction: 'out', status: 'acked', originId: 'o1', stanzaId: 's9' }),
    );
    expect(echo.inserted).toBe(false);
    expect(echo.message).toEqual({ ...sent, stanzaId: 's9' });
    expect(t.store.messages.get('a1', sent.id)?.stanzaId).toBe('s9');
    // Now it is found by the stanza-id too; and a stored stanza-id is never replaced.
    expect(t.store.messages.insert(msg({ stanzaId: 's9' })).inserted).toBe(false);
    expect(t.store.messages.insert(msg({ originId: 'o1', stanzaId: 's10' })).message.stanzaId).toBe(
      's9',
    );
    expect(t.store.messages.count('a1', 'bob@x')).toBe(1);
  });

  it('does not fill in a stanza-id another message of the conversation already has', () => {
    t.store.messages.insert(msg({ stanzaId: 's1' }));
    const m = t.store.messages.insert(msg({ originId: 'o2' })).message;
    // Matched by origin-id first would be wrong here: the stanza-id match wins.
    const r = t.store.messages.insert(msg({ originId: 'o2', stanzaId: 's1' }));
    expect(r.inserted).toBe(false);
    expect(r.message.stanzaId).toBe('s1');
    expect(t.store.messages.setStanzaId('a1', m.id, 's1')).toBe(false);
    expect(t.store.messages.get('a1', m.id)?.stanzaId).toBeNull();
  });

  it('scopes origin-id dedupe to the conversation', () => {
    t.store.messages.insert(msg({ originId: 'o1' }));
    // Another sender reusing the id must not be able to suppress (or be merged into) it.
    expect(t.store.messages.insert(msg({ originId: 'o1', peer: 'mallory@x' })).inserted).toBe(true);
  });

  it('findByOriginId returns the newest match of the account', () => {
    const a = t.store.messages.insert(msg({ originId: 'o1' })).message;
    expect(t.store.messages.findByOriginId('a1', 'o1')).toEqual(a);
    const b = t.store.messages.insert(msg({ originId: 'o1', peer: 'carol@x' })).message;
    expect(t.store.messages.findByOriginId('a1', 'o1')).toEqual(b);
    expect(t.store.messages.findByOriginId('a2', 'o1')).toBeNull();
  });

  it('setStanzaId sets it on a known message only', () => {
    const m = t.store.messages.insert(msg({ direction: 'out', status: 'pending' })).message;
    expect(t.store.messages.setStanzaId('a1', m.id, 'srv-1')).toBe(true);
    expect(t.store.messages.get('a1', m.id)?.stanzaId).toBe('srv-1');
    expect(t.store.messages.setStanzaId('a1', 'unknown', 'srv-2')).toBe(false);
  });

  it('stores integer milliseconds', () => {
    expect(t.store.messages.insert(msg({ timestamp: 1234.6 })).message.timestamp).toBe(1235);
  });
});

describe('messages.updateStatus', () => {
  const ALL: MessageStatus[] = ['pending', 'sent', 'acked', 'delivered', 'received', 'failed'];
  const ALLOWED = new Set([
    'pending>sent',
    'pending>acked',
    'pending>delivered',
    'pending>failed',
    'sent>acked',
    'sent>delivered',
    'sent>failed',
    'acked>delivered',
    'acked>failed',
    'failed>pending',
    'failed>delivered',
  ]);

  it('follows the transition table exactly', () => {
    for (const from of ALL) {
      for (const to of ALL) {
        expect(canTransition(from, to), `${from}>${to}`).toBe(ALLOWED.has(`${from}>${to}`));
      }
    }
  });

  it('never downgrades a stored message', () => {
    const { id } = t.store.messages.insert(msg({ direction: 'out', status: 'pending' })).message;
    const status = () => t.store.messages.get('a1', id)?.status;
    expect(t.store.messages.updateStatus('a1', id, 'acked')).toBe(true);
    expect(t.store.messages.updateStatus('a1', id, 'sent')).toBe(false);
    expect(status()).toBe('acked');
    expect(t.store.messages.updateStatus('a1', id, 'delivered')).toBe(true);
    // Delivered is proof: no bounce undoes it.
    expect(t.store.messages.updateStatus('a1', id, 'failed')).toBe(false);
    expect(t.store.messages.updateStatus('a1', id, 'acked')).toBe(false);
    expect(t.store.messages.updateStatus('a1', id, 'delivered')).toBe(false);
    expect(status()).toBe('delivered');
    expect(t.store.messages.updateStatus('a1', 'unknown', 'sent')).toBe(false);
  });

  it('fails until delivered (a bounce can follow our server ack); a late ack keeps it failed', () => {
    const { id } = t.store.messages.insert(msg({ direction: 'out', status: 'acked' })).message;
    expect(t.store.messages.updateStatus('a1', id, 'failed')).toBe(true);
    expect(t.store.messages.get('a1', id)?.status).toBe('failed');
    expect(t.store.messages.updateStatus('a1', id, 'acked')).toBe(false);
    expect(t.store.messages.updateStatus('a1', id, 'pending')).toBe(true);
  });
});

describe('messages: oldest, outbox, count', () => {
  it('oldest is by timestamp, then insertion', () => {
    expect(t.store.messages.oldest('a1', 'bob@x')).toBeNull();
    t.store.messages.insert(msg({ id: 'late', timestamp: 50 }));
    t.store.messages.insert(msg({ id: 'early1', timestamp: 10 }));
    t.store.messages.insert(msg({ id: 'early2', timestamp: 10 }));
    expect(t.store.messages.oldest('a1', 'bob@x')?.id).toBe('early1');
  });

  it('outbox holds pending outgoing messages of the account, oldest first', () => {
    const out = (id: string, timestamp: number, status: MessageStatus, accountId = 'a1') =>
      t.store.messages.insert(
        msg({ id, accountId, direction: 'out', status, timestamp, peer: `${id}@x` }),
      );
    out('p2', 20, 'pending');
    out('p1', 10, 'pending');
    out('s', 5, 'sent');
    out('f', 5, 'failed');
    out('other', 1, 'pending', 'a2');
    t.store.messages.insert(msg({ id: 'in', status: 'pending' as MessageStatus, timestamp: 1 }));
    expect(t.store.messages.outbox('a1').map((m) => m.id)).toEqual(['p1', 'p2']);
    t.store.messages.updateStatus('a1', 'p1', 'sent');
    expect(t.store.messages.outbox('a1').map((m) => m.id)).toEqual(['p2']);
  });

  it('count is per conversation', () => {
    for (let i = 0; i < 3; i++) t.store.messages.insert(msg());
    t.store.messages.insert(msg({ peer: 'carol@x' }));
    expect(t.store.messages.count('a1', 'bob@x')).toBe(3);
    expect(t.store.messages.count('a1', 'nobody@x')).toBe(0);
  });
});
