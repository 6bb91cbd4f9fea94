import { describe, expect, it } from 'vitest';
import type { Accounts } from './accounts.js';
import { parseAddress, parseBareAddress, parseServiceAddress } from './addresses.js';
import { HandlerError } from './handler-types.js';
import { conversationOf } from './handlers/messages.js';

const BAD = ['a@b@c', '@x', 'a@', 'a@b/', `${'x'.repeat(3000)}@example.org`, 'a@host:5222'];

function refusal(run: () => unknown): HandlerError | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof HandlerError) return error;
    throw error;
  }
}

describe('addresses from commands', () => {
  it('parses what is an address, normalised', () => {
    expect(parseAddress('Alice@Example.org/phone').toString()).toBe('alice@example.org/phone');
    expect(parseBareAddress('Alice@Example.org/phone')).toBe('alice@example.org');
    expect(parseServiceAddress('conference.example.org')).toBe('conference.example.org');
  });

  it('answers anything else with invalid-payload in words, never a TypeError', () => {
    for (const bad of BAD) {
      for (const parse of [parseAddress, parseBareAddress, parseServiceAddress]) {
        expect(
          refusal(() => parse(bad)),
          bad.slice(0, 20),
        ).toMatchObject({
          code: 'invalid-payload',
          message: expect.stringMatching(/^Not a valid address: "/),
        });
      }
    }
    expect(refusal(() => parseBareAddress('example.org'))?.code).toBe('invalid-payload');
    expect(refusal(() => parseServiceAddress('a@example.org'))?.code).toBe('invalid-payload');
  });

  it('conversationOf refuses a malformed peer before asking the rooms', () => {
    // No account is touched: the address is refused first (the accounts would throw if asked).
    const accounts = {
      runtime: () => {
        throw new Error('asked the accounts');
      },
    } as unknown as Accounts;
    for (const bad of BAD) {
      expect(refusal(() => conversationOf(accounts, 'a', bad))?.code, bad.slice(0, 20)).toBe(
        'invalid-payload',
      );
    }
  });
});
