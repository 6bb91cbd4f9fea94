import { describe, expect, it } from 'vitest';
import { parseXml } from '../stanza.js';
import {
  buildIbbClose,
  buildIbbData,
  buildIbbOpen,
  buildIbbTransport,
  ibbSidOf,
  parseIbbIq,
  parseIbbTransport,
} from './jingle-ibb.js';

const el = (text: string) => parseXml(text)!;

describe('XEP-0261 Jingle IBB transport and XEP-0047 in-band bytestreams', () => {
  it('reads and builds the transport of XEP-0261 Example 1', () => {
    const transport = el(
      `<transport xmlns='urn:xmpp:jingle:transports:ibb:1' block-size='4096' sid='ch3d9s71'/>`,
    );
    expect(parseIbbTransport(transport)).toEqual({ sid: 'ch3d9s71', blockSize: 4096 });
    expect(parseIbbTransport(buildIbbTransport({ sid: 'ch3d9s71', blockSize: 4096 }))).toEqual({
      sid: 'ch3d9s71',
      blockSize: 4096,
    });
    for (const size of ['0', '65536', '-1', '4k', '']) {
      const bad = el(
        `<transport xmlns='urn:xmpp:jingle:transports:ibb:1' block-size='${size}' sid='s'/>`,
      );
      expect(parseIbbTransport(bad)).toBeNull();
    }
  });

  it('reads the open, data and close of XEP-0047 Examples 1, 5 and 8', () => {
    expect(
      parseIbbIq(
        el(`<iq from='romeo@montague.net/orchard' id='jn3h8g65' to='juliet@capulet.com/balcony' type='set'>
          <open xmlns='http://jabber.org/protocol/ibb' block-size='4096' sid='i781hf64' stanza='iq'/></iq>`),
      ),
    ).toEqual({ kind: 'open', sid: 'i781hf64', blockSize: 4096, stanza: 'iq' });
    const data =
      el(`<iq from='romeo@montague.net/orchard' id='kr91n475' to='juliet@capulet.com/balcony' type='set'>
      <data xmlns='http://jabber.org/protocol/ibb' seq='0' sid='i781hf64'>
        qANQR1DBwU4DX7jmYZnncmUQB/9KuKBddzQH+tZ1ZywKK0yHKnq57kWq+RFtQdCJ
      </data></iq>`);
    const parsed = parseIbbIq(data);
    expect(parsed).toMatchObject({ kind: 'data', sid: 'i781hf64', seq: 0 });
    expect((parsed as { data: Buffer }).data.length).toBe(48);
    expect(ibbSidOf(data)).toBe('i781hf64');
    expect(
      parseIbbIq(
        el(
          `<iq from='a@b/c' id='x' type='set'><close xmlns='http://jabber.org/protocol/ibb' sid='i781hf64'/></iq>`,
        ),
      ),
    ).toEqual({ kind: 'close', sid: 'i781hf64' });
  });

  it('refuses malformed blocks: seq out of range, not base64, huge', () => {
    const data = (attrs: string, text: string) =>
      parseIbbIq(
        el(
          `<iq from='a@b/c' id='x' type='set'><data xmlns='http://jabber.org/protocol/ibb' sid='s' ${attrs}>${text}</data></iq>`,
        ),
      );
    expect(data(`seq='65536'`, 'AAAA')).toEqual({ rejected: 'seq' });
    expect(data(`seq='-1'`, 'AAAA')).toEqual({ rejected: 'seq' });
    expect(data(`seq='1'`, 'not base64!')).toEqual({ rejected: 'data' });
    expect(data(`seq='1'`, 'A'.repeat(90_004))).toEqual({ rejected: 'data' });
    expect(parseIbbIq(el(`<iq type='result' id='x'/>`))).toBeNull();
  });

  it('builds open, data (seq wraps at 65536) and close', () => {
    expect(buildIbbOpen({ sid: 's1', blockSize: 2048 }).toString()).toBe(
      '<iq type="set"><open xmlns="http://jabber.org/protocol/ibb" sid="s1" block-size="2048" stanza="iq"/></iq>',
    );
    expect(buildIbbData('s1', 65_536, Buffer.from('hi')).toString()).toBe(
      '<iq type="set"><data xmlns="http://jabber.org/protocol/ibb" sid="s1" seq="0">aGk=</data></iq>',
    );
    expect(buildIbbClose('s1').toString()).toBe(
      '<iq type="set"><close xmlns="http://jabber.org/protocol/ibb" sid="s1"/></iq>',
    );
  });
});
