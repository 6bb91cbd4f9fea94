import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../store.js';
import { newAccount, openTempStore, type TempStore } from '../test-support.js';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
  t.store.accounts.insert(newAccount('a1'));
  t.store.accounts.insert(newAccount('a2'));
});
afterEach(() => t.dispose());

describe('settings', () => {
  it('read the declared default until set; per account; survive a reopen', () => {
    expect(t.store.settings.get('sendChatStates', 'a1')).toBe(true);
    expect(t.store.settings.get('autoDownloadBytes', 'a1')).toBe(5 * 1024 * 1024);
    expect(t.store.settings.set('sendChatStates', 'a1', false)).toBe(false);
    expect(t.store.settings.set('autoDownloadBytes', 'a2', 0)).toBe(0);
    // Setting again replaces, never duplicates.
    expect(t.store.settings.set('autoDownloadBytes', 'a2', 1024)).toBe(1024);
    expect(t.store.settings.get('sendChatStates', 'a1')).toBe(false);
    expect(t.store.settings.get('sendChatStates', 'a2')).toBe(true);
    t.store.close();
    const again = openStore({ path: t.path, key: t.key });
    try {
      expect(again.settings.get('sendChatStates', 'a1')).toBe(false);
      expect(again.settings.get('autoDownloadBytes', 'a2')).toBe(1024);
    } finally {
      again.close();
    }
  });

  it('refuse a value that does not fit the schema, or the wrong scope, and keep the old one', () => {
    t.store.settings.set('autoDownloadBytes', 'a1', 1000);
    expect(() => t.store.settings.set('autoDownloadBytes', 'a1', -1)).toThrow(TypeError);
    expect(() => t.store.settings.set('autoDownloadBytes', 'a1', '5')).toThrow(TypeError);
    expect(() => t.store.settings.set('sendChatStates', 'a1', 'yes')).toThrow(TypeError);
    expect(() => t.store.settings.set('sendChatStates', null, false)).toThrow(/per account/);
    expect(t.store.settings.get('autoDownloadBytes', 'a1')).toBe(1000);
    expect(() => t.store.settings.set('sendChatStates', 'nobody', false)).toThrow(/FOREIGN KEY/);
  });

  it('go with their account', () => {
    t.store.settings.set('sendChatStates', 'a1', false);
    t.store.accounts.remove('a1');
    t.store.accounts.insert(newAccount('a1'));
    expect(t.store.settings.get('sendChatStates', 'a1')).toBe(true);
  });
});
