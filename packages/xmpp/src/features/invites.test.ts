import { describe, expect, it } from 'vitest';
import { parseXml, type Element } from '../stanza.js';
import { parseCommandResponse } from './adhoc.js';
import {
  offersRegistrationToken,
  parseCreatedInvite,
  preauthRequest,
  preauthSubscribe,
} from './invites.js';

function el(text: string): Element {
  const parsed = parseXml(text);
  if (!parsed) throw new Error(`bad XML in test: ${text}`);
  return parsed;
}

// What Prosody 0.12's mod_invites_adhoc answered here (a form of type "form", empty landing-url).
const PROSODY_ANSWER = `<iq type="result" from="localhost" id="m1">
  <command status="completed" sessionid="s1" xmlns="http://jabber.org/protocol/commands"
    node="urn:xmpp:invite#invite"><x xmlns="jabber:x:data" type="form">
    <title>Your invite has been created</title>
    <field type="text-single" label="Invite web page" var="landing-url"><desc>Share</desc></field>
    <field type="text-single" label="Invite URI" var="uri">
      <value>xmpp:alice@localhost?roster;preauth=uQFqHWnzvm_Jq0ACBLTOJv_H;ibr=y</value></field>
    <field type="text-single" label="Invite valid until" var="expire">
      <value>2026-12-12T14:55:46Z</value></field></x></command></iq>`;

describe('XEP-0379/0401 stanzas', () => {
  it('sends the token before registration as an iq of its own', () => {
    expect(preauthRequest('example.org', 'T0k').toString()).toBe(
      '<iq type="set" to="example.org"><preauth xmlns="urn:xmpp:pars:0" token="T0k"/></iq>',
    );
  });

  it('puts the token in a subscription request to the bare JID', () => {
    const presence = preauthSubscribe('alice@example.org/phone', 'T0k', 'Bob');
    expect(presence.attrs).toEqual({ to: 'alice@example.org', type: 'subscribe' });
    expect(presence.getChild('preauth', 'urn:xmpp:pars:0')?.attrs.token).toBe('T0k');
    expect(presence.getChild('nick', 'http://jabber.org/protocol/nick')?.getText()).toBe('Bob');
  });

  it('sees the token stream features', () => {
    const features = (ns: string) =>
      el(`<stream:features xmlns:stream="http://etherx.jabber.org/streams">
        <register xmlns="${ns}"/></stream:features>`);
    expect(offersRegistrationToken(features('urn:xmpp:ibr-token:0'))).toBe(true);
    expect(offersRegistrationToken(features('urn:xmpp:invite'))).toBe(true);
    expect(offersRegistrationToken(features('http://jabber.org/features/iq-register'))).toBe(false);
  });
});

describe('invitations made by ad-hoc command', () => {
  it('reads the URI and expiry from Prosody’s answer, no landing page when empty', () => {
    const response = parseCommandResponse(el(PROSODY_ANSWER));
    expect(response && parseCreatedInvite(response)).toEqual({
      uri: 'xmpp:alice@localhost?roster;preauth=uQFqHWnzvm_Jq0ACBLTOJv_H;ibr=y',
      landingUrl: null,
      expiresAt: Date.UTC(2026, 11, 12, 14, 55, 46),
    });
  });

  it('reads a result form with a landing page, and refuses an answer without an xmpp: URI', () => {
    const answer = (uri: string) =>
      parseCommandResponse(
        el(`<iq type="result" id="m2"><command xmlns="http://jabber.org/protocol/commands"
          node="urn:xmpp:invite#create-account" status="completed">
          <x xmlns="jabber:x:data" type="result">
          <field var="landing-url"><value>https://example.org/invite?x</value></field>
          <field var="uri"><value>${uri}</value></field>
          <field var="expire"><value>not a date</value></field></x></command></iq>`),
      );
    const good = answer('xmpp:example.org?register;preauth=abc');
    expect(good && parseCreatedInvite(good)).toEqual({
      uri: 'xmpp:example.org?register;preauth=abc',
      landingUrl: 'https://example.org/invite?x',
      expiresAt: null,
    });
    const bad = answer('https://example.org/');
    expect(bad && parseCreatedInvite(bad)).toBeNull();
  });
});
