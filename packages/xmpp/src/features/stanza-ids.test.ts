import { describe, expect, it } from 'vitest';
import { jid, parseXml, xml } from '../stanza.js';
import { MAX_STANZA_IDS, parseOriginId, parseStanzaIds, stanzaIdBy } from './stanza-ids.js';

describe('parseStanzaIds', () => {
  it('reads ids with a valid by, normalized, and skips foreign namespaces and bad ones', () => {
    const stanza = parseXml(`<message xmlns='jabber:client'>
      <stanza-id xmlns='urn:xmpp:sid:0' id='a1' by='Juliet@Capulet.lit'/>
      <stanza-id xmlns='urn:xmpp:sid:0' id='no-by'/>
      <stanza-id xmlns='urn:xmpp:sid:0' id='bad-by' by='a@b@c'/>
      <stanza-id xmlns='urn:xmpp:sid:0' id='${'x'.repeat(300)}' by='capulet.lit'/>
      <stanza-id xmlns='urn:xmpp:sid:1' id='other-ns' by='capulet.lit'/>
      <stanza-id xmlns='urn:xmpp:sid:0' id='room' by='room@muc.capulet.lit'/>
    </message>`)!;
    expect(parseStanzaIds(stanza)).toEqual([
      { id: 'a1', by: 'juliet@capulet.lit' },
      { id: 'room', by: 'room@muc.capulet.lit' },
    ]);
  });

  it('looks at no more than MAX_STANZA_IDS of a hostile flood', () => {
    const ids = Array.from({ length: 1_000 }, (_, i) =>
      xml('stanza-id', { xmlns: 'urn:xmpp:sid:0', id: `s${i}`, by: 'capulet.lit' }),
    );
    expect(parseStanzaIds(xml('message', {}, ...ids))).toHaveLength(MAX_STANZA_IDS);
  });
});

describe('parseOriginId', () => {
  it('reads the origin-id in its namespace only', () => {
    const origin = (ns: string, id: string) =>
      xml('message', {}, xml('origin-id', { xmlns: ns, id }));
    expect(parseOriginId(origin('urn:xmpp:sid:0', 'o1'))).toBe('o1');
    expect(parseOriginId(origin('urn:xmpp:sid:1', 'o1'))).toBeNull();
    expect(parseOriginId(origin('urn:xmpp:sid:0', ''))).toBeNull();
    expect(parseOriginId(xml('message'))).toBeNull();
  });
});

describe('stanzaIdBy', () => {
  const msg = (ids: Array<{ id: string; by: string }>) => ({ stanzaIds: ids });

  it('picks the id assigned by our own archive only', () => {
    const ids = [
      { id: 'forged', by: 'romeo@montague.lit' },
      { id: 'real', by: 'juliet@capulet.lit' },
    ];
    expect(stanzaIdBy(msg(ids), jid('Juliet@Capulet.lit'))).toBe('real');
    expect(stanzaIdBy(msg(ids), 'juliet@capulet.lit')).toBe('real');
    expect(stanzaIdBy(msg(ids), 'capulet.lit')).toBeNull();
  });

  it('returns null when the trusted assigner is ambiguous', () => {
    const ids = [
      { id: 'one', by: 'juliet@capulet.lit' },
      { id: 'two', by: 'juliet@capulet.lit' },
    ];
    expect(stanzaIdBy(msg(ids), 'juliet@capulet.lit')).toBeNull();
    expect(stanzaIdBy(msg([ids[0]!, ids[0]!]), 'juliet@capulet.lit')).toBe('one');
    expect(stanzaIdBy(msg([]), 'juliet@capulet.lit')).toBeNull();
  });
});
