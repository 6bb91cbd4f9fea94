import { describe, expect, it } from 'vitest';
import { jid, parseXml } from '../stanza.js';
import {
  MAX_BLOCKLIST,
  blockedBy,
  buildBlock,
  buildBlocklistGet,
  buildUnblock,
  isBlockedError,
  parseBlocklistPush,
  parseBlocklistResult,
} from './blocking.js';

const own = jid('juliet@capulet.com');
const iq = (text: string) => parseXml(text)!;

describe('XEP-0191 blocklist', () => {
  it('builds the get, block and unblock requests of the XEP', () => {
    expect(buildBlocklistGet().toString()).toBe(
      '<iq type="get"><blocklist xmlns="urn:xmpp:blocking"/></iq>',
    );
    expect(buildBlock(['Romeo@Montague.net', 'spam.example']).toString()).toBe(
      '<iq type="set"><block xmlns="urn:xmpp:blocking"><item jid="romeo@montague.net"/>' +
        '<item jid="spam.example"/></block></iq>',
    );
    expect(buildUnblock(['romeo@montague.net/orchard']).toString()).toBe(
      '<iq type="set"><unblock xmlns="urn:xmpp:blocking"><item jid="romeo@montague.net/orchard"/></unblock></iq>',
    );
    // §3.5: unblock everyone.
    expect(buildUnblock([]).toString()).toBe(
      '<iq type="set"><unblock xmlns="urn:xmpp:blocking"/></iq>',
    );
    expect(() => buildBlock([])).toThrow(TypeError);
    expect(() => buildBlock(['not an address'])).toThrow(TypeError);
  });

  it('parses the list from our own account only, normalized, deduplicated and bounded', () => {
    const result = iq(`<iq type='result' id='b1'><blocklist xmlns='urn:xmpp:blocking'>
      <item jid='Romeo@Montague.net'/><item jid='romeo@montague.net'/><item jid='a@b@c'/>
      <item jid='spam.example'/><item/><other jid='x@y.z'/></blocklist></iq>`);
    expect(parseBlocklistResult(result, own)).toEqual(['romeo@montague.net', 'spam.example']);
    const forged = iq(`<iq type='result' from='mallory@evil.example' id='b1'>
      <blocklist xmlns='urn:xmpp:blocking'><item jid='romeo@montague.net'/></blocklist></iq>`);
    expect(parseBlocklistResult(forged, own)).toBeNull();
    const wrongNs = iq(`<iq type='result'><blocklist xmlns='urn:xmpp:blocking:0'/></iq>`);
    expect(parseBlocklistResult(wrongNs, own)).toBeNull();
    const huge = iq(
      `<iq type='result'><blocklist xmlns='urn:xmpp:blocking'>${Array.from(
        { length: MAX_BLOCKLIST + 50 },
        (_, i) => `<item jid='u${i}@spam.example'/>`,
      ).join('')}</blocklist></iq>`,
    );
    expect(parseBlocklistResult(huge, own)).toHaveLength(MAX_BLOCKLIST);
  });

  it('parses pushes from our server and refuses them from anyone else', () => {
    const block = iq(`<iq type='set' to='juliet@capulet.com/chamber' id='push1'>
      <block xmlns='urn:xmpp:blocking'><item jid='romeo@montague.net'/></block></iq>`);
    expect(parseBlocklistPush(block, own)).toEqual({ kind: 'block', jids: ['romeo@montague.net'] });
    const fromSelf = iq(`<iq type='set' from='juliet@capulet.com' id='push2'>
      <unblock xmlns='urn:xmpp:blocking'><item jid='romeo@montague.net'/></unblock></iq>`);
    expect(parseBlocklistPush(fromSelf, own)).toEqual({
      kind: 'unblock',
      jids: ['romeo@montague.net'],
    });
    const all = iq(`<iq type='set' id='push3'><unblock xmlns='urn:xmpp:blocking'/></iq>`);
    expect(parseBlocklistPush(all, own)).toEqual({ kind: 'unblock-all' });
    const forged = iq(`<iq type='set' from='romeo@montague.net/x' id='push4'>
      <unblock xmlns='urn:xmpp:blocking'/></iq>`);
    expect(parseBlocklistPush(forged, own)).toEqual({ rejected: 'forged' });
    const otherResource = iq(`<iq type='set' from='juliet@capulet.com/balcony' id='push5'>
      <block xmlns='urn:xmpp:blocking'><item jid='x@y.z'/></block></iq>`);
    expect(parseBlocklistPush(otherResource, own)).toEqual({ rejected: 'forged' });
    const empty = iq(
      `<iq type='set' id='push6'><block xmlns='urn:xmpp:blocking'><item jid='@'/></block></iq>`,
    );
    expect(parseBlocklistPush(empty, own)).toEqual({ rejected: 'malformed' });
    const roster = iq(`<iq type='set' id='r'><query xmlns='jabber:iq:roster'/></iq>`);
    expect(parseBlocklistPush(roster, own)).toBeNull();
  });

  it('recognises the error of a stanza sent to someone we block', () => {
    const bounce =
      iq(`<message xmlns='jabber:client' type='error' from='romeo@montague.net' id='m1'>
      <error type='cancel'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
      <blocked xmlns='urn:xmpp:blocking:errors'/></error></message>`);
    expect(isBlockedError(bounce)).toBe(true);
    const other = iq(`<message xmlns='jabber:client' type='error' from='romeo@montague.net' id='m1'>
      <error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>`);
    expect(isBlockedError(other)).toBe(false);
  });

  it('matches addresses as the server does: exact, bare, or the whole domain', () => {
    const list = new Set(['romeo@montague.net', 'spam.example', 'tybalt@capulet.com/sword']);
    const has = (entry: string) => list.has(entry);
    expect(blockedBy(jid('romeo@montague.net/orchard'), has)).toBe(true);
    expect(blockedBy(jid('romeo@montague.net'), has)).toBe(true);
    expect(blockedBy(jid('anyone@spam.example/x'), has)).toBe(true);
    expect(blockedBy(jid('spam.example'), has)).toBe(true);
    expect(blockedBy(jid('tybalt@capulet.com/sword'), has)).toBe(true);
    expect(blockedBy(jid('tybalt@capulet.com/home'), has)).toBe(false);
    expect(blockedBy(jid('benvolio@montague.net'), has)).toBe(false);
    expect(blockedBy(jid('montague.net'), has)).toBe(false);
  });
});
