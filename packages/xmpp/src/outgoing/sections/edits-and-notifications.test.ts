// Corrections, retractions, reactions and displayed markers built by the outgoing builder's
// sections (so the transforms, the encrypt seam, see them like any message), read back with the
// same parsers the incoming envelope uses.
import { describe, expect, it } from 'vitest';
import { parseCorrection } from '../../features/correction.js';
import { parseChatMarker } from '../../features/markers.js';
import { parseReactions } from '../../features/reactions.js';
import { RETRACTION_FALLBACK_BODY, parseRetraction } from '../../features/retraction.js';
import { createOutgoingPipeline } from '../../modules/index.js';
import { xml, type Element } from '../../stanza.js';
import type { OutgoingContext, OutgoingMessage } from '../message.js';

const pipeline = createOutgoingPipeline();
const ctx: OutgoingContext = { sendChatStates: true };
const names = (stanza: Element) =>
  stanza.getChildElements().map((c) => `${c.getName()} ${c.getNS()}`);
const base: OutgoingMessage = {
  to: 'juliet@capulet.lit',
  kind: 'chat',
  id: 'e1',
  originId: 'e1',
  body: 'fixed',
};

describe('edits through the builder', () => {
  it('a correction names the corrected message and carries the new text', () => {
    const stanza = pipeline.build({ ...base, replaces: 'm1' }, ctx);
    expect(parseCorrection(stanza)).toEqual({
      replaces: 'm1',
      body: 'fixed',
      bodyTruncated: false,
    });
    expect(stanza.attrs).toMatchObject({ type: 'chat', id: 'e1' });
  });

  it('a room retraction names the room id (:1) and the origin-id (:0), with a fallback body', () => {
    const stanza = pipeline.build(
      {
        ...base,
        to: 'den@muc.capulet.lit',
        kind: 'groupchat',
        body: RETRACTION_FALLBACK_BODY,
        retract: { id: 'room-7', legacyId: 'm1' },
      },
      ctx,
    );
    expect(parseRetraction(stanza)).toEqual({ target: 'room-7', version: 1 });
    const legacy = stanza.getChild('apply-to', 'urn:xmpp:fasten:0');
    expect(legacy?.attrs.id).toBe('m1');
    expect(stanza.getChildText('body')).toBe(RETRACTION_FALLBACK_BODY);
    expect(names(stanza)).toContain('fallback urn:xmpp:fallback:0');
    expect(names(stanza)).toContain('store urn:xmpp:hints');
  });

  it('a message without edits carries none of their elements', () => {
    const stanza = pipeline.build(base, ctx);
    expect(parseCorrection(stanza)).toBeNull();
    expect(parseRetraction(stanza)).toBeNull();
  });
});

describe('body-less notifications through the builder', () => {
  const notification = (extra: Partial<OutgoingMessage>): OutgoingMessage => ({
    to: 'den@muc.capulet.lit/romeo',
    kind: 'chat',
    id: 'n1',
    body: null,
    archive: true,
    ...extra,
  });

  it('a reaction set: the reactions, a <store/> hint and nothing else', () => {
    const stanza = pipeline.build(
      notification({ reactions: { id: 'm1', emojis: ['👍', '👍', '🎉'] } }),
      ctx,
    );
    expect(stanza.attrs).toEqual({ to: 'den@muc.capulet.lit/romeo', type: 'chat', id: 'n1' });
    expect(parseReactions(stanza)).toEqual({ id: 'm1', emojis: ['👍', '🎉'] });
    expect(names(stanza)).toEqual(['reactions urn:xmpp:reactions:0', 'store urn:xmpp:hints']);
  });

  it('a displayed marker to a room: the marker and a <store/> hint, to the bare room', () => {
    const stanza = pipeline.build(
      notification({ to: 'den@muc.capulet.lit', kind: 'groupchat', displayed: 'room-9' }),
      ctx,
    );
    expect(stanza.attrs).toEqual({ to: 'den@muc.capulet.lit', type: 'groupchat', id: 'n1' });
    expect(parseChatMarker(stanza)).toEqual({ kind: 'displayed', id: 'room-9' });
    expect(names(stanza)).toEqual(['displayed urn:xmpp:chat-markers:0', 'store urn:xmpp:hints']);
  });

  it('a bare notification that does not ask for the archive keeps <no-store/>', () => {
    const stanza = pipeline.build(
      { ...notification({}), archive: undefined, chatState: 'composing' },
      ctx,
    );
    expect(names(stanza)).toContain('no-store urn:xmpp:hints');
  });

  it('goes through the transforms, as messages do (the encrypt seam)', async () => {
    const sealed = createOutgoingPipeline();
    sealed.addTransform('seal', (stanza) =>
      xml('message', { ...stanza.attrs }, xml('sealed', { xmlns: 'test:crypto' })),
    );
    const stanza = await sealed.prepare(
      notification({ reactions: { id: 'm1', emojis: ['👍'] } }),
      ctx,
    );
    expect(parseReactions(stanza)).toBeNull();
    expect(names(stanza)).toEqual(['sealed test:crypto']);
  });
});
