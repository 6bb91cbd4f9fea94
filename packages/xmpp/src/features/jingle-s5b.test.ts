import { describe, expect, it } from 'vitest';
import { parseXml } from '../stanza.js';
import {
  buildActivate,
  buildS5bInfo,
  buildS5bTransport,
  parseS5bInfo,
  parseS5bTransport,
  parseStreamhost,
  s5bDstAddr,
  s5bPriority,
} from './jingle-s5b.js';

const el = (text: string) => parseXml(text)!;
const ROMEO = 'romeo@montague.example/dr4hcr0st3lup4c';
const JULIET = 'juliet@capulet.example/yn0cl4bnw0yr3vym';

describe('XEP-0260 Jingle SOCKS5 transport and XEP-0065', () => {
  it('reads the responder’s transport of XEP-0260 Example 2 (IPv4, IPv6, assisted)', () => {
    const t = parseS5bTransport(
      el(`<transport xmlns='urn:xmpp:jingle:transports:s5b:1' dstaddr='1a12fb7bc625e55f3ed5b29a53dbe0e4aa7d80ba' mode='tcp' sid='vj3hs98y'>
        <candidate cid='ht567dq' host='192.169.1.10' jid='${JULIET}' port='6539' priority='8257636' type='direct'/>
        <candidate cid='hr65dqyd' host='134.102.201.180' jid='${JULIET}' port='16453' priority='7929856' type='assisted'/>
        <candidate cid='grt654q2' host='2001:638:708:30c9:219:d1ff:fea4:a17d' jid='${JULIET}' port='6539' priority='8257606' type='direct'/>
      </transport>`),
    );
    expect(t?.sid).toBe('vj3hs98y');
    expect(t?.dstaddr).toBe('1a12fb7bc625e55f3ed5b29a53dbe0e4aa7d80ba');
    expect(t?.candidates.map((c) => [c.cid, c.host, c.port, c.type])).toEqual([
      ['ht567dq', '192.169.1.10', 6539, 'direct'],
      ['hr65dqyd', '134.102.201.180', 16453, 'assisted'],
      ['grt654q2', '2001:638:708:30c9:219:d1ff:fea4:a17d', 6539, 'direct'],
    ]);
  });

  it('skips malformed candidates and refuses udp or a missing sid', () => {
    const t = parseS5bTransport(
      el(`<transport xmlns='urn:xmpp:jingle:transports:s5b:1' sid='s'>
        <candidate cid='a' host='1.2.3.4' jid='${JULIET}' port='0' priority='1' type='direct'/>
        <candidate cid='b' host='evil host;rm' jid='${JULIET}' port='5' priority='1' type='direct'/>
        <candidate cid='c' host='1.2.3.4' jid='${JULIET}' port='5' priority='1' type='teleport'/>
        <candidate cid='d' host='1.2.3.4' jid='${JULIET}' port='5' priority='1'/>
      </transport>`),
    );
    expect(t?.candidates.map((c) => c.cid)).toEqual(['d']);
    expect(
      parseS5bTransport(
        el(`<transport xmlns='urn:xmpp:jingle:transports:s5b:1' sid='s' mode='udp'/>`),
      ),
    ).toBeNull();
    expect(
      parseS5bTransport(el(`<transport xmlns='urn:xmpp:jingle:transports:s5b:1'/>`)),
    ).toBeNull();
  });

  it('builds a transport that reads back the same', () => {
    const candidates = [
      {
        cid: 'c1',
        host: '127.0.0.1',
        port: 4000,
        jid: ROMEO,
        priority: s5bPriority('direct', 255),
        type: 'direct' as const,
      },
      {
        cid: 'c2',
        host: '127.0.0.1',
        port: 5000,
        jid: 'proxy.example',
        priority: s5bPriority('proxy'),
        type: 'proxy' as const,
      },
    ];
    const dstaddr = s5bDstAddr('vj3hs98y', ROMEO, JULIET);
    expect(parseS5bTransport(buildS5bTransport({ sid: 'vj3hs98y', dstaddr, candidates }))).toEqual({
      sid: 'vj3hs98y',
      dstaddr,
      candidates,
    });
  });

  it('computes priorities (§2.2) and dst.addr in the owner’s order', () => {
    expect(s5bPriority('direct', 0)).toBe(126 * 65_536 + 1);
    expect(s5bPriority('proxy')).toBe(10 * 65_536 + 1);
    // SHA-1 of sid + initiator + responder, hex (checked with Python's hashlib).
    expect(s5bDstAddr('vj3hs98y', ROMEO, JULIET)).toBe('5fd209c07750141daf20b5200afdb658f76afc30');
    expect(s5bDstAddr('vj3hs98y', JULIET, ROMEO)).not.toBe(s5bDstAddr('vj3hs98y', ROMEO, JULIET));
  });

  it('reads and builds the transport-info payloads of §2.4–2.5', () => {
    const info = (child: string) =>
      parseS5bInfo(
        el(
          `<transport xmlns='urn:xmpp:jingle:transports:s5b:1' sid='vj3hs98y'>${child}</transport>`,
        ),
      );
    expect(info(`<candidate-used cid='hr65dqyd'/>`)).toEqual({
      kind: 'candidate-used',
      cid: 'hr65dqyd',
      sid: 'vj3hs98y',
    });
    expect(info(`<candidate-error/>`)).toEqual({ kind: 'candidate-error', sid: 'vj3hs98y' });
    expect(info(`<activated cid='hr65dqyd'/>`)).toEqual({
      kind: 'activated',
      cid: 'hr65dqyd',
      sid: 'vj3hs98y',
    });
    expect(info(`<proxy-error/>`)).toEqual({ kind: 'proxy-error', sid: 'vj3hs98y' });
    expect(info(`<candidate-used/>`)).toBeNull();
    expect(buildS5bInfo('s', { kind: 'candidate-used', cid: 'c' }).toString()).toBe(
      '<transport xmlns="urn:xmpp:jingle:transports:s5b:1" sid="s"><candidate-used cid="c"/></transport>',
    );
  });

  it('reads a proxy’s streamhost (XEP-0065 Example 6) and builds the activation (Example 17)', () => {
    expect(
      parseStreamhost(
        el(`<iq from='streamer.example.com' id='proxy_info' to='requester@example.com/foo' type='result'>
          <query xmlns='http://jabber.org/protocol/bytestreams'>
            <streamhost host='24.24.24.1' jid='streamer.example.com' port='8778'/>
          </query></iq>`),
      ),
    ).toEqual({ jid: 'streamer.example.com', host: '24.24.24.1', port: 8778 });
    expect(
      buildActivate('streamer.example.com', 'vxf9n471bn46', 'target@example.org/bar').toString(),
    ).toBe(
      '<iq type="set" to="streamer.example.com"><query xmlns="http://jabber.org/protocol/bytestreams" sid="vxf9n471bn46">' +
        '<activate>target@example.org/bar</activate></query></iq>',
    );
  });
});
