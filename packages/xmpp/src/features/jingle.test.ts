import { describe, expect, it } from 'vitest';
import { parseXml } from '../stanza.js';
import { buildJingle, buildJingleError, parseJingleIq } from './jingle.js';
import { buildJmi, hasJmi, parseJmi, proposeWins } from './jingle-message.js';

const iq = (text: string) => parseXml(text)!;

describe('XEP-0166 Jingle core', () => {
  it('builds a session-terminate with its reason and a session-info ringing', () => {
    expect(buildJingle('session-terminate', { sid: 's1', reason: 'success' }).toString()).toBe(
      '<iq type="set"><jingle xmlns="urn:xmpp:jingle:1" action="session-terminate" sid="s1">' +
        '<reason><success/></reason></jingle></iq>',
    );
    expect(buildJingle('session-info', { sid: 's1', info: 'ringing' }).toString()).toBe(
      '<iq type="set"><jingle xmlns="urn:xmpp:jingle:1" action="session-info" sid="s1">' +
        '<ringing xmlns="urn:xmpp:jingle:apps:rtp:info:1"/></jingle></iq>',
    );
  });

  it('reads a terminate (XEP-0166 Example 8) with reason and text', () => {
    const parsed = parseJingleIq(
      iq(`<iq from='juliet@capulet.lit/balcony' id='le71fa63' to='romeo@montague.lit/orchard' type='set'>
        <jingle xmlns='urn:xmpp:jingle:1' action='session-terminate' sid='a73sjjvkla37jfea'>
          <reason><decline/><text>Sorry, gotta go!</text></reason>
        </jingle></iq>`),
    );
    expect(parsed).toMatchObject({
      action: 'session-terminate',
      sid: 'a73sjjvkla37jfea',
      reason: { condition: 'decline', text: 'Sorry, gotta go!' },
    });
  });

  it('refuses malformed iqs and ignores what is no Jingle', () => {
    const j = (attrs: string, from = 'a@b/c', id = "id='1'") =>
      parseJingleIq(
        iq(`<iq from='${from}' ${id} type='set'><jingle xmlns='urn:xmpp:jingle:1' ${attrs}/></iq>`),
      );
    expect(j("action='session-initiate' sid='s'")).toMatchObject({ action: 'session-initiate' });
    expect(j("action='bogus' sid='s'")).toEqual({ rejected: 'malformed' });
    expect(j("action='session-initiate'")).toEqual({ rejected: 'malformed' });
    expect(j(`action='session-initiate' sid='${'x'.repeat(200)}'`)).toEqual({
      rejected: 'malformed',
    });
    expect(j("action='session-initiate' sid='a b'")).toEqual({ rejected: 'malformed' });
    // A bare JID is no device: Jingle runs between full JIDs.
    expect(j("action='session-initiate' sid='s'", 'a@b')).toEqual({ rejected: 'malformed' });
    expect(
      parseJingleIq(iq("<iq type='set' id='1'><query xmlns='jabber:iq:roster'/></iq>")),
    ).toBeNull();
    expect(parseJingleIq(iq("<iq type='result' id='1'/>"))).toBeNull();
  });

  it('answers an unknown session as XEP-0166 §10 says', () => {
    const request = iq(
      "<iq from='a@b/c' id='x1' type='set'><jingle xmlns='urn:xmpp:jingle:1' action='transport-info' sid='nope'/></iq>",
    );
    expect(buildJingleError(request, 'unknown-session')?.toString()).toBe(
      '<iq type="error" to="a@b/c" id="x1"><error type="cancel">' +
        '<item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/>' +
        '<unknown-session xmlns="urn:xmpp:jingle:errors:1"/></error></iq>',
    );
    expect(buildJingleError(request, 'out-of-order')?.toString()).toContain(
      '<unexpected-request xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/><out-of-order',
    );
  });
});

describe('XEP-0353 Jingle Message Initiation', () => {
  it('builds a propose as Conversations sends it: chat, stored, with its media', () => {
    const propose = buildJmi('juliet@capulet.lit', 'propose', 'sid1', {
      media: ['audio', 'video'],
    });
    expect(propose.attrs).toMatchObject({ to: 'juliet@capulet.lit', type: 'chat' });
    const text = propose.toString();
    expect(text).toContain(
      '<propose xmlns="urn:xmpp:jingle-message:0" id="sid1">' +
        '<description xmlns="urn:xmpp:jingle:apps:rtp:1" media="audio"/>' +
        '<description xmlns="urn:xmpp:jingle:apps:rtp:1" media="video"/></propose>',
    );
    expect(text).toContain('<store xmlns="urn:xmpp:hints"/>');
    expect(parseJmi(propose)).toEqual({
      action: 'propose',
      sid: 'sid1',
      media: ['audio', 'video'],
      reason: null,
      tieBreak: false,
    });
  });

  it('writes and reads the tie-break of crossing proposes; the lower session id wins', () => {
    const reject = buildJmi('a@b', 'reject', 'fecb', { reason: 'expired', tieBreak: true });
    expect(reject.toString()).toContain(
      '<reject xmlns="urn:xmpp:jingle-message:0" id="fecb">' +
        '<reason xmlns="urn:xmpp:jingle:1"><expired/></reason><tie-break/></reject>',
    );
    expect(parseJmi(reject)).toMatchObject({ tieBreak: true, reason: { condition: 'expired' } });
    // XEP-0353 §8.1's example: ca3cf894… sorts before fecbea35…
    const low = 'ca3cf894-5325-482f-a412-a6e9f832298d';
    const high = 'fecbea35-08d3-404f-9ec7-2b57c566fa74';
    expect(proposeWins(low, high, 'romeo@x', 'juliet@x')).toBe(true);
    expect(proposeWins(high, low, 'juliet@x', 'romeo@x')).toBe(false);
    // Octets, not locale: 'B' (0x42) sorts before 'a' (0x61).
    expect(proposeWins('B', 'a', 'x@y', 'z@y')).toBe(true);
    // The same id from both: the lower JID's propose wins.
    expect(proposeWins('s', 's', 'juliet@x', 'romeo@x')).toBe(true);
    expect(proposeWins('s', 's', 'romeo@x', 'juliet@x')).toBe(false);
  });

  it('reads every action, with reasons, and refuses what is no call', () => {
    for (const action of ['ringing', 'proceed', 'accept', 'retract', 'finish'] as const) {
      expect(parseJmi(buildJmi('a@b', action, 'x'))).toMatchObject({ action, sid: 'x', media: [] });
    }
    const busy = buildJmi('a@b', 'reject', 'x', { reason: 'busy' });
    expect(busy.toString()).toContain('<reason xmlns="urn:xmpp:jingle:1"><busy/></reason>');
    expect(parseJmi(busy)?.reason).toEqual({ condition: 'busy', text: null });
    // XEP-0353 Example 1 (from the XEP), whitespace and all.
    const example =
      iq(`<message from='romeo@montague.example/orchard' to='juliet@capulet.example' type='chat'>
      <propose xmlns='urn:xmpp:jingle-message:0' id='ca3cf894-5325-482f-a412-a6e9f832298d'>
        <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'/>
      </propose></message>`);
    expect(parseJmi(example)).toMatchObject({ action: 'propose', media: ['audio'] });
    // A file-transfer propose is no call; a missing or bad id, an unknown action: nothing.
    const file = iq(
      "<message><propose xmlns='urn:xmpp:jingle-message:0' id='f'><description xmlns='urn:xmpp:jingle:apps:file-transfer:5'/></propose></message>",
    );
    expect(parseJmi(file)).toBeNull();
    expect(hasJmi(file)).toBe(true);
    expect(
      parseJmi(iq("<message><proceed xmlns='urn:xmpp:jingle-message:0'/></message>")),
    ).toBeNull();
    expect(
      parseJmi(iq("<message><dance xmlns='urn:xmpp:jingle-message:0' id='x'/></message>")),
    ).toBeNull();
    expect(parseJmi(iq('<message><body>hi</body></message>'))).toBeNull();
  });
});
