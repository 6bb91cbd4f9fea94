import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../stanza.js';
import {
  buildDiscoItemsQuery,
  MAX_DISCO_ITEMS,
  NS_DISCO_ITEMS,
  parseDiscoItems,
} from './disco-items.js';

describe('disco#items', () => {
  it('builds queries with and without a node', () => {
    expect(buildDiscoItemsQuery('Chat.Shakespeare.lit').toString()).toBe(
      `<iq type="get" to="chat.shakespeare.lit"><query xmlns="${NS_DISCO_ITEMS}"/></iq>`,
    );
    expect(buildDiscoItemsQuery('a.b', 'n').getChild('query')!.attrs.node).toBe('n');
  });

  it('parses a room list (XEP-0045 example 7), skipping invalid JIDs', () => {
    const iq = parseXml(`<iq from='chat.shakespeare.lit' id='zb8q41f4' type='result'>
      <query xmlns='${NS_DISCO_ITEMS}'>
        <item jid='Heath@chat.shakespeare.lit' name='A Lonely Heath'/>
        <item jid='forres@chat.shakespeare.lit' name='\u202Eevil'/>
        <item jid='inverness@chat.shakespeare.lit' node='n'/>
        <item jid='bad@@jid' name='x'/>
        <item name='no jid'/>
      </query></iq>`)!;
    expect(parseDiscoItems(iq)).toEqual([
      { jid: 'heath@chat.shakespeare.lit', name: 'A Lonely Heath', node: null },
      { jid: 'forres@chat.shakespeare.lit', name: '\u202Eevil', node: null },
      { jid: 'inverness@chat.shakespeare.lit', name: '', node: 'n' },
    ]);
  });

  it('returns [] for other iqs and caps huge lists', () => {
    expect(
      parseDiscoItems(xml('iq', { type: 'get' }, xml('query', { xmlns: NS_DISCO_ITEMS }))),
    ).toEqual([]);
    expect(
      parseDiscoItems(xml('iq', { type: 'result' }, xml('query', { xmlns: 'urn:evil' }))),
    ).toEqual([]);
    const big = xml(
      'iq',
      { type: 'result' },
      xml(
        'query',
        { xmlns: NS_DISCO_ITEMS },
        Array.from({ length: MAX_DISCO_ITEMS + 10 }, (_, i) =>
          xml('item', { jid: `r${i}@muc.example`, name: 'n'.repeat(2000) }),
        ),
      ),
    );
    const items = parseDiscoItems(big);
    expect(items).toHaveLength(MAX_DISCO_ITEMS);
    expect(items[0]!.name).toHaveLength(1024);
  });
});
