import { parseXml, type Element } from '@parley/xmpp';
import { describe, expect, it } from 'vitest';
import type { AccountScope } from '../account-scope.js';
import { MAX_NICKS, NickBook } from './nick-book.js';
import { Profiles } from './profiles.js';

function el(text: string): Element {
  const parsed = parseXml(text);
  if (!parsed) throw new Error(`bad xml: ${text}`);
  return parsed;
}

const nickFrom = (from: string, nick: string) =>
  el(
    `<message from="${from}"><event xmlns="http://jabber.org/protocol/pubsub#event">` +
      `<items node="http://jabber.org/protocol/nick"><item id="current">` +
      `<nick xmlns="http://jabber.org/protocol/nick">${nick}</nick></item></items></event></message>`,
  );

function profiles() {
  const nicks = new NickBook();
  const changed: string[] = [];
  const scope = { ownJid: 'me@example.org', nicks } as unknown as AccountScope;
  return { nicks, changed, service: new Profiles(scope, (jid) => changed.push(jid)) };
}

describe('contact nicks', () => {
  it('takes a nick from the contact itself and tells the roster once', () => {
    const { nicks, changed, service } = profiles();
    expect(service.handleNick(nickFrom('bob@example.org', 'Bobby'))).toBe(true);
    expect(service.handleNick(nickFrom('bob@example.org', 'Bobby'))).toBe(true);
    expect(nicks.get('bob@example.org')).toBe('Bobby');
    expect(changed).toEqual(['bob@example.org']);
  });

  it('ignores a nick sent from a resource (not the PEP owner) and our own', () => {
    const { nicks, changed, service } = profiles();
    service.handleNick(nickFrom('bob@example.org/evil', 'Mallory'));
    service.handleNick(nickFrom('me@example.org', 'Me'));
    expect(nicks.get('bob@example.org')).toBeUndefined();
    expect(nicks.size).toBe(0);
    expect(changed).toEqual([]);
  });

  it('keeps at most MAX_NICKS, the oldest going first', () => {
    const book = new NickBook();
    for (let i = 0; i <= MAX_NICKS; i++) book.set(`u${i}@example.org`, `n${i}`);
    expect(book.size).toBe(MAX_NICKS);
    expect(book.get('u0@example.org')).toBeUndefined();
    expect(book.get(`u${MAX_NICKS}@example.org`)).toBe(`n${MAX_NICKS}`);
  });
});
