import { describe, expect, it } from 'vitest';
import {
  NS_HINTS,
  NS_OMEMO2,
  NS_OMEMO_LEGACY,
  OMEMO_FALLBACK_BODY,
  childIn,
  childrenIn,
  xml,
} from '@parley/xmpp';
import { carriesContent, encryptedStanza } from './omemo-encrypt-stanza.js';

const plain = () =>
  xml(
    'message',
    { to: 'bob@example.org', type: 'chat', id: 'm1' },
    xml('origin-id', { xmlns: 'urn:xmpp:sid:0', id: 'm1' }),
    xml('body', {}, 'the secret'),
    xml('replace', { xmlns: 'urn:xmpp:message-correct:0', id: 'm0' }),
    xml('no-store', { xmlns: NS_HINTS }),
    xml('active', { xmlns: 'http://jabber.org/protocol/chatstates' }),
  );
const encrypted = (ns: string) => xml('encrypted', { xmlns: ns });

describe('what the OMEMO transform encrypts', () => {
  it('a text; not a chat state, a reaction or a retraction (no content to hide)', () => {
    expect(carriesContent(plain())).toBe(true);
    expect(carriesContent(xml('message', {}, xml('active', { xmlns: 'x' })))).toBe(false);
    const retraction = xml(
      'message',
      {},
      xml('retract', { xmlns: 'urn:xmpp:message-retract:1', id: 'm0' }),
      xml('body', {}, 'This person attempted to retract a previous message'),
    );
    expect(carriesContent(retraction)).toBe(false);
  });

  it('legacy: the text is gone, the fallback body, one <store/> hint, the rest kept', () => {
    const out = encryptedStanza(
      plain(),
      [encrypted(NS_OMEMO_LEGACY)],
      [{ jid: 'bob@example.org', deviceId: 1, version: 'legacy' }],
    );
    expect(out.toString()).not.toContain('the secret');
    expect(out.getChildText('body')).toBe(OMEMO_FALLBACK_BODY);
    expect(childrenIn(out, 'store', NS_HINTS)).toHaveLength(1);
    expect(childIn(out, 'no-store', NS_HINTS)).toBeNull();
    expect(childIn(out, 'replace', 'urn:xmpp:message-correct:0')?.attrs.id).toBe('m0');
    expect(out.attrs).toMatchObject({ id: 'm1', to: 'bob@example.org', type: 'chat' });
    expect(childIn(out, 'encryption', 'urn:xmpp:eme:0')?.attrs.namespace).toBe(NS_OMEMO_LEGACY);
  });

  it('OMEMO 2 alone: no body at all', () => {
    const out = encryptedStanza(
      plain(),
      [encrypted(NS_OMEMO2)],
      [{ jid: 'bob@example.org', deviceId: 1, version: 'v2' }],
    );
    expect(out.getChild('body')).toBeUndefined();
    expect(childIn(out, 'encrypted', NS_OMEMO2)).not.toBeNull();
    expect(childIn(out, 'encryption', 'urn:xmpp:eme:0')?.attrs.namespace).toBe(NS_OMEMO2);
  });
});
