import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { OmemoV2Error } from './errors.js';
import { buildEnvelope, parseEnvelope } from './sce.js';

const expectCode = (fn: () => unknown, code: string) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(OmemoV2Error);
    expect((e as OmemoV2Error).code).toBe(code);
    return;
  }
  throw new Error('no error');
};

const body = (t: string) => xml('body', { xmlns: 'jabber:client' }, t);
const expectations = { from: 'romeo@montague.lit/orchard', to: 'juliet@capulet.lit' };

describe('XEP-0420 envelopes', () => {
  it('round-trips content, from, to and time, with random padding', () => {
    const time = new Date('2026-12-05T01:02:03.000Z');
    const a = buildEnvelope({
      content: [body('Hi <&> ✓')],
      from: 'romeo@montague.lit/orchard',
      to: 'juliet@capulet.lit',
      time,
    });
    const b = buildEnvelope({
      content: [body('Hi <&> ✓')],
      from: 'romeo@montague.lit',
      to: 'juliet@capulet.lit',
      time,
    });
    expect(a).toContain('<rpad>');
    expect(a).not.toContain('orchard'); // bare JIDs only
    const parsed = parseEnvelope(a, expectations);
    expect(parsed.from).toBe('romeo@montague.lit');
    expect(parsed.to).toBe('juliet@capulet.lit');
    expect(parsed.time?.toISOString()).toBe(time.toISOString());
    expect(parsed.content.map((e) => e.toString())).toEqual([
      '<body xmlns="jabber:client">Hi &lt;&amp;&gt; ✓</body>',
    ]);
    expect(parseEnvelope(b, expectations).content[0]!.getText()).toBe('Hi <&> ✓');
  });

  it('content written with prefixes (as Python ElementTree does) keeps its namespaces', () => {
    // python-omemo's peers serialise `{jabber:client}body` as <ns1:body>, declaring ns1 on the
    // envelope: the element must still be a jabber:client <body> once out of the envelope.
    const env =
      '<ns0:envelope xmlns:ns0="urn:xmpp:sce:1" xmlns:ns1="jabber:client" xmlns:r="urn:x:r">' +
      '<ns0:content><ns1:body>hi</ns1:body><r:reply r:to="a@b/c" id="7"><r:x/></r:reply>' +
      '</ns0:content><ns0:rpad>pad</ns0:rpad><ns0:from jid="romeo@montague.lit"/>' +
      '<ns0:to jid="juliet@capulet.lit"/></ns0:envelope>';
    const [bodyEl, reply] = parseEnvelope(env, expectations).content;
    expect(bodyEl!.toString()).toBe('<body xmlns="jabber:client">hi</body>');
    expect(bodyEl!.parent).toBeFalsy();
    expect(reply!.name).toBe('reply');
    expect(reply!.getNS()).toBe('urn:x:r');
    expect(reply!.getChild('x', 'urn:x:r')).toBeDefined();
    // A prefixed attribute keeps the declaration of its prefix.
    expect(reply!.attrs['r:to']).toBe('a@b/c');
    expect(reply!.attrs['xmlns:r']).toBe('urn:x:r');
  });

  it('refuses an envelope lifted from another sender or conversation', () => {
    const env = buildEnvelope({
      content: [body('x')],
      from: 'mallory@evil.lit',
      to: 'juliet@capulet.lit',
    });
    expectCode(() => parseEnvelope(env, expectations), 'envelope');
    const other = buildEnvelope({
      content: [body('x')],
      from: 'romeo@montague.lit',
      to: 'nurse@capulet.lit',
    });
    expectCode(() => parseEnvelope(other, expectations), 'envelope');
  });

  it('requires <to> in group chats and accepts its absence in one-to-one chats', () => {
    const env = buildEnvelope({ content: [body('x')], from: 'romeo@montague.lit' });
    expect(parseEnvelope(env, expectations).to).toBeNull();
    expectCode(() => parseEnvelope(env, { ...expectations, groupchat: true }), 'envelope');
  });

  it('ignores rpad content and refuses malformed or foreign documents', () => {
    const ok = `<envelope xmlns='urn:xmpp:sce:1'><content><body xmlns='jabber:client'>x</body></content><rpad>&lt;anything&gt;</rpad><from jid='romeo@montague.lit'/></envelope>`;
    expect(parseEnvelope(ok, expectations).content).toHaveLength(1);
    expectCode(() => parseEnvelope(ok.slice(0, -5), expectations), 'envelope');
    expectCode(() => parseEnvelope(ok.replace('sce:1', 'sce:0'), expectations), 'envelope');
    expectCode(
      () => parseEnvelope(ok.replace('<content>', '<content/><content>'), expectations),
      'envelope',
    );
    expectCode(() => parseEnvelope('<envelope xmlns="urn:xmpp:sce:1"/>', expectations), 'envelope');
    expectCode(
      () =>
        parseEnvelope(
          ok.replace("<from jid='romeo@montague.lit'/>", "<time stamp='yesterday'/>"),
          expectations,
        ),
      'envelope',
    );
    expectCode(
      () =>
        parseEnvelope(
          `<envelope xmlns='urn:xmpp:sce:1'><content>${'x'.repeat(200_000)}</content></envelope>`,
          expectations,
        ),
      'envelope',
    );
  });
});
