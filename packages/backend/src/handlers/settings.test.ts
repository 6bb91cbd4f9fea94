import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newAccount, openTempStore, type TempStore } from '../../../store/src/test-support.js';
import { Accounts } from '../accounts.js';
import { dispatch } from '../dispatch.js';
import { EventBus } from '../event-bus.js';
import type { HandlerMap } from '../handler-types.js';
import type { RuntimeContext } from '../runtime/context.js';
import { settingsHandlers } from './settings.js';

let temp: TempStore;
let bus: EventBus;
let handlers: HandlerMap;
let events: Array<{ name: string; payload: unknown }>;

beforeEach(() => {
  temp = openTempStore();
  temp.store.accounts.insert(newAccount('a1'));
  bus = new EventBus();
  events = [];
  bus.subscribe((name, payload) => events.push({ name, payload }));
  const ctx = { store: temp.store, bus } as unknown as RuntimeContext;
  handlers = settingsHandlers(new Accounts(ctx), ctx) as unknown as HandlerMap;
});
afterEach(() => temp.dispose());

const call = (name: string, payload: unknown) => dispatch(handlers, name, payload);

describe('settings.get and settings.set', () => {
  it('answer the default, store a change, and announce it', async () => {
    expect(await call('settings.get', { key: 'sendChatStates', accountId: 'a1' })).toEqual({
      ok: true,
      value: { key: 'sendChatStates', accountId: 'a1', value: true },
    });
    expect(
      await call('settings.set', { key: 'autoDownloadBytes', accountId: 'a1', value: 0 }),
    ).toEqual({ ok: true, value: { key: 'autoDownloadBytes', accountId: 'a1', value: 0 } });
    expect(temp.store.settings.get('autoDownloadBytes', 'a1')).toBe(0);
    expect(events.map((e) => e.name)).toEqual(['settings.changed', 'account.changed']);
    expect(events[0]?.payload).toEqual({ key: 'autoDownloadBytes', accountId: 'a1', value: 0 });
    expect(events[1]?.payload).toMatchObject({ id: 'a1', autoDownloadBytes: 0 });
  });

  it('refuse a bad value with a typed error and change nothing', async () => {
    for (const value of [-1, 1.5, '5', null, undefined, Number.MAX_SAFE_INTEGER + 2]) {
      const result = await call('settings.set', {
        key: 'autoDownloadBytes',
        accountId: 'a1',
        value,
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    }
    const result = await call('settings.set', {
      key: 'sendChatStates',
      accountId: 'a1',
      value: 'no',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(temp.store.settings.get('autoDownloadBytes', 'a1')).toBe(5 * 1024 * 1024);
    expect(temp.store.settings.get('sendChatStates', 'a1')).toBe(true);
    expect(events).toEqual([]);
  });

  it('refuse an unknown key, a per-account key without an account, and an unknown account', async () => {
    expect(
      await call('settings.set', { key: 'wallpaper', accountId: null, value: 'dark' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await call('settings.get', { key: '__proto__', accountId: 'a1' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    });
    expect(await call('settings.set', { key: 'sendChatStates', value: false })).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload', message: expect.stringContaining('per account') },
    });
    expect(
      await call('settings.set', { key: 'sendChatStates', accountId: 'nobody', value: false }),
    ).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(events).toEqual([]);
  });

  it('keep an app-wide setting without an account, and refuse one named with an account', async () => {
    expect(await call('settings.get', { key: 'messageStyling' })).toEqual({
      ok: true,
      value: { key: 'messageStyling', accountId: null, value: true },
    });
    expect(
      await call('settings.set', { key: 'messageStyling', accountId: 'a1', value: false }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload', message: expect.stringContaining('app-wide') },
    });
    await call('settings.set', { key: 'messageStyling', value: false });
    expect(temp.store.settings.get('messageStyling', null)).toBe(false);
    expect(events.map((e) => e.name)).toEqual(['settings.changed']);
  });
});
