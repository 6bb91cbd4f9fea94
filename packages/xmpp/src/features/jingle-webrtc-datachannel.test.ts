import { describe, expect, it } from 'vitest';
import { parseXml } from '../stanza.js';
import { parseJingleIq } from './jingle.js';
import {
  DEFAULT_SCTP_PORT,
  NS_JINGLE_WEBRTC_DC,
  buildDataChannelCandidates,
  buildDataChannelTransport,
  parseDataChannelCandidates,
  parseDataChannelTransport,
  type DataChannelTransport,
} from './jingle-webrtc-datachannel.js';

const FP =
  '02:1A:CC:54:27:AB:EB:9C:53:3F:3E:4B:65:2E:7D:46:3F:54:42:CD:54:F1:7A:03:A2:7D:F9:B0:7F:46:19:B2';

// XEP-0343 0.3, Example 3 (session-accept): an ICE-UDP transport with a dtls-sctp <sctpmap/>.
const XEP_ACCEPT = `<iq from='juliet@capulet.lit/balcony' id='rw782g55' to='romeo@montague.lit/orchard' type='set'>
  <jingle xmlns='urn:xmpp:jingle:1' action='session-accept' initiator='romeo@montague.lit/orchard' responder='juliet@capulet.lit/balcony' sid='a73sjjvkla37jfea'>
    <content creator='initiator' name='file-552da749930852c69ae5d2141d3766b1'>
      <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' pwd='YH75Fviy6338Vbrhrlp8Yh' ufrag='9uB6'>
        <fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='actpass'>
            ${FP}
        </fingerprint>
        <sctpmap xmlns='urn:xmpp:jingle:transports:dtls-sctp:1' number='5000' protocol='webrtc-datachannel' streams='1024'/>
        <candidate component='1' foundation='1' generation='0' id='or2ii2syr1' ip='192.0.2.1' network='0' port='3478' priority='2130706431' protocol='udp' type='host'/>
      </transport>
    </content>
  </jingle>
</iq>`;

// The same content as Conversations sends it: the ':1' wrapper with the SDP's attributes.
const CONVERSATIONS = `<transport xmlns='urn:xmpp:jingle:transports:webrtc-datachannel:1' sctp-port='5000' max-message-size='262144'>
  <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='9uB6' pwd='YH75Fviy6338Vbrhrlp8Yh'>
    <fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='active'>${FP.toLowerCase()}</fingerprint>
    <candidate component='1' foundation='1' generation='0' id='or2ii2syr1' ip='192.0.2.1' network='0' port='3478' priority='2130706431' protocol='udp' type='host'/>
    <candidate component='1' foundation='2' generation='0' id='y3s2b30v3r' ip='192.0.2.3' port='45664' priority='1694498815' protocol='udp' rel-addr='10.0.1.1' rel-port='8998' type='srflx'/>
  </transport>
</transport>`;

const transportOf = (iq: string) => {
  const parsed = parseJingleIq(parseXml(iq)!);
  if (!parsed || 'rejected' in parsed) throw new Error('not jingle');
  return parsed.jingle.getChild('content')!.getChild('transport')!;
};

describe('XEP-0343 data channel transport', () => {
  it('reads the XEP’s session-accept (ICE-UDP with sctpmap)', () => {
    const t = parseDataChannelTransport(transportOf(XEP_ACCEPT));
    expect(t).toMatchObject({
      sctpPort: 5000,
      maxMessageSize: null,
      ufrag: '9uB6',
      pwd: 'YH75Fviy6338Vbrhrlp8Yh',
      fingerprint: { hash: 'sha-256', setup: 'actpass', value: FP },
    });
    expect(t?.candidates).toEqual([
      expect.objectContaining({ ip: '192.0.2.1', port: 3478, type: 'host', protocol: 'udp' }),
    ]);
  });

  it('reads Conversations’ form, with max-message-size and an upper-cased fingerprint', () => {
    const t = parseDataChannelTransport(parseXml(CONVERSATIONS)!);
    expect(t).toMatchObject({ sctpPort: 5000, maxMessageSize: 262144 });
    expect(t?.fingerprint).toEqual({ hash: 'sha-256', setup: 'active', value: FP });
    expect(t?.candidates[1]).toMatchObject({ relAddr: '10.0.1.1', relPort: 8998, type: 'srflx' });
  });

  it('round-trips what it builds', () => {
    const mine: DataChannelTransport = {
      sctpPort: 5000,
      maxMessageSize: 65536,
      ufrag: 'abcd',
      pwd: 'abcdefghijklmnopqrstuv',
      fingerprint: { hash: 'sha-256', setup: 'actpass', value: FP },
      candidates: [
        {
          component: 1,
          foundation: 'f1',
          generation: 0,
          id: 'c1',
          ip: '127.0.0.1',
          port: 50000,
          priority: 2130706431,
          protocol: 'udp',
          type: 'host',
        },
      ],
    };
    const el = buildDataChannelTransport(mine);
    expect(el.attrs.xmlns).toBe(NS_JINGLE_WEBRTC_DC);
    expect(parseDataChannelTransport(parseXml(el.toString())!)).toEqual(mine);
    const info = buildDataChannelCandidates('abcd', mine.candidates);
    expect(parseDataChannelCandidates(parseXml(info.toString())!)).toEqual({
      ufrag: 'abcd',
      candidates: mine.candidates,
    });
  });

  it('takes the RFC 8841 default port when none is named', () => {
    const xml = CONVERSATIONS.replace(" sctp-port='5000'", '');
    expect(parseDataChannelTransport(parseXml(xml)!)?.sctpPort).toBe(DEFAULT_SCTP_PORT);
  });

  it.each([
    ['a port out of range', (s: string) => s.replace("port='3478'", "port='70000'")],
    ['a negative sctp-port', (s: string) => s.replace("sctp-port='5000'", "sctp-port='-1'")],
    ['sctp-port 0', (s: string) => s.replace("sctp-port='5000'", "sctp-port='0'")],
    ['a huge max-message-size', (s: string) => s.replace('262144', '99999999999')],
    ['a short fingerprint', (s: string) => s.replace(FP.toLowerCase(), '02:1A')],
    ['a hostile address', (s: string) => s.replace("ip='192.0.2.1'", "ip='a b'")],
    ['an unknown candidate type', (s: string) => s.replace("type='host'", "type='evil'")],
    ['no ICE part', () => `<transport xmlns='${NS_JINGLE_WEBRTC_DC}' sctp-port='5000'/>`],
    ['another transport', () => `<transport xmlns='urn:xmpp:jingle:transports:s5b:1' sid='x'/>`],
  ])('refuses %s', (_why, edit) => {
    expect(parseDataChannelTransport(parseXml(edit(CONVERSATIONS))!)).toBeNull();
  });

  it('refuses a transport-info with more candidates than the schema allows', () => {
    const many = Array.from(
      { length: 65 },
      (_, i) =>
        `<candidate component='1' foundation='${i}' generation='0' id='c${i}' ip='10.0.0.1' port='${1000 + i}' priority='1' protocol='udp' type='host'/>`,
    ).join('');
    const info = `<transport xmlns='${NS_JINGLE_WEBRTC_DC}'><transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='abcd'>${many}</transport></transport>`;
    expect(parseDataChannelCandidates(parseXml(info)!)).toBeNull();
  });
});
