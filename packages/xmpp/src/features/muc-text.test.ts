import { describe, expect, it } from 'vitest';
import {
  describeRoomError,
  displayNick,
  isMentioned,
  roomErrorFromCondition,
  suggestNick,
} from './muc.js';

describe('roomErrorFromCondition', () => {
  it('maps XEP-0045 join errors to the contract codes', () => {
    const table: Record<string, string> = {
      conflict: 'nickname-in-use',
      'not-authorized': 'password-required',
      'registration-required': 'members-only',
      forbidden: 'banned',
      'item-not-found': 'not-found',
      'not-allowed': 'not-found',
      'remote-server-not-found': 'not-found',
      'service-unavailable': 'room-full',
      'jid-malformed': 'nickname-invalid',
      'not-acceptable': 'nickname-invalid',
      'remote-server-timeout': 'timeout',
      gone: 'destroyed',
      'undefined-condition': 'unknown',
      'internal-server-error': 'unknown',
      '': 'unknown',
    };
    for (const [condition, code] of Object.entries(table)) {
      expect(roomErrorFromCondition(condition), condition).toBe(code);
    }
    expect(roomErrorFromCondition('toString')).toBe('unknown');
  });
});

describe('describeRoomError', () => {
  it('gives a sentence, with the server text quoted and cleaned', () => {
    expect(describeRoomError('banned')).toBe('You are banned from this room.');
    expect(describeRoomError('room-full', 'Max 50')).toBe('The room is full. (“Max 50”)');
    const hostile = describeRoomError('unknown', `\u202E${'x'.repeat(5000)}\u0000`);
    expect(hostile).not.toMatch(/\u202E/);
    expect(hostile.includes('\u0000')).toBe(false);
    expect(hostile.length).toBeLessThan(400);
    expect(describeRoomError('unknown', '   ')).toBe('The room refused the request.');
  });
});

describe('suggestNick', () => {
  it('tries nick_, then numbers, skipping taken ones', () => {
    expect(suggestNick('romeo')).toBe('romeo_');
    const taken = new Set(['romeo_', 'romeo2', 'romeo3']);
    expect(suggestNick('romeo', (n) => taken.has(n))).toBe('romeo4');
    expect(suggestNick('romeo2')).toBe('romeo3');
    expect(suggestNick('42')).toBe('42_');
  });

  it('is bounded when everything is taken, and fits the resource limit', () => {
    let calls = 0;
    const result = suggestNick('x', () => (calls++, true));
    expect(calls).toBeLessThanOrEqual(100);
    expect(result).toMatch(/^x\d+$/);
    const long = suggestNick('é'.repeat(600));
    expect(new TextEncoder().encode(long).length).toBeLessThanOrEqual(1023);
    expect(suggestNick('')).toBe('_');
  });
});

describe('isMentioned', () => {
  it('does not take the "/me" of an action for a nick "me" (XEP-0245)', () => {
    expect(isMentioned('/me waves', 'me')).toBe(false);
    expect(isMentioned('/me waves at me', 'Me')).toBe(true);
  });

  it('matches whole words, case-insensitively', () => {
    expect(isMentioned('Hello Romeo!', 'romeo')).toBe(true);
    expect(isMentioned('romeo: there?', 'Romeo')).toBe(true);
    expect(isMentioned('@romeo', 'romeo')).toBe(true);
    expect(isMentioned('romeos are here', 'romeo')).toBe(false);
    expect(isMentioned('theromeo', 'romeo')).toBe(false);
    expect(isMentioned('romeo_2 said', 'romeo')).toBe(false);
    expect(isMentioned('Éloïse, viens', 'éloïse')).toBe(true);
    expect(isMentioned('Éloïsea', 'éloïse')).toBe(false);
    expect(isMentioned('anything', '')).toBe(false);
  });

  it('treats regex specials in the nick literally', () => {
    expect(isMentioned('ping [bot] now', '[bot]')).toBe(true);
    expect(isMentioned('ping b now', '[bot]')).toBe(false);
    expect(isMentioned('hi a.b', 'a.b')).toBe(true);
    expect(isMentioned('hi axb', 'a.b')).toBe(false);
    expect(isMentioned('ok (.*)+ yes', '(.*)+')).toBe(true);
    expect(isMentioned('a\\b', 'a\\b')).toBe(true);
    expect(isMentioned('x-y/z', 'x-y/z')).toBe(true);
  });

  it('is linear on long bodies', () => {
    const body = 'a'.repeat(100_000);
    expect(isMentioned(body, 'a'.repeat(50) + 'b')).toBe(false);
  });
});

describe('displayNick', () => {
  it('strips control and bidi characters', () => {
    expect(displayNick('evil\u202Egnp.exe')).toBe('evilgnp.exe');
    expect(displayNick('\u2066a\u2069\u200E\u200F\u061C\u202A\u202B\u202C\u202Db')).toBe('ab');
    expect(displayNick('tab\there\u0085\u009F\u007F')).toBe('tabhere');
    expect(displayNick('emoji 👩‍💻 ok')).toBe('emoji 👩‍💻 ok');
    expect(displayNick('\u202E\u0000')).toBe('\uFFFD');
  });

  it('caps at 64 characters with an ellipsis, without splitting surrogates', () => {
    const shown = displayNick('n'.repeat(10_000));
    expect(shown).toHaveLength(64);
    expect(shown.endsWith('…')).toBe(true);
    const emoji = displayNick('x' + '😀'.repeat(40));
    expect(emoji.endsWith('…')).toBe(true);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF]…$/);
    expect(displayNick('n'.repeat(64))).toBe('n'.repeat(64));
  });
});
