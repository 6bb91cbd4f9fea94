import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { jid, parseXml } from '../stanza.js';
import {
  buildDisableCarbons,
  buildEnableCarbons,
  buildPrivateHint,
  unwrapCarbon,
  type Carbon,
} from './carbons.js';
import { parseChatMessage } from './chat.js';

const own = jid('juliet@capulet.lit');

// XEP-0280 Example 11 (received) and 12 (sent), as Prosody sends them.
const received = (
  outerFrom: string | null,
  inner = `<message xmlns='jabber:client'
      from='romeo@montague.lit/home' to='juliet@capulet.lit/balcony' type='chat' id='r1'>
      <body>What man art thou that, thus bescreen'd in night, so stumblest on my counsel?</body>
    </message>`,
) =>
  parseXml(`<message xmlns='jabber:client' ${outerFrom === null ? '' : `from='${outerFrom}'`}
      to='juliet@capulet.lit/chamber' type='chat'>
    <received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>${inner}</forwarded></received>
  </message>`)!;

const sent = (innerFrom = 'juliet@capulet.lit/balcony') =>
  parseXml(`<message xmlns='jabber:client' from='juliet@capulet.lit' to='juliet@capulet.lit/chamber' type='chat'>
    <sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
      <message xmlns='jabber:client' to='romeo@montague.lit/home' from='${innerFrom}' type='chat' id='s1'>
        <body>Neither, fair saint, if either thee dislike.</body>
      </message></forwarded></sent>
  </message>`)!;

describe('building', () => {
  it('builds enable/disable iqs and the private hint', () => {
    expect(buildEnableCarbons().toString()).toBe(
      '<iq type="set"><enable xmlns="urn:xmpp:carbons:2"/></iq>',
    );
    expect(buildDisableCarbons().toString()).toBe(
      '<iq type="set"><disable xmlns="urn:xmpp:carbons:2"/></iq>',
    );
    expect(buildPrivateHint().toString()).toBe('<private xmlns="urn:xmpp:carbons:2"/>');
  });
});

describe('unwrapCarbon', () => {
  it('unwraps a received carbon into a parseable message', () => {
    const result = unwrapCarbon(received('juliet@capulet.lit'), own) as Carbon;
    expect(result.direction).toBe('received');
    expect(parseChatMessage(result.forwarded, { ownJid: own })).toMatchObject({
      from: 'romeo@montague.lit/home',
      id: 'r1',
      body: "What man art thou that, thus bescreen'd in night, so stumblest on my counsel?",
    });
  });

  it('unwraps a sent carbon', () => {
    const result = unwrapCarbon(sent(), 'juliet@capulet.lit') as Carbon;
    expect(result.direction).toBe('sent');
    expect(result.forwarded.attrs.to).toBe('romeo@montague.lit/home');
  });

  it('returns null for a message that is not a carbon', () => {
    expect(
      unwrapCarbon(xml('message', { from: 'romeo@montague.lit/home' }, xml('body', {}, 'hi')), own),
    ).toBeNull();
    expect(
      unwrapCarbon(
        xml('iq', { from: 'juliet@capulet.lit' }, xml('sent', { xmlns: 'urn:xmpp:carbons:2' })),
        own,
      ),
    ).toBeNull();
    // A <sent/> in another namespace is no carbon.
    expect(
      unwrapCarbon(
        xml(
          'message',
          { from: 'juliet@capulet.lit' },
          xml('sent', { xmlns: 'urn:xmpp:carbons:1' }),
        ),
        own,
      ),
    ).toBeNull();
  });

  it('rejects carbons not from our bare JID as forged (CVE-2017-5589)', () => {
    for (const from of [
      'romeo@montague.lit',
      'romeo@montague.lit/home',
      'juliet@capulet.lit/balcony',
      'capulet.lit',
      'juliet@evil.lit',
      'a@b@c',
    ]) {
      expect(unwrapCarbon(received(from), own), from).toEqual({ rejected: 'forged' });
    }
    expect(unwrapCarbon(received(null), own)).toEqual({ rejected: 'forged' });
    expect(unwrapCarbon(received('juliet@capulet.lit'), 'not@@valid')).toEqual({
      rejected: 'forged',
    });
  });

  it('accepts our bare JID in any letter case', () => {
    expect(unwrapCarbon(received('Juliet@CAPULET.lit'), own)).toMatchObject({
      direction: 'received',
    });
  });

  it('rejects a sent carbon whose inner sender is not us, and a received one not addressed to us', () => {
    expect(unwrapCarbon(sent('romeo@montague.lit/home'), own)).toEqual({ rejected: 'forged' });
    const inner = `<message xmlns='jabber:client' from='romeo@montague.lit/home' to='nurse@capulet.lit' type='chat'><body>x</body></message>`;
    expect(unwrapCarbon(received('juliet@capulet.lit', inner), own)).toEqual({
      rejected: 'forged',
    });
  });

  it('rejects carbons inside carbons and MAM results inside carbons', () => {
    const nested = `<message xmlns='jabber:client' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>
      <sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
        <message xmlns='jabber:client' from='juliet@capulet.lit/x' to='romeo@montague.lit'><body>inner</body></message>
      </forwarded></sent></message>`;
    expect(unwrapCarbon(received('juliet@capulet.lit', nested), own)).toEqual({
      rejected: 'nested',
    });
    const mam = `<message xmlns='jabber:client' to='juliet@capulet.lit/balcony'>
      <result xmlns='urn:xmpp:mam:2' queryid='q' id='a'/></message>`;
    expect(unwrapCarbon(received('juliet@capulet.lit', mam), own)).toEqual({ rejected: 'nested' });
  });

  it('rejects malformed carbons', () => {
    const noForward = parseXml(
      `<message xmlns='jabber:client' from='juliet@capulet.lit'><received xmlns='urn:xmpp:carbons:2'/></message>`,
    )!;
    expect(unwrapCarbon(noForward, own)).toEqual({ rejected: 'malformed' });
    const twoInner = `<message xmlns='jabber:client' to='juliet@capulet.lit'><body>1</body></message>
      <message xmlns='jabber:client' to='juliet@capulet.lit'><body>2</body></message>`;
    expect(unwrapCarbon(received('juliet@capulet.lit', twoInner), own)).toEqual({
      rejected: 'malformed',
    });
    const both = parseXml(`<message xmlns='jabber:client' from='juliet@capulet.lit'>
      <sent xmlns='urn:xmpp:carbons:2'/><received xmlns='urn:xmpp:carbons:2'/></message>`)!;
    expect(unwrapCarbon(both, own)).toEqual({ rejected: 'malformed' });
  });
});
