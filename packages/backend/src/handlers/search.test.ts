import type { SearchPage } from '@parley/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newAccount, openTempStore, type TempStore } from '../../../store/src/test-support.js';
import { createBackend, type Backend } from '../backend.js';

let temp: TempStore;
let backend: Backend;

beforeEach(() => {
  temp = openTempStore();
  temp.store.accounts.insert(newAccount('a1', { enabled: false }));
  backend = createBackend({ store: temp.store, validateEvents: true });
});
afterEach(async () => {
  await backend.stop();
  temp.dispose();
});

let clock = 1_700_000_000_000;
function add(body: string, peer = 'bob@example.org', id?: string): void {
  temp.store.messages.insert({
    ...(id ? { id } : {}),
    accountId: 'a1',
    peer,
    direction: 'in',
    body,
    timestamp: (clock += 1000),
    status: 'received',
  });
}

async function call(name: string, payload: unknown): Promise<unknown> {
  const result = await backend.handle(name, payload);
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value;
}

describe('messages.search', () => {
  it('answers hits with their conversation and highlight ranges', async () => {
    temp.store.conversations.ensure('a1', 'bob@example.org', null, 'chat');
    add('Lunch at the café?');
    add('unrelated');
    const page = (await call('messages.search', { text: 'CAFE' })) as SearchPage;
    expect(page.next).toBeNull();
    expect(page.hits).toHaveLength(1);
    const [hit] = page.hits;
    expect(hit?.conversation).toMatchObject({ accountId: 'a1', peer: 'bob@example.org' });
    expect(hit?.ranges).toEqual([{ start: 13, end: 17 }]);
    expect(hit?.message.body.slice(13, 17)).toBe('café');
  });

  it('never lets search text act as query syntax', async () => {
    add('a "quoted" word and NEAR(x) too');
    for (const text of ['"', 'NEAR(', 'x OR', '-', '*', '"quoted', 'word" OR "a']) {
      await expect(call('messages.search', { text }), text).resolves.toBeDefined();
    }
    const page = (await call('messages.search', { text: '"quoted"' })) as SearchPage;
    expect(page.hits).toHaveLength(1);
  });

  it('answers typed errors for bad input', async () => {
    await expect(call('messages.search', { text: '' })).rejects.toMatchObject({
      code: 'invalid-payload',
    });
    await expect(
      call('messages.search', { text: 'x', peer: 'bob@example.org' }),
    ).rejects.toMatchObject({ code: 'invalid-payload', message: /within its account/ });
    await expect(call('messages.search', { text: 'x', before: 'nope' })).rejects.toMatchObject({
      code: 'invalid-payload',
      message: /cursor/,
    });
    await expect(call('messages.search', { text: 'x', accountId: 'ghost' })).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(
      call('messages.search', { text: 'x', accountId: 'a1', peer: 'a@b@c' }),
    ).rejects.toMatchObject({ code: 'invalid-payload' });
  });

  it('searches one conversation', async () => {
    add('pear from bob', 'bob@example.org');
    add('pear from carol', 'carol@example.org');
    const page = (await call('messages.search', {
      text: 'pear',
      accountId: 'a1',
      peer: 'Bob@Example.org',
    })) as SearchPage;
    expect(page.hits.map((h) => h.message.body)).toEqual(['pear from bob']);
  });
});

describe('messages.context', () => {
  beforeEach(() => {
    for (let i = 0; i < 120; i++) add(`message ${i}`, 'bob@example.org', `m${i}`);
  });
  type Page = { messages: { id: string }[] };

  it('loads from the oldest shown message down to the one opened, with context', async () => {
    const page = (await call('messages.context', {
      accountId: 'a1',
      peer: 'bob@example.org',
      id: 'm30',
      before: 'm100',
      context: 5,
    })) as Page;
    const ids = page.messages.map((m) => m.id);
    expect(ids[0]).toBe('m25');
    expect(ids.at(-1)).toBe('m99');
    expect(ids).toHaveLength(75);
  });

  it('reaches from the newest when nothing is shown yet', async () => {
    const page = (await call('messages.context', {
      accountId: 'a1',
      peer: 'bob@example.org',
      id: 'm110',
      context: 0,
    })) as Page;
    expect(page.messages.map((m) => m.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `m${110 + i}`),
    );
  });

  it('fails with not-found for a message of another conversation', async () => {
    add('elsewhere', 'carol@example.org', 'c1');
    await expect(
      call('messages.context', { accountId: 'a1', peer: 'bob@example.org', id: 'c1' }),
    ).rejects.toMatchObject({ code: 'not-found' });
  });
});
