import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import {
  bareOf,
  buildIqResult,
  capText,
  childrenIn,
  formatDateTime,
  idAttr,
  isFromOwnAccount,
  jid,
  parseBareJid,
  parseDateTime,
  parseJid,
  parseXml,
  requireJid,
  stanzaChild,
  toJid,
} from './stanza.js';

describe('parseJid', () => {
  it('parses and normalizes valid addresses', () => {
    expect(parseJid('Juliet@Capulet.LIT/Balcony')?.toString()).toBe('juliet@capulet.lit/Balcony');
    expect(parseJid('capulet.lit')?.toString()).toBe('capulet.lit');
    expect(parseJid('romeo@montague.lit/a/b@c')?.resource).toBe('a/b@c');
    expect(parseJid('user@[::1]')?.domain).toBe('[::1]');
    expect(parseJid('juliet@capulet.lit/with space')?.resource).toBe('with space');
  });

  it('rejects what @xmpp/jid alone would accept or throw on', () => {
    for (const bad of [
      '',
      '@capulet.lit',
      'juliet@',
      'a@b@c',
      'juliet@capulet.lit/',
      '/resource',
      'juliet capulet@lit',
      'juliet@capu let.lit',
      'ju<liet@capulet.lit',
      'juliet@capulet.lit:5222',
      'juliet@.lit',
      'juliet@capulet..lit',
      'juliet@capulet.lit/\u0000',
      'jul\u0007iet@capulet.lit',
      `${'a'.repeat(1024)}@capulet.lit`,
      `juliet@capulet.lit/${'é'.repeat(600)}`,
      'x'.repeat(4000),
    ]) {
      expect(parseJid(bad), bad).toBeNull();
    }
    expect(parseJid(undefined)).toBeNull();
    expect(parseJid(42)).toBeNull();
  });

  it('compares through @xmpp/jid after normalization', () => {
    expect(parseJid('JULIET@capulet.lit')!.equals(jid('juliet@CAPULET.lit'))).toBe(true);
  });

  it('parseBareJid refuses resources', () => {
    expect(parseBareJid('juliet@capulet.lit')?.toString()).toBe('juliet@capulet.lit');
    expect(parseBareJid('juliet@capulet.lit/balcony')).toBeNull();
  });

  it('toJid / requireJid', () => {
    expect(toJid('a@b')?.toString()).toBe('a@b');
    expect(toJid('a@b@c')).toBeNull();
    const j = jid('a@b');
    expect(toJid(j)).toBe(j);
    expect(() => requireJid('a@b@c')).toThrow(TypeError);
  });

  it('isFromOwnAccount: absent or exactly the own bare JID', () => {
    const own = jid('juliet@capulet.lit');
    expect(isFromOwnAccount(undefined, own)).toBe(true);
    expect(isFromOwnAccount('Juliet@capulet.lit', own)).toBe(true);
    expect(isFromOwnAccount('juliet@capulet.lit/balcony', own)).toBe(false);
    expect(isFromOwnAccount('capulet.lit', own)).toBe(false);
    expect(isFromOwnAccount('romeo@montague.lit', own)).toBe(false);
    expect(isFromOwnAccount('', own)).toBe(false);
  });
});

describe('bareOf', () => {
  it('is the bare address as text, what bare().toString() gives', () => {
    for (const text of [
      'Alice@Example.COM/Phone',
      'room@muc.example/nick with/slash',
      'example.com/r',
      'a\\20b@x',
    ]) {
      const jid = parseJid(text)!;
      expect(bareOf(jid)).toBe(jid.bare().toString());
    }
    expect(bareOf(parseJid('Alice@Example.COM/Phone')!)).toBe('alice@example.com');
    expect(bareOf(parseJid('example.com')!)).toBe('example.com');
  });
});

describe('text helpers', () => {
  it('capText never splits a surrogate pair', () => {
    expect(capText('abc', 5)).toBe('abc');
    expect(capText('abcdef', 3)).toBe('abc');
    expect(capText('ab😀', 3)).toBe('ab');
    expect(capText('ab😀c', 4)).toBe('ab😀');
  });

  it('idAttr drops empty and oversized ids', () => {
    expect(idAttr(xml('m', { id: 'x1' }), 'id')).toBe('x1');
    expect(idAttr(xml('m', { id: '' }), 'id')).toBeNull();
    expect(idAttr(xml('m', { id: 'x'.repeat(257) }), 'id')).toBeNull();
    expect(idAttr(xml('m'), 'id')).toBeNull();
  });
});

describe('namespaces', () => {
  it('childrenIn matches namespaces exactly, inherited ones included', () => {
    const el = parseXml(
      "<message xmlns='jabber:client'><body>a</body><body xmlns='urn:evil'>b</body><x:c xmlns:x='urn:c'/></message>",
    )!;
    expect(childrenIn(el, 'body', 'jabber:client').map((b) => b.getText())).toEqual(['a']);
    expect(childrenIn(el, 'c', 'urn:c')).toHaveLength(1);
    expect(childrenIn(el, 'body', undefined)).toHaveLength(0);
  });

  it('stanzaChild prefers the body without xml:lang, else the stanza language', () => {
    const el = parseXml(
      "<message xmlns='jabber:client' xml:lang='en'><body xml:lang='de'>Hallo</body><body>Hello</body></message>",
    )!;
    expect(stanzaChild(el, 'body')?.getText()).toBe('Hello');
    const only = parseXml(
      "<message xmlns='jabber:client'><body xml:lang='de'>Hallo</body></message>",
    )!;
    expect(stanzaChild(only, 'body')?.getText()).toBe('Hallo');
  });
});

describe('XEP-0082 date-times', () => {
  it('parses the profiles servers send', () => {
    expect(parseDateTime('2002-09-10T23:08:25Z')).toBe(Date.UTC(2002, 8, 10, 23, 8, 25));
    expect(parseDateTime('2002-09-10T23:08:25.123Z')).toBe(Date.UTC(2002, 8, 10, 23, 8, 25, 123));
    expect(parseDateTime('2002-09-10T23:08:25.123456Z')).toBe(
      Date.UTC(2002, 8, 10, 23, 8, 25, 123),
    );
    expect(parseDateTime('2002-09-10T23:08:25-05:00')).toBe(Date.UTC(2002, 8, 11, 4, 8, 25));
  });

  it('rejects garbage', () => {
    for (const bad of [
      'yesterday',
      '2002-09-10',
      '2002-09-10T23:08:25',
      '2002-13-10T23:08:25Z',
      '2023-02-31T00:00:00Z',
      '2002-09-10T25:08:25Z',
      '1969-12-31T23:59:59Z',
      '20020910T23:08:25',
      ' 2002-09-10T23:08:25Z',
      '2002-09-10T23:08:25Z'.padEnd(60, '0'),
    ]) {
      expect(parseDateTime(bad), bad).toBeNull();
    }
    expect(parseDateTime(undefined)).toBeNull();
  });

  it('round-trips formatDateTime', () => {
    const ms = Date.UTC(2024, 0, 2, 3, 4, 5, 678);
    expect(formatDateTime(ms)).toBe('2024-01-02T03:04:05.678Z');
    expect(parseDateTime(formatDateTime(ms))).toBe(ms);
  });
});

describe('parseXml and iq replies', () => {
  it('returns null on malformed XML', () => {
    expect(parseXml('<a><b></a>')).toBeNull();
    expect(parseXml('not xml')).toBeNull();
  });

  it('buildIqResult answers get/set only', () => {
    const get = xml(
      'iq',
      { type: 'get', id: 'q1', from: 'capulet.lit' },
      xml('x', { xmlns: 'urn:x' }),
    );
    expect(buildIqResult(get)?.toString()).toBe('<iq type="result" to="capulet.lit" id="q1"/>');
    expect(buildIqResult(xml('iq', { type: 'get', id: 'q2' }))?.attrs.to).toBeUndefined();
    expect(buildIqResult(xml('iq', { type: 'result', id: 'q3' }))).toBeNull();
    expect(buildIqResult(xml('iq', { type: 'get' }))).toBeNull();
  });
});
