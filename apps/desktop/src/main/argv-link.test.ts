import { describe, expect, it } from 'vitest';
import { xmppUriFromArgv } from './argv-link.js';

describe('xmppUriFromArgv', () => {
  it('finds the link among the arguments Windows and Linux start Parley with', () => {
    expect(
      xmppUriFromArgv([
        '/opt/Parley/parley',
        '--no-sandbox',
        'xmpp:lounge@conference.example.org?join',
      ]),
    ).toBe('xmpp:lounge@conference.example.org?join');
    expect(xmppUriFromArgv(['Parley.exe', 'XMPP:alice@example.org'])).toBe(
      'XMPP:alice@example.org',
    );
  });

  it('is null without one', () => {
    expect(xmppUriFromArgv(['parley', '--flag', 'https://example.org', 'mailto:a@b'])).toBeNull();
    expect(xmppUriFromArgv([])).toBeNull();
  });
});
