import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../stanza.js';
import { buildCaps, ownDiscoInfo } from '../modules/index.js';
import {
  buildDiscoInfoQuery,
  buildDiscoInfoResponse,
  CAPS_NODE,
  capsHash,
  capsVerificationString,
  isDiscoInfoRequest,
  parseCaps,
  parseDiscoInfo,
  verifyCaps,
  type DiscoInfo,
} from './disco.js';

// XEP-0115 §5.2 (simple) and §5.3 (complex) examples.
const simple: DiscoInfo = {
  identities: [{ category: 'client', type: 'pc', name: 'Exodus 0.9.1', lang: null }],
  features: [
    'http://jabber.org/protocol/disco#info',
    'http://jabber.org/protocol/disco#items',
    'http://jabber.org/protocol/muc',
    'http://jabber.org/protocol/caps',
  ],
  forms: [],
};

const complexIq = `<iq xmlns='jabber:client' from='benvolio@capulet.lit/230193' id='disco1' to='juliet@capulet.lit/chamber' type='result'>
  <query xmlns='http://jabber.org/protocol/disco#info' node='http://psi-im.org#q07IKJEyjvHSyhy//CH0CxmKi8w='>
    <identity xml:lang='en' category='client' name='Psi 0.11' type='pc'/>
    <identity xml:lang='el' category='client' name='Ψ 0.11' type='pc'/>
    <feature var='http://jabber.org/protocol/caps'/>
    <feature var='http://jabber.org/protocol/disco#info'/>
    <feature var='http://jabber.org/protocol/disco#items'/>
    <feature var='http://jabber.org/protocol/muc'/>
    <x xmlns='jabber:x:data' type='result'>
      <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:dataforms:softwareinfo</value></field>
      <field var='ip_version'><value>ipv4</value><value>ipv6</value></field>
      <field var='os'><value>Mac</value></field>
      <field var='os_version'><value>10.5.1</value></field>
      <field var='software'><value>Psi</value></field>
      <field var='software_version'><value>0.11</value></field>
    </x>
  </query>
</iq>`;

describe('XEP-0115 verification string', () => {
  it('matches the simple example', () => {
    expect(capsVerificationString(simple)).toBe(
      'client/pc//Exodus 0.9.1<http://jabber.org/protocol/caps<http://jabber.org/protocol/disco#info<' +
        'http://jabber.org/protocol/disco#items<http://jabber.org/protocol/muc<',
    );
    expect(capsHash(simple)).toBe('QgayPKawpkPSDYmwT/WM94uAlu0=');
  });

  it('matches the complex example, parsed from the wire', () => {
    const info = parseDiscoInfo(parseXml(complexIq)!)!;
    expect(capsVerificationString(info)).toBe(
      'client/pc/el/Ψ 0.11<client/pc/en/Psi 0.11<http://jabber.org/protocol/caps<http://jabber.org/protocol/disco#info<' +
        'http://jabber.org/protocol/disco#items<http://jabber.org/protocol/muc<urn:xmpp:dataforms:softwareinfo<' +
        'ip_version<ipv4<ipv6<os<Mac<os_version<10.5.1<software<Psi<software_version<0.11<',
    );
    expect(
      verifyCaps(info, {
        node: 'http://psi-im.org',
        hash: 'sha-1',
        ver: 'q07IKJEyjvHSyhy//CH0CxmKi8w=',
      }),
    ).toBe(true);
  });

  it('refuses duplicates, ill-formed forms, wrong hashes and unknown hash functions (§5.4)', () => {
    const ver = capsHash(simple);
    const caps = { node: 'n', hash: 'sha-1', ver };
    expect(verifyCaps(simple, caps)).toBe(true);
    expect(
      verifyCaps(
        { ...simple, features: [...simple.features, 'http://jabber.org/protocol/muc'] },
        caps,
      ),
    ).toBe(false);
    expect(
      verifyCaps({ ...simple, identities: [...simple.identities, ...simple.identities] }, caps),
    ).toBe(false);
    expect(verifyCaps(simple, { ...caps, ver: 'AAAA' })).toBe(false);
    expect(verifyCaps(simple, { ...caps, hash: 'md5' })).toBe(false);
    const twoTypes = parseXml(
      complexIq.replace(
        '<value>urn:xmpp:dataforms:softwareinfo</value>',
        '<value>a</value><value>b</value>',
      ),
    )!;
    const info = parseDiscoInfo(twoTypes)!;
    expect(info.forms[0]?.illFormed).toBe(true);
    expect(verifyCaps(info, { ...caps, ver: capsHash(info) })).toBe(false);
  });
});

describe('parseDiscoInfo', () => {
  it('parses identities, features and forms', () => {
    const info = parseDiscoInfo(parseXml(complexIq)!);
    expect(info?.identities).toEqual([
      { category: 'client', type: 'pc', name: 'Psi 0.11', lang: 'en' },
      { category: 'client', type: 'pc', name: 'Ψ 0.11', lang: 'el' },
    ]);
    expect(info?.features).toContain('http://jabber.org/protocol/muc');
    expect(info?.forms[0]).toMatchObject({
      formType: 'urn:xmpp:dataforms:softwareinfo',
      illFormed: false,
    });
    expect(info?.forms[0]?.fields).toContainEqual({ var: 'ip_version', values: ['ipv4', 'ipv6'] });
  });

  it('skips incomplete entries and caps list sizes', () => {
    const features = Array.from({ length: 2000 }, (_, i) => xml('feature', { var: `urn:f:${i}` }));
    const iq = xml(
      'iq',
      { type: 'result' },
      xml(
        'query',
        { xmlns: 'http://jabber.org/protocol/disco#info' },
        xml('identity', { category: 'client' }),
        xml('feature', {}),
        xml('feature', { var: 'x'.repeat(5000) }),
        features,
      ),
    );
    const info = parseDiscoInfo(iq);
    expect(info?.identities).toEqual([]);
    expect(info?.features).toHaveLength(510);
    expect(info?.features[0]).toBe('urn:f:0');
  });

  it('returns null for errors and other payloads', () => {
    expect(
      parseDiscoInfo(
        xml(
          'iq',
          { type: 'error' },
          xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' }),
        ),
      ),
    ).toBeNull();
    expect(
      parseDiscoInfo(
        xml(
          'iq',
          { type: 'result' },
          xml('query', { xmlns: 'http://jabber.org/protocol/disco#items' }),
        ),
      ),
    ).toBeNull();
  });
});

describe('our own disco and caps', () => {
  it('advertises what Parley answers', () => {
    const info = ownDiscoInfo();
    expect(info.identities).toEqual([
      { category: 'client', type: 'pc', name: 'Parley', lang: null },
    ]);
    for (const f of [
      'urn:xmpp:carbons:2',
      'urn:xmpp:receipts',
      'http://jabber.org/protocol/chatstates',
      'urn:xmpp:mam:2',
      'http://jabber.org/protocol/disco#info',
      'urn:xmpp:ping',
      'jabber:iq:version',
      'urn:xmpp:time',
      'http://jabber.org/protocol/caps',
    ]) {
      expect(info.features).toContain(f);
    }
  });

  it('buildCaps and parseCaps agree, and the ver verifies', () => {
    const presence = xml('presence', {}, buildCaps());
    const caps = parseCaps(presence)!;
    expect(caps).toEqual({ node: CAPS_NODE, hash: 'sha-1', ver: capsHash(ownDiscoInfo()) });
    expect(verifyCaps(ownDiscoInfo(), caps)).toBe(true);
    expect(
      parseCaps(
        xml(
          'presence',
          {},
          xml('c', { xmlns: 'http://jabber.org/protocol/caps', node: 'n', ver: 'v' }),
        ),
      ),
    ).toBeNull();
  });

  it('answers a disco#info request, and a request for our caps node', () => {
    const request = xml(
      'iq',
      { type: 'get', id: 'd1', from: 'romeo@montague.lit/home' },
      xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' }),
    );
    expect(isDiscoInfoRequest(request)).toBe(true);
    const response = buildDiscoInfoResponse(request, ownDiscoInfo())!;
    expect(response.attrs).toEqual({ type: 'result', to: 'romeo@montague.lit/home', id: 'd1' });
    // What we answer hashes to what we advertise.
    const reparsed = parseDiscoInfo(parseXml(response.toString())!)!;
    expect(capsHash(reparsed)).toBe(capsHash(ownDiscoInfo()));

    const node = `${CAPS_NODE}#${capsHash(ownDiscoInfo())}`;
    const nodeRequest = xml(
      'iq',
      { type: 'get', id: 'd2', from: 'a@b/c' },
      xml('query', { xmlns: 'http://jabber.org/protocol/disco#info', node }),
    );
    expect(buildDiscoInfoResponse(nodeRequest, ownDiscoInfo())?.getChild('query')?.attrs.node).toBe(
      node,
    );
  });

  it('answers an unknown node with item-not-found, and ignores non-requests', () => {
    const request = xml(
      'iq',
      { type: 'get', id: 'd3', from: 'a@b/c' },
      xml('query', { xmlns: 'http://jabber.org/protocol/disco#info', node: 'other' }),
    );
    const response = buildDiscoInfoResponse(request, ownDiscoInfo())!;
    expect(response.attrs.type).toBe('error');
    expect(response.getChild('error')?.getChild('item-not-found')).toBeDefined();
    expect(
      buildDiscoInfoResponse(
        xml(
          'iq',
          { type: 'result', id: 'x' },
          xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' }),
        ),
        ownDiscoInfo(),
      ),
    ).toBeNull();
  });

  it('builds a query', () => {
    expect(buildDiscoInfoQuery('capulet.lit').toString()).toBe(
      '<iq type="get" to="capulet.lit"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>',
    );
    expect(buildDiscoInfoQuery('a@b/c', 'n#v').getChild('query')?.attrs.node).toBe('n#v');
  });
});
