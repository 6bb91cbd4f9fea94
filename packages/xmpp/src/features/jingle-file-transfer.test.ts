import { describe, expect, it } from 'vitest';
import { parseXml } from '../stanza.js';
import {
  buildChecksum,
  buildFileDescription,
  buildReceived,
  offersFile,
  parseFileContent,
  parseFileDescription,
  parseFileInfo,
} from './jingle-file-transfer.js';
import { parseJingleIq } from './jingle.js';

const el = (text: string) => parseXml(text)!;
const SHA256 = 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=';

/** XEP-0234 Example 1 (session-initiate of a file offer), with a SHA-256 beside its SHA-1. */
const OFFER = `<iq from='romeo@montague.example/dr4hcr0st3lup4c' id='nzu25s8'
    to='juliet@capulet.example/yn0cl4bnw0yr3vym' type='set'>
  <jingle xmlns='urn:xmpp:jingle:1' action='session-initiate'
          initiator='romeo@montague.example/dr4hcr0st3lup4c' sid='851ba2'>
    <content creator='initiator' name='a-file-offer' senders='initiator'>
      <description xmlns='urn:xmpp:jingle:apps:file-transfer:5'>
        <file>
          <date>1969-07-21T02:56:15Z</date>
          <desc>This is a test. If this were a real file...</desc>
          <media-type>text/plain</media-type>
          <name>test.txt</name>
          <range/>
          <size>6144</size>
          <hash xmlns='urn:xmpp:hashes:2' algo='sha-1'>w0mcJylzCn+AfvuGdqkty2+KP48=</hash>
          <hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>${SHA256}</hash>
        </file>
      </description>
      <transport xmlns='urn:xmpp:jingle:transports:s5b:1' mode='tcp' sid='vj3hs98y'>
        <candidate cid='hft54dqy' host='192.168.4.1' jid='romeo@montague.example/dr4hcr0st3lup4c'
                   port='5086' priority='8257636' type='direct'/>
      </transport>
    </content>
  </jingle>
</iq>`;

describe('XEP-0234 Jingle file transfer', () => {
  it('reads the file offer of XEP-0234 Example 1', () => {
    const jingle = parseJingleIq(el(OFFER));
    if (!jingle || 'rejected' in jingle) throw new Error('not jingle');
    expect(offersFile(jingle.jingle)).toBe(true);
    const content = parseFileContent(jingle.jingle);
    expect(content).toMatchObject({
      name: 'a-file-offer',
      creator: 'initiator',
      senders: 'initiator',
      file: {
        name: 'test.txt',
        size: 6144,
        mediaType: 'text/plain',
        // The shared DateTime reader takes nothing before 1970 (no file of ours is older).
        date: null,
        desc: 'This is a test. If this were a real file...',
        sha256: SHA256,
        range: { offset: 0, length: null },
      },
    });
    expect(content?.transport?.getNS()).toBe('urn:xmpp:jingle:transports:s5b:1');
  });

  it('builds a description that reads back the same', () => {
    const built = buildFileDescription({
      name: 'report.pdf',
      size: 1234,
      mediaType: 'Application/PDF',
      sha256: SHA256,
      date: Date.UTC(2026, 0, 2, 3, 4, 5),
      desc: 'Quarterly',
    });
    expect(parseFileDescription(built)).toEqual({
      name: 'report.pdf',
      size: 1234,
      mediaType: 'application/pdf',
      date: Date.UTC(2026, 0, 2, 3, 4, 5),
      desc: 'Quarterly',
      sha256: SHA256,
      range: null,
    });
    expect(() => buildFileDescription({ name: 'x', size: -1, sha256: SHA256 })).toThrow(TypeError);
    expect(() => buildFileDescription({ name: 'x', size: 1, sha256: 'nope' })).toThrow(TypeError);
  });

  it('makes hostile names safe and drops hashes it cannot trust', () => {
    const file = parseFileDescription(
      el(`<description xmlns='urn:xmpp:jingle:apps:file-transfer:5'><file>
        <name>../../.ssh/authorized_keys\u202Etxt.exe</name><size>-5</size>
        <hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>${SHA256}</hash>
        <hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=</hash>
        <range offset='99'/></file></description>`),
    );
    expect(file).toMatchObject({ name: 'authorized_keystxt.exe', size: null, sha256: null });
    expect(file?.range).toEqual({ offset: 99, length: null });
  });

  it('refuses a session-initiate that is no single file content', () => {
    const two = el(`<jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' sid='s'>
      <content creator='initiator' name='a'><description xmlns='urn:xmpp:jingle:apps:file-transfer:5'><file/></description></content>
      <content creator='initiator' name='b'><description xmlns='urn:xmpp:jingle:apps:file-transfer:5'><file/></description></content>
    </jingle>`);
    expect(parseFileContent(two)).toBeNull();
    const rtp = el(`<jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' sid='s'>
      <content creator='initiator' name='a'><description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'/></content>
    </jingle>`);
    expect(offersFile(rtp)).toBe(false);
    expect(parseFileContent(rtp)).toBeNull();
  });

  it('builds and reads the session-info payloads <received/> and <checksum/> (§8)', () => {
    expect(buildReceived('initiator', 'a-file-offer').toString()).toBe(
      '<received xmlns="urn:xmpp:jingle:apps:file-transfer:5" creator="initiator" name="a-file-offer"/>',
    );
    const wrap = (child: string) =>
      el(
        `<jingle xmlns='urn:xmpp:jingle:1' action='session-info' sid='a73sjjvkla37jfea'>${child}</jingle>`,
      );
    expect(parseFileInfo(wrap(buildReceived('initiator', 'x').toString()))).toEqual({
      received: true,
    });
    expect(parseFileInfo(wrap(buildChecksum('initiator', 'x', SHA256).toString()))).toEqual({
      checksum: SHA256,
    });
    // XEP-0234 Example 11: a SHA-1 checksum only.
    expect(
      parseFileInfo(
        wrap(`<checksum xmlns='urn:xmpp:jingle:apps:file-transfer:5' creator='initiator' name='a-file-offer'>
          <file><hash xmlns='urn:xmpp:hashes:2' algo='sha-1'>w0mcJylzCn+AfvuGdqkty2+KP48=</hash></file></checksum>`),
      ),
    ).toEqual({ checksum: null });
    expect(parseFileInfo(wrap(''))).toBeNull();
  });
});
