import { describe, expect, it } from 'vitest';
import { parseXml, type Element } from '../stanza.js';
import { parseDiscoInfo } from './disco.js';
import { parseDiscoItemsPage } from './disco-paging.js';
import { parseContactAddresses, parseLastActivity } from './server-info.js';
import { parseVersionResult } from './version.js';

const parse = (text: string): Element => parseXml(text) as Element;

describe('server info parsing', () => {
  it('reads XEP-0157 contact addresses from the serverinfo form only', () => {
    const info = parseDiscoInfo(
      parse(`<iq type="result" id="1"><query xmlns="http://jabber.org/protocol/disco#info">
        <identity category="server" type="im"/>
        <x xmlns="jabber:x:data" type="result">
          <field var="FORM_TYPE" type="hidden"><value>http://jabber.org/network/serverinfo</value></field>
          <field var="admin-addresses"><value>xmpp:root@localhost</value><value> mailto:a@b </value></field>
          <field var="abuse-addresses"/>
          <field var="other"><value>x</value></field>
        </x>
        <x xmlns="jabber:x:data" type="result">
          <field var="FORM_TYPE" type="hidden"><value>urn:other</value></field>
          <field var="support-addresses"><value>xmpp:fake@evil</value></field>
        </x></query></iq>`),
    );
    expect(parseContactAddresses(info!)).toEqual([
      { kind: 'admin-addresses', addresses: ['xmpp:root@localhost', 'mailto:a@b'] },
    ]);
  });

  it('reads a software version and refuses one without a name', () => {
    expect(
      parseVersionResult(
        parse(
          `<iq type="result" id="1"><query xmlns="jabber:iq:version"><name>Prosody</name><version>0.12.3</version></query></iq>`,
        ),
      ),
    ).toEqual({ name: 'Prosody', version: '0.12.3', os: '' });
    expect(
      parseVersionResult(parse(`<iq type="result" id="1"><query xmlns="jabber:iq:version"/></iq>`)),
    ).toBeNull();
  });

  it('reads uptime seconds and refuses nonsense', () => {
    const last = (s: string) =>
      parseLastActivity(
        parse(`<iq type="result" id="1"><query xmlns="jabber:iq:last" seconds="${s}"/></iq>`),
      );
    expect(last('123')).toBe(123);
    expect(last('-1')).toBeNull();
    expect(last('1e9')).toBeNull();
    expect(last('99999999999')).toBeNull();
  });
});

describe('disco#items pages', () => {
  const items = (n: number, set = '') =>
    parse(
      `<iq type="result" id="1"><query xmlns="http://jabber.org/protocol/disco#items">${Array.from(
        { length: n },
        (_, i) => `<item jid="r${i}@muc.localhost"/>`,
      ).join('')}${set}</query></iq>`,
    );

  it('cuts an unpaged list at max and says so', () => {
    const page = parseDiscoItemsPage(items(600), 500);
    expect(page.items.length).toBe(500);
    expect(page).toMatchObject({ truncated: true, next: null, count: null });
    expect(parseDiscoItemsPage(items(3), 500)).toMatchObject({ truncated: false, next: null });
  });

  it('follows RSM: next cursor while the count says more', () => {
    const rsm = (first: number, last: string, count: number) =>
      `<set xmlns="http://jabber.org/protocol/rsm"><first index="${first}">a</first><last>${last}</last><count>${count}</count></set>`;
    expect(parseDiscoItemsPage(items(2, rsm(0, 'r1', 5)), 2)).toMatchObject({
      next: 'r1',
      count: 5,
    });
    expect(parseDiscoItemsPage(items(1, rsm(4, 'r4', 5)), 2)).toMatchObject({
      next: null,
      count: 5,
    });
  });
});
