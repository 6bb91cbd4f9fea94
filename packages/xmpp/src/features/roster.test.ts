import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { jid, parseXml } from '../stanza.js';
import {
  buildRosterGet,
  buildRosterRemove,
  buildRosterSet,
  MAX_ROSTER_GROUPS,
  MAX_ROSTER_ITEMS,
  parseRosterPush,
  parseRosterResult,
} from './roster.js';

const own = jid('juliet@example.com');

describe('roster get', () => {
  it('builds a versioned and an unversioned get', () => {
    expect(buildRosterGet().toString()).toBe(
      '<iq type="get"><query xmlns="jabber:iq:roster"/></iq>',
    );
    expect(buildRosterGet('').toString()).toBe(
      '<iq type="get"><query xmlns="jabber:iq:roster" ver=""/></iq>',
    );
    expect(buildRosterGet('ver14').getChild('query')?.attrs.ver).toBe('ver14');
  });

  it('parses RFC 6121 example result', () => {
    const iq =
      parseXml(`<iq xmlns='jabber:client' id='bv1bs71f' to='juliet@example.com/chamber' type='result'>
      <query xmlns='jabber:iq:roster' ver='ver11'>
        <item jid='romeo@example.net' name='Romeo' subscription='both'><group>Friends</group></item>
        <item jid='mercutio@example.com' name='Mercutio' subscription='from'/>
        <item jid='Benvolio@Example.NET' name=' Benvolio ' subscription='none' ask='subscribe'>
          <group> Friends </group><group>Friends</group><group>  </group><group>Montagues</group>
        </item>
      </query></iq>`)!;
    expect(parseRosterResult(iq, own)).toEqual({
      version: 'ver11',
      items: [
        {
          jid: 'romeo@example.net',
          name: 'Romeo',
          groups: ['Friends'],
          subscription: 'both',
          askSubscribe: false,
        },
        {
          jid: 'mercutio@example.com',
          name: 'Mercutio',
          groups: [],
          subscription: 'from',
          askSubscribe: false,
        },
        {
          jid: 'benvolio@example.net',
          name: 'Benvolio',
          groups: ['Friends', 'Montagues'],
          subscription: 'none',
          askSubscribe: true,
        },
      ],
    });
  });

  it('keeps the cache (null) on an empty versioned result; an empty query is an empty roster', () => {
    expect(parseRosterResult(xml('iq', { type: 'result', id: 'a' }), own)).toBeNull();
    const empty = xml(
      'iq',
      { type: 'result' },
      xml('query', { xmlns: 'jabber:iq:roster', ver: 'v1' }),
    );
    expect(parseRosterResult(empty, own)).toEqual({ version: 'v1', items: [] });
  });

  it('skips invalid, full-JID, remove and duplicate items; defaults odd subscriptions to none', () => {
    const iq = xml(
      'iq',
      { type: 'result' },
      xml(
        'query',
        { xmlns: 'jabber:iq:roster' },
        xml('item', { jid: 'a@b@c' }),
        xml('item', {}),
        xml('item', { jid: 'romeo@example.net/orchard' }),
        xml('item', { jid: 'tybalt@example.com', subscription: 'remove' }),
        xml('item', { jid: 'nurse@example.com', subscription: 'bogus' }),
        xml('item', { jid: 'NURSE@example.com', name: 'dup' }),
        xml('item', { xmlns: 'urn:evil', jid: 'evil@example.com' }),
      ),
    );
    const result = parseRosterResult(iq, own);
    expect(result?.items).toEqual([
      { jid: 'nurse@example.com', name: '', groups: [], subscription: 'none', askSubscribe: false },
    ]);
  });

  it('caps names and group counts', () => {
    const groups = Array.from({ length: 150 }, (_, i) => xml('group', {}, `g${i}`));
    const iq = xml(
      'iq',
      { type: 'result' },
      xml(
        'query',
        { xmlns: 'jabber:iq:roster' },
        xml('item', { jid: 'a@b', name: 'n'.repeat(5000) }, groups),
      ),
    );
    const item = parseRosterResult(iq, own)?.items[0];
    expect(item?.name).toHaveLength(1024);
    expect(item?.groups).toHaveLength(MAX_ROSTER_GROUPS);
  });

  it('drops items past MAX_ROSTER_ITEMS', () => {
    const items = Array.from({ length: MAX_ROSTER_ITEMS + 50 }, (_, i) =>
      xml('item', { jid: `c${i}@example.org` }),
    );
    const iq = xml('iq', { type: 'result' }, xml('query', { xmlns: 'jabber:iq:roster' }, items));
    const result = parseRosterResult(iq, own);
    expect(result?.items).toHaveLength(MAX_ROSTER_ITEMS);
    expect(result?.items.at(-1)?.jid).toBe(`c${MAX_ROSTER_ITEMS - 1}@example.org`);
  });

  it('rejects results from others, wrong types and wrong namespaces', () => {
    const query = () => xml('query', { xmlns: 'jabber:iq:roster' }, xml('item', { jid: 'a@b' }));
    expect(
      parseRosterResult(xml('iq', { type: 'result', from: 'mallory@evil.com' }, query()), own),
    ).toBeNull();
    expect(
      parseRosterResult(xml('iq', { type: 'result', from: 'juliet@example.com/x' }, query()), own),
    ).toBeNull();
    expect(
      parseRosterResult(xml('iq', { type: 'result', from: 'juliet@example.com' }, query()), own)
        ?.items,
    ).toHaveLength(1);
    expect(parseRosterResult(xml('iq', { type: 'set' }, query()), own)).toBeNull();
    expect(
      parseRosterResult(
        xml('iq', { type: 'result' }, xml('query', { xmlns: 'jabber:iq:private' })),
        own,
      ),
    ).toBeNull();
    expect(parseRosterResult(xml('presence', { type: 'result' }), own)).toBeNull();
    expect(parseRosterResult(xml('iq', { type: 'result' }, query()), 'not a@jid@x')).toBeNull();
  });
});

describe('roster push', () => {
  const push = (attrs: Record<string, string>, ...items: ReturnType<typeof xml>[]) =>
    xml(
      'iq',
      { type: 'set', id: 'a78b4q6ha463', ...attrs },
      xml('query', { xmlns: 'jabber:iq:roster', ver: 'ver13' }, items),
    );

  it('accepts a push without from or from our bare JID', () => {
    const item = xml(
      'item',
      { jid: 'nurse@example.com', name: 'Nurse' },
      xml('group', {}, 'Servants'),
    );
    expect(parseRosterPush(push({}, item), own)).toEqual({
      version: 'ver13',
      removed: false,
      item: {
        jid: 'nurse@example.com',
        name: 'Nurse',
        groups: ['Servants'],
        subscription: 'none',
        askSubscribe: false,
      },
    });
    expect(
      parseRosterPush(push({ from: 'juliet@example.com' }, item), 'juliet@example.com'),
    ).toMatchObject({
      removed: false,
    });
  });

  it('reports removals', () => {
    const result = parseRosterPush(
      push({}, xml('item', { jid: 'nurse@example.com', subscription: 'remove' })),
      own,
    );
    expect(result).toEqual({
      version: 'ver13',
      removed: true,
      item: {
        jid: 'nurse@example.com',
        name: '',
        groups: [],
        subscription: 'none',
        askSubscribe: false,
      },
    });
  });

  it('rejects pushes from anyone else as forged (CVE-2015-8688)', () => {
    const item = xml('item', { jid: 'mallory@evil.com', subscription: 'both' });
    for (const from of [
      'mallory@evil.com',
      'juliet@example.com/balcony',
      'example.com',
      'juliet@evil.com',
      '@@',
    ]) {
      expect(parseRosterPush(push({ from }, item), own), from).toEqual({ rejected: 'forged' });
    }
  });

  it('rejects pushes without exactly one valid item as malformed', () => {
    expect(parseRosterPush(push({}), own)).toEqual({ rejected: 'malformed' });
    const two = push({}, xml('item', { jid: 'a@b' }), xml('item', { jid: 'c@d' }));
    expect(parseRosterPush(two, own)).toEqual({ rejected: 'malformed' });
    expect(parseRosterPush(push({}, xml('item', { jid: 'a@b/c' })), own)).toEqual({
      rejected: 'malformed',
    });
  });

  it('returns null for stanzas that are not roster pushes', () => {
    expect(
      parseRosterPush(xml('iq', { type: 'get' }, xml('query', { xmlns: 'jabber:iq:roster' })), own),
    ).toBeNull();
    expect(
      parseRosterPush(xml('iq', { type: 'set' }, xml('ping', { xmlns: 'urn:xmpp:ping' })), own),
    ).toBeNull();
    expect(parseRosterPush(xml('message', { type: 'set' }), own)).toBeNull();
  });
});

describe('roster set and remove', () => {
  it('builds a set with trimmed, deduplicated groups and a bare JID', () => {
    const iq = buildRosterSet({
      jid: 'Nurse@Example.com/x',
      name: ' Nurse ',
      groups: ['Servants', ' Servants', '', 'Kin'],
    });
    expect(iq.toString()).toBe(
      '<iq type="set"><query xmlns="jabber:iq:roster"><item jid="nurse@example.com" name="Nurse">' +
        '<group>Servants</group><group>Kin</group></item></query></iq>',
    );
  });

  it('round-trips through the push parser', () => {
    const set = buildRosterSet({
      jid: jid('romeo@example.net'),
      name: 'Romeo',
      groups: ['Friends'],
    });
    set.attrs.id = 'r1';
    expect(parseRosterPush(set, own)).toMatchObject({
      removed: false,
      item: { jid: 'romeo@example.net', name: 'Romeo', groups: ['Friends'] },
    });
    const removal = buildRosterRemove('romeo@example.net');
    expect(removal.toString()).toBe(
      '<iq type="set"><query xmlns="jabber:iq:roster"><item jid="romeo@example.net" subscription="remove"/></query></iq>',
    );
    expect(parseRosterPush(removal, own)).toMatchObject({
      removed: true,
      item: { jid: 'romeo@example.net' },
    });
  });

  it('omits an empty name and throws on an invalid address', () => {
    expect(buildRosterSet({ jid: 'a@b', name: '  ' }).toString()).toContain('<item jid="a@b"/>');
    expect(() => buildRosterSet({ jid: 'a@b@c' })).toThrow(TypeError);
  });
});
