import { describe, expect, it } from 'vitest';
import { parseInvitation } from './invites.js';

const ok = (text: string) => {
  const parsed = parseInvitation(text);
  if (!parsed.ok) throw new Error(`not parsed: ${parsed.problem}`);
  return parsed.invitation;
};
const problem = (text: string) => {
  const parsed = parseInvitation(text);
  return parsed.ok ? null : parsed.problem;
};

describe('invitation links', () => {
  it('reads a XEP-0379 contact invite that also allows registration', () => {
    expect(ok('xmpp:alice@example.org?roster;preauth=TOKEN;ibr=y')).toEqual({
      kind: 'contact',
      server: 'example.org',
      inviter: 'alice@example.org',
      username: null,
      token: 'TOKEN',
      canRegister: true,
    });
    expect(ok('xmpp:alice@example.org?roster;preauth=TOKEN').canRegister).toBe(false);
  });

  it('reads a XEP-0401 account invite, with or without a username', () => {
    expect(ok(' XMPP:Example.ORG?register;preauth=abc ')).toEqual({
      kind: 'account',
      server: 'example.org',
      inviter: null,
      username: null,
      token: 'abc',
      canRegister: true,
    });
    expect(ok('xmpp:juliet@example.org?register;preauth=abc').username).toBe('juliet');
  });

  it('decodes percent-encoding and ignores unknown parameters and the fragment', () => {
    const invite = ok('xmpp:caf%C3%A9@example.org?roster;x=1;preauth=a%2Bb%3D;name=Zo%C3%AB#top');
    expect(invite.inviter).toBe('café@example.org');
    expect(invite.token).toBe('a+b=');
  });

  it('says why a text is not an invitation', () => {
    expect(problem('https://example.org/invite/abc')).toBe('not-a-link');
    expect(problem('xmpp:alice@example.org')).toBe('not-an-invitation');
    expect(problem('xmpp:alice@example.org?message;body=hi')).toBe('not-an-invitation');
    expect(problem('xmpp:alice@example.org?roster;name=Alice')).toBe('not-an-invitation');
    expect(problem('xmpp:alice@example.org?roster;preauth=')).toBe('bad-token');
    expect(problem('xmpp:alice@example.org?roster;preauth=a%20b')).toBe('bad-token');
    expect(problem(`xmpp:example.org?register;preauth=${'x'.repeat(257)}`)).toBe('bad-token');
    expect(problem('xmpp:example.org?roster;preauth=abc')).toBe('bad-address');
    expect(problem('xmpp:alice@example.org/phone?roster;preauth=abc')).toBe('bad-address');
    expect(problem('xmpp:al%ZZice@example.org?roster;preauth=abc')).toBe('bad-address');
    expect(problem('xmpp:a<b@example.org?roster;preauth=abc')).toBe('bad-address');
  });
});
