import type { Message } from '@parley/contract';
import { message as messageSchema } from '@parley/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newAccount, openTempStore, type TempStore } from '../test-support.js';
import type { NewMessage } from './messages.js';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
  t.store.accounts.insert(newAccount('a1'));
});
afterEach(() => t.dispose());

const base: NewMessage = {
  accountId: 'a1',
  peer: 'bob@example.org',
  direction: 'in',
  body: 'hi',
  timestamp: 1,
  status: 'received',
};

describe('messages: the OMEMO columns', () => {
  it('round-trip how a message was protected, and the contract accepts what is read', () => {
    const { message } = t.store.messages.insert({
      ...base,
      stanzaId: 's1',
      encryption: 'omemo2',
      senderDevice: 2 ** 31 - 1,
      trust: 'undecided',
    });
    const failed = t.store.messages.insert({
      ...base,
      stanzaId: 's2',
      body: '',
      encryption: 'omemo',
      senderDevice: 3,
      decryptError: 'not-for-this-device',
    }).message;
    expect(message).toMatchObject({
      encryption: 'omemo2',
      senderDevice: 2 ** 31 - 1,
      trust: 'undecided',
    });
    const read = t.store.messages.get('a1', message.id)!;
    expect(read).toEqual(message);
    expect(t.store.messages.get('a1', failed.id)).toMatchObject({
      body: '',
      encryption: 'omemo',
      decryptError: 'not-for-this-device',
    });
    expect(t.store.messages.get('a1', failed.id)).not.toHaveProperty('trust');
    for (const m of [read, t.store.messages.get('a1', failed.id)!]) {
      expect(messageSchema.safeParse(m).success).toBe(true);
    }
  });

  it('leave a plaintext message without the fields', () => {
    const { message } = t.store.messages.insert({ ...base, encryption: null, trust: null });
    const read = t.store.messages.get('a1', message.id)!;
    for (const field of ['encryption', 'senderDevice', 'trust', 'decryptError']) {
      expect(read).not.toHaveProperty(field);
    }
  });

  it('refuse values the contract does not know, storing nothing', () => {
    const bad: Partial<Message>[] = [
      { encryption: 'pgp' as 'omemo' },
      { senderDevice: 0 },
      { senderDevice: 2 ** 31 },
      { trust: 'maybe' as 'blind' },
      { decryptError: 'oops' as 'no-session' },
    ];
    for (const fields of bad) {
      expect(() => t.store.messages.insert({ ...base, ...fields })).toThrow(RangeError);
    }
    expect(t.store.messages.count('a1', 'bob@example.org')).toBe(0);
  });

  it('are checked by the contract schema', () => {
    const msg = { ...t.store.messages.insert(base).message };
    expect(messageSchema.safeParse({ ...msg, encryption: 'omemo', trust: 'blind' }).success).toBe(
      true,
    );
    expect(messageSchema.safeParse({ ...msg, encryption: 'otr' }).success).toBe(false);
    expect(messageSchema.safeParse({ ...msg, senderDevice: 1.5 }).success).toBe(false);
    expect(messageSchema.safeParse({ ...msg, decryptError: 'x' }).success).toBe(false);
  });
});
