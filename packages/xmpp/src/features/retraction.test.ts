import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../stanza.js';
import { NS_FALLBACK } from './reply.js';
import {
  NS_FASTEN,
  NS_RETRACT,
  NS_RETRACT_0,
  RETRACTION_FALLBACK_BODY,
  parseRetraction,
  retractionElements,
} from './retraction.js';

const parse = (text: string) => {
  const el = parseXml(text);
  if (!el) throw new Error('bad XML in test');
  return el;
};

describe('XEP-0424 retraction', () => {
  it('reads the current form (:1, example 1 of the XEP)', () => {
    const stanza = parse(`<message type='chat' to='lord@capulet.example' id='retract-message-1'>
      <retract id='origin-id-1' xmlns='urn:xmpp:message-retract:1'/>
      <fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:message-retract:1'/>
      <body>This person attempted to retract a previous message, but it's unsupported by your client.</body>
      <store xmlns='urn:xmpp:hints'/>
    </message>`);
    expect(parseRetraction(stanza)).toEqual({ target: 'origin-id-1', version: 1 });
  });

  it('reads the fastening form (:0) that slixmpp 1.8.3 sends', () => {
    const stanza = parse(`<message type='chat' to='lord@capulet.example' id='retract-message-1'>
      <apply-to id='origin-id-1' xmlns='urn:xmpp:fasten:0'>
        <retract xmlns='urn:xmpp:message-retract:0'/>
      </apply-to>
      <fallback xmlns='urn:xmpp:fallback:0'/>
      <body>This person attempted to retract a previous message, but your client does not support it.</body>
    </message>`);
    expect(parseRetraction(stanza)).toEqual({ target: 'origin-id-1', version: 0 });
  });

  it('leaves moderations, other fastenings and id-less forms alone', () => {
    const moderated1 = parse(`<message type='groupchat' from='room@muc.example'>
      <retract id='sid-1' xmlns='urn:xmpp:message-retract:1'>
        <moderated by='room@muc.example/macbeth' xmlns='urn:xmpp:message-moderate:1'/>
      </retract></message>`);
    const moderated0 = parse(`<message type='groupchat' from='room@muc.example'>
      <apply-to id='sid-1' xmlns='urn:xmpp:fasten:0'>
        <moderated by='room@muc.example/macbeth' xmlns='urn:xmpp:message-moderate:0'>
          <retract xmlns='urn:xmpp:message-retract:0'/></moderated></apply-to></message>`);
    expect(parseRetraction(moderated1)).toBeNull();
    expect(parseRetraction(moderated0)).toBeNull();
    expect(
      parseRetraction(
        parse(
          `<message><apply-to id='a' xmlns='${NS_FASTEN}'><x xmlns='other'/></apply-to></message>`,
        ),
      ),
    ).toBeNull();
    expect(
      parseRetraction(parse(`<message><retract xmlns='${NS_RETRACT}'/></message>`)),
    ).toBeNull();
    expect(parseRetraction(parse(`<message><body>hi</body></message>`))).toBeNull();
  });

  it('sends both forms, the fallback and a store hint', () => {
    const message = xml(
      'message',
      { type: 'chat', to: 'a@b', id: 'r1' },
      ...retractionElements('m1'),
    );
    const back = parse(message.toString());
    expect(parseRetraction(back)).toEqual({ target: 'm1', version: 1 });
    expect(back.getChild('apply-to', NS_FASTEN)?.attrs.id).toBe('m1');
    expect(back.getChild('apply-to', NS_FASTEN)?.getChild('retract', NS_RETRACT_0)).toBeTruthy();
    expect(back.getChild('fallback', NS_FALLBACK)?.attrs.for).toBe(NS_RETRACT);
    expect(back.getChildText('body')).toBe(RETRACTION_FALLBACK_BODY);
    expect(back.getChild('store', 'urn:xmpp:hints')).toBeTruthy();
  });
});
