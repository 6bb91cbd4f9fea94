import { describe, expect, it } from 'vitest';
import { parseXml } from '../stanza.js';
import {
  MAX_MODERATION_REASON,
  NS_MODERATE,
  NS_MODERATE_0,
  buildModerationRequest,
  parseModeration,
} from './moderation.js';
import { NS_FASTEN, NS_RETRACT, NS_RETRACT_0 } from './retraction.js';

const parse = (text: string) => {
  const el = parseXml(text);
  if (!el) throw new Error('bad XML in test');
  return el;
};

describe('XEP-0425 moderation', () => {
  it('reads the room broadcast of version 1 (with occupant-id)', () => {
    const stanza = parse(`<message type='groupchat' from='room@muc.example' id='retraction-id-1'>
      <retract id='stanza-id-1' xmlns='urn:xmpp:message-retract:1'>
        <moderated by='room@muc.example/macbeth' xmlns='urn:xmpp:message-moderate:1'>
          <occupant-id xmlns='urn:xmpp:occupant-id:0' id='dd72603deec90a38ba552f7c68cbcc61bca202cd'/>
        </moderated>
        <reason>This message contains inappropriate content for this forum</reason>
      </retract>
    </message>`);
    expect(parseModeration(stanza)).toEqual({
      target: 'stanza-id-1',
      by: 'room@muc.example/macbeth',
      byOccupantId: 'dd72603deec90a38ba552f7c68cbcc61bca202cd',
      reason: 'This message contains inappropriate content for this forum',
      version: 1,
    });
  });

  it('reads the room broadcast of version 0 (fastening)', () => {
    const stanza = parse(`<message type='groupchat' from='room@muc.example' id='retraction-id-1'>
      <apply-to id='stanza-id-1' xmlns='urn:xmpp:fasten:0'>
        <moderated by='room@muc.example/macbeth' xmlns='urn:xmpp:message-moderate:0'>
          <retract xmlns='urn:xmpp:message-retract:0'/>
          <reason>This message contains inappropriate content for this forum</reason>
        </moderated>
      </apply-to>
    </message>`);
    expect(parseModeration(stanza)).toEqual({
      target: 'stanza-id-1',
      by: 'room@muc.example/macbeth',
      byOccupantId: null,
      reason: 'This message contains inappropriate content for this forum',
      version: 0,
    });
  });

  it('is not a moderation when it is a plain retraction or lacks its parts', () => {
    expect(
      parseModeration(parse(`<message><retract id='a' xmlns='${NS_RETRACT}'/></message>`)),
    ).toBeNull();
    expect(
      parseModeration(
        parse(
          `<message><apply-to id='a' xmlns='${NS_FASTEN}'><moderated xmlns='${NS_MODERATE_0}'/></apply-to></message>`,
        ),
      ),
    ).toBeNull();
    expect(
      parseModeration(
        parse(
          `<message><retract xmlns='${NS_RETRACT}'><moderated xmlns='${NS_MODERATE}'/></retract></message>`,
        ),
      ),
    ).toBeNull();
  });

  it('bounds the reason', () => {
    const long = 'r'.repeat(MAX_MODERATION_REASON + 50);
    const m = parseModeration(
      parse(
        `<message><retract id='a' xmlns='${NS_RETRACT}'><moderated xmlns='${NS_MODERATE}'/><reason>${long}</reason></retract></message>`,
      ),
    );
    expect(m?.reason?.length).toBe(MAX_MODERATION_REASON);
  });

  it('builds the request in both versions', () => {
    const v1 = parse(
      buildModerationRequest({
        room: 'room@muc.example',
        target: 's1',
        reason: 'spam',
        version: 1,
      }).toString(),
    );
    expect(v1.attrs).toMatchObject({ type: 'set', to: 'room@muc.example' });
    const moderate = v1.getChild('moderate', NS_MODERATE);
    expect(moderate?.attrs.id).toBe('s1');
    expect(moderate?.getChild('retract', NS_RETRACT)).toBeTruthy();
    expect(moderate?.getChildText('reason')).toBe('spam');

    const v0 = parse(
      buildModerationRequest({
        room: 'room@muc.example/x',
        target: 's1',
        reason: null,
        version: 0,
      }).toString(),
    );
    expect(v0.attrs.to).toBe('room@muc.example');
    const applyTo = v0.getChild('apply-to', NS_FASTEN);
    expect(applyTo?.attrs.id).toBe('s1');
    const mod0 = applyTo?.getChild('moderate', NS_MODERATE_0);
    expect(mod0?.getChild('retract', NS_RETRACT_0)).toBeTruthy();
    expect(mod0?.getChild('reason')).toBeUndefined();
  });
});
