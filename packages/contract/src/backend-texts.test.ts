import { describe, expect, it } from 'vitest';
import { backendText, englishText } from './backend-texts.js';
import { commandError, message } from './domain.js';

describe('backend texts in the contract', () => {
  it('accepts an id with parameters, a condition and the server’s text', () => {
    const text = {
      id: 'login.refused',
      params: { jid: 'a@example.org', reason: 'account-disabled' },
      condition: 'not-allowed',
      serverText: 'Closed for maintenance',
      saidBy: 'server',
    };
    expect(backendText.parse(text)).toEqual(text);
    expect(englishText(backendText.parse(text))).toBe(
      'The server refused the login for a@example.org (account-disabled) The server said: “Closed for maintenance”',
    );
  });

  it('refuses unknown ids, unknown conditions and too many or odd parameters', () => {
    expect(backendText.safeParse({ id: 'no.such-text' }).success).toBe(false);
    expect(backendText.safeParse({ id: 'room.refused', condition: 'teapot' }).success).toBe(false);
    const many = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`p${i}`, 'x']));
    expect(backendText.safeParse({ id: 'room.refused', params: many }).success).toBe(false);
    expect(backendText.safeParse({ id: 'room.refused', params: { __proto__x: 1 } }).success).toBe(
      false,
    );
  });

  it('still accepts the older shapes: an error without a text, a failed message with words only', () => {
    expect(commandError.parse({ code: 'failed', message: 'x' })).toEqual({
      code: 'failed',
      message: 'x',
    });
    const old = {
      id: 'm1',
      accountId: 'a1',
      peer: 'bob@example.org',
      direction: 'out',
      body: 'hi',
      timestamp: 1,
      status: 'failed',
      originId: null,
      stanzaId: null,
      resource: null,
      fromOtherDevice: false,
      attachment: null,
      error: 'The recipient is not available.',
    };
    expect(message.parse(old).error).toBe('The recipient is not available.');
  });
});
