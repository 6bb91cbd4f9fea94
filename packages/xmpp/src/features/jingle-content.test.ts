import { describe, expect, it } from 'vitest';
import { parseXml } from '../stanza.js';
import { buildJingle, parseJingleIq } from './jingle.js';
import {
  buildDescriptionChildren,
  buildTransportInfoContent,
  parseDescription,
  parseTransportInfo,
} from './jingle-content.js';

const FP =
  '02:1A:CC:54:27:AB:EB:9C:53:3F:3E:4B:65:2E:7D:46:3F:54:42:CD:54:F1:7A:03:A2:7D:F9:B0:7F:46:19:B2';

// A session-initiate as XEP-0167 Example 1, XEP-0176 §4, XEP-0320 Example 1 and XEP-0338 write
// it, with the XEP-0293 feedback, XEP-0294 extension and XEP-0339 sources Conversations adds.
const INITIATE = `<iq from='romeo@montague.lit/orchard' to='juliet@capulet.lit/balcony' id='ih28sx61' type='set'>
  <jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' initiator='romeo@montague.lit/orchard' sid='a73sjjvkla37jfea'>
    <content creator='initiator' name='0' senders='both'>
      <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'>
        <payload-type id='111' name='opus' clockrate='48000' channels='2'>
          <parameter name='minptime' value='10'/>
          <parameter name='useinbandfec' value='1'/>
          <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='transport-cc'/>
        </payload-type>
        <payload-type id='0' name='PCMU' clockrate='8000'/>
        <rtp-hdrext xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0' id='1' uri='urn:ietf:params:rtp-hdrext:ssrc-audio-level'/>
        <source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='1847636811'>
          <parameter name='cname' value='Yv/wvbCdsDW2Prgd'/>
          <parameter name='msid' value='stream track'/>
        </source>
        <rtcp-mux/>
      </description>
      <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' pwd='asd88fgpdd777uzjYhagZg' ufrag='8hhy'>
        <fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='actpass'>${FP.toLowerCase()}</fingerprint>
        <candidate component='1' foundation='1' generation='0' id='el0747fg11' ip='10.0.1.1' network='1' port='8998' priority='2130706431' protocol='udp' type='host'/>
        <candidate component='1' foundation='2' generation='0' id='y3s2b30v3r' ip='192.0.2.3' network='1' port='45664' priority='1694498815' protocol='udp' rel-addr='10.0.1.1' rel-port='8998' type='srflx'/>
      </transport>
    </content>
    <group xmlns='urn:xmpp:jingle:apps:grouping:0' semantics='BUNDLE'><content name='0'/></group>
  </jingle>
</iq>`;

const jingleOf = (text: string) => {
  const parsed = parseJingleIq(parseXml(text)!);
  if (!parsed || 'rejected' in parsed) throw new Error('not a jingle iq');
  return parsed;
};

describe('Jingle RTP contents (XEP-0167/0176/0320/0338/0293/0294/0339)', () => {
  it('reads a session-initiate into the contract’s description', () => {
    const iq = jingleOf(INITIATE);
    expect(iq).toMatchObject({
      action: 'session-initiate',
      sid: 'a73sjjvkla37jfea',
      initiator: 'romeo@montague.lit/orchard',
    });
    const result = parseDescription(iq.jingle);
    if (!('description' in result)) throw new Error(result.refused);
    const { contents, bundle } = result.description;
    expect(bundle).toEqual(['0']);
    expect(contents).toHaveLength(1);
    const [content] = contents;
    expect(content).toMatchObject({ name: '0', creator: 'initiator', senders: 'both' });
    expect(content!.description.payloadTypes[0]).toEqual({
      id: 111,
      name: 'opus',
      clockrate: 48000,
      channels: 2,
      parameters: [
        { name: 'minptime', value: '10' },
        { name: 'useinbandfec', value: '1' },
      ],
      feedback: [{ type: 'transport-cc' }],
    });
    expect(content!.description.headerExtensions).toEqual([
      { id: 1, uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level' },
    ]);
    expect(content!.description.sources[0]?.ssrc).toBe(1847636811);
    expect(content!.description.rtcpMux).toBe(true);
    // Lower-case hex from the wire, upper case as SDP writes it.
    expect(content!.transport.fingerprint).toEqual({
      hash: 'sha-256',
      setup: 'actpass',
      value: FP,
    });
    expect(content!.transport.candidates[1]).toMatchObject({
      type: 'srflx',
      relAddr: '10.0.1.1',
      relPort: 8998,
      priority: 1694498815,
    });
  });

  it('writes a description that reads back the same', () => {
    const first = parseDescription(jingleOf(INITIATE).jingle);
    if (!('description' in first)) throw new Error('refused');
    const { contents, extra } = buildDescriptionChildren(first.description);
    const iq = buildJingle('session-accept', { sid: 's1', responder: 'j@c/b', contents, extra });
    iq.attrs.from = 'juliet@capulet.lit/balcony';
    iq.attrs.id = 'x';
    const again = parseDescription(jingleOf(iq.toString()).jingle);
    expect(again).toEqual(first);
    expect(iq.toString()).toContain('<rtcp-mux/>'.replace(/'/gu, '"'));
  });

  it('refuses contents outside the schema instead of passing part of them on', () => {
    const bad = [
      INITIATE.replace("port='8998'", "port='99999'"),
      INITIATE.replace("ufrag='8hhy'", "ufrag='x'"),
      INITIATE.replace("ip='10.0.1.1'", "ip='10.0.1.1&lt;script&gt;'"),
      INITIATE.replace("id='111'", "id='-1'"),
      INITIATE.replace(FP.toLowerCase(), 'zz'),
      INITIATE.replace("setup='actpass'", "setup='holdconn'"),
      INITIATE.replace("media='audio'", "media='text'"),
      INITIATE.replace("uri='urn:ietf:params:rtp-hdrext:ssrc-audio-level'", "uri='not a uri'"),
    ];
    for (const text of bad)
      expect(parseDescription(jingleOf(text).jingle)).toEqual({ refused: 'invalid' });
    const raw = INITIATE.replace(
      "xmlns='urn:xmpp:jingle:transports:ice-udp:1'",
      "xmlns='urn:xmpp:jingle:transports:raw-udp:1'",
    );
    expect(parseDescription(jingleOf(raw).jingle)).toEqual({ refused: 'unsupported' });
    const many = Array.from(
      { length: 65 },
      (_, i) =>
        `<candidate component='1' foundation='1' id='c${i}' ip='10.0.0.1' port='1' priority='1' protocol='udp' type='host'/>`,
    ).join('');
    const flood = INITIATE.replace('</transport>', `${many}</transport>`);
    expect(parseDescription(jingleOf(flood).jingle)).toEqual({ refused: 'invalid' });
  });

  it('trickles one candidate per transport-info and reads it back', () => {
    const candidate = {
      component: 1,
      foundation: '3',
      generation: 0,
      id: 'c1',
      ip: 'abc-def.local',
      port: 50000,
      priority: 100,
      protocol: 'udp' as const,
      type: 'relay' as const,
      relAddr: '127.0.0.1',
      relPort: 3478,
    };
    const content = buildTransportInfoContent({
      creator: 'initiator',
      content: '0',
      ufrag: '8hhy',
      pwd: 'asd88fgpdd777uzjYhagZg',
      candidate,
    });
    const iq = buildJingle('transport-info', { sid: 's1', contents: [content] });
    iq.attrs.from = 'a@b/c';
    iq.attrs.id = '1';
    expect(parseTransportInfo(jingleOf(iq.toString()).jingle)).toEqual([
      { content: '0', ufrag: '8hhy', candidate },
    ]);
    const broken = iq.toString().replace('port="50000"', 'port="x"');
    expect(parseTransportInfo(jingleOf(broken).jingle)).toBeNull();
  });
});
