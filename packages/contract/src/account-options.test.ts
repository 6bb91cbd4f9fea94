import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_COLORS,
  accountColor,
  accountOptionCommands,
  defaultAccountColor,
  proxyInput,
} from './account-options.js';

describe('account options in the contract', () => {
  it('derives a palette colour from the address, the same every time, and spreads them', () => {
    const jids = Array.from({ length: 200 }, (_, i) => `user${i}@example.org`);
    const colors = jids.map(defaultAccountColor);
    expect(colors.every((c) => c in ACCOUNT_COLORS)).toBe(true);
    expect(jids.map(defaultAccountColor)).toEqual(colors);
    // Not all one colour: every colour of the palette turns up among 200 addresses.
    expect(new Set(colors).size).toBe(accountColor.options.length);
  });

  it('accepts only RFC 6121 priorities and sensible proxies', () => {
    const set = accountOptionCommands['accounts.options.set'].request;
    expect(set.safeParse({ id: 'a', priority: 127 }).success).toBe(true);
    expect(set.safeParse({ id: 'a', priority: -128 }).success).toBe(true);
    expect(set.safeParse({ id: 'a', priority: 128 }).success).toBe(false);
    expect(set.safeParse({ id: 'a', priority: 1.5 }).success).toBe(false);
    expect(set.safeParse({ id: 'a', color: 'chartreuse' }).success).toBe(false);
    const proxy = { type: 'socks5', host: '127.0.0.1', port: 9050, username: null };
    expect(proxyInput.safeParse(proxy).success).toBe(true);
    expect(proxyInput.safeParse({ ...proxy, port: 0 }).success).toBe(false);
    expect(proxyInput.safeParse({ ...proxy, host: '  ' }).success).toBe(false);
    expect(proxyInput.safeParse({ ...proxy, type: 'socks4' }).success).toBe(false);
    const reorder = accountOptionCommands['accounts.reorder'].request;
    expect(reorder.safeParse({ ids: [] }).success).toBe(false);
  });
});
