import { describe, expect, it } from 'vitest';
import { jid, xml, type Element } from '../stanza.js';
import { openMessage } from './open.js';
import { finishEnvelope, type AsyncIncomingTransform } from './transforms.js';

const OWN = jid('juliet@capulet.lit/balcony');
const NS = 'urn:parley:test';

function sealedChat(): Element {
  return xml(
    'message',
    {
      from: 'romeo@montague.lit/orchard',
      to: 'juliet@capulet.lit/balcony',
      type: 'chat',
      id: 'm1',
    },
    xml('body', {}, 'fallback: your client cannot read this'),
    xml('sealed', { xmlns: NS }, 'secret'),
    xml('origin-id', { xmlns: 'urn:xmpp:sid:0', id: 'o1' }),
    xml('request', { xmlns: 'urn:xmpp:receipts' }),
  );
}

const sealed: AsyncIncomingTransform = {
  name: 'sealed',
  claims: (head) => head.content.getChild('sealed', NS) !== undefined,
  run: () => Promise.reject(new Error('not run here')),
};

describe('asynchronous incoming transforms', () => {
  it('notes the claiming transform on the envelope; parts are of the content as it arrived', () => {
    const { envelope } = openMessage(sealedChat(), { own: OWN, asyncTransforms: [sealed] });
    expect(envelope?.awaiting).toBe(sealed);
    expect(envelope?.parts.ids.originId).toBe('o1');
    // A plain message is not claimed and costs nothing more.
    const plain = xml(
      'message',
      { from: 'romeo@montague.lit/o', type: 'chat' },
      xml('body', {}, 'hi'),
    );
    expect(openMessage(plain, { own: OWN, asyncTransforms: [sealed] }).envelope?.awaiting).toBe(
      undefined,
    );
  });

  it('treats a claim that throws as no claim', () => {
    const broken: AsyncIncomingTransform = {
      ...sealed,
      claims: () => {
        throw new Error('bug');
      },
    };
    const { envelope } = openMessage(sealedChat(), { own: OWN, asyncTransforms: [broken] });
    expect(envelope?.awaiting).toBe(undefined);
  });

  it('parses the replacement content, keeping the addressing and noting the facts', () => {
    const { envelope } = openMessage(sealedChat(), { own: OWN, asyncTransforms: [sealed] });
    const content = xml(
      'message',
      { from: 'mallory@evil.example/x', type: 'groupchat' },
      xml('body', {}, 'secret'),
    );
    const facts = { encryption: 'omemo2', senderDevice: 7, trust: 'blind' } as const;
    const done = finishEnvelope(envelope!, { kind: 'replaced', content, facts });
    expect(done?.parts.body?.text).toBe('secret');
    expect(done?.awaiting).toBe(undefined);
    expect(done?.transformed).toEqual(facts);
    // The sender is the stanza's, checked before the transform, never the payload's claim.
    expect(done?.from?.toString()).toBe('romeo@montague.lit/orchard');
    expect(done?.type).toBe('chat');
  });

  it('keeps a message that failed without its fallback body, and drops a dropped one', () => {
    const { envelope } = openMessage(sealedChat(), { own: OWN, asyncTransforms: [sealed] });
    const failed = finishEnvelope(envelope!, {
      kind: 'failed',
      facts: { decryptError: 'not-for-this-device' },
    });
    // An empty body: a message to show (with its error), never the fallback text.
    expect(failed?.parts.body?.text).toBe('');
    expect(failed?.parts.ids.originId).toBe('o1');
    expect(failed?.parts.receipt.requested).toBe(true);
    expect(failed?.transformed).toEqual({ decryptError: 'not-for-this-device' });
    // The stanza as it arrived is untouched.
    expect(envelope?.content.getChild('body')).toBeDefined();
    expect(finishEnvelope(envelope!, { kind: 'drop' })).toBe(null);
  });
});
