// A small hostile-stanza corpus: seeded mutations of valid stanzas run through every parser.
// Asserts the invariants that matter (no parser throws; nothing from a stranger is accepted
// where only our own account may speak), not just the absence of crashes.
import { describe, expect, it } from 'vitest';
import {
  clientCorpus,
  mutate,
  networkValues,
  NETWORK_NAMESPACES,
  rng,
  type Mutations,
} from '../test-support/mutate-stanza.js';
import { jid, parseXml } from '../stanza.js';
import { unwrapCarbon } from './carbons.js';
import { parseChatMessage } from './chat.js';
import { trustedDelay } from './delay.js';
import { parseDiscoInfo } from './disco.js';
import { answersFor } from './iq-addressee.js';
import { answerIq } from './iq-responder.js';
import { parseMamFin, parseMamResult } from './mam.js';
import { parseMucPresence } from './muc.js';
import { parseInvitation } from './muc-invite.js';
import { parseGroupchatMessage } from './muc-message.js';
import { parseOccupantId } from './occupant-id.js';
import { parsePresence } from './presence.js';
import { parseRosterPush, parseRosterResult } from './roster.js';

const own = jid('juliet@capulet.lit');
const ownFull = jid('juliet@capulet.lit/balcony');

const seeds = [
  `<message xmlns='jabber:client' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' from='romeo@montague.lit/home' to='juliet@capulet.lit/x' type='chat' id='a'><body>hi</body></message></forwarded></received></message>`,
  `<message xmlns='jabber:client' from='juliet@capulet.lit'><result xmlns='urn:xmpp:mam:2' queryid='q' id='s1'><forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/><message xmlns='jabber:client' from='romeo@montague.lit' type='chat'><body>x</body></message></forwarded></result></message>`,
  `<iq xmlns='jabber:client' type='set' id='p1' from='juliet@capulet.lit'><query xmlns='jabber:iq:roster' ver='v'><item jid='nurse@capulet.lit' name='Nurse' subscription='both'><group>G</group></item></query></iq>`,
  `<iq xmlns='jabber:client' type='result' id='r1'><query xmlns='jabber:iq:roster' ver='v'><item jid='romeo@montague.lit'/></query></iq>`,
  `<presence xmlns='jabber:client' from='romeo@montague.lit/home' type='subscribe'><show>away</show><priority>3</priority><nick xmlns='http://jabber.org/protocol/nick'>R</nick></presence>`,
  `<message xmlns='jabber:client' from='romeo@montague.lit/home' type='chat' id='m'><body>b</body><stanza-id xmlns='urn:xmpp:sid:0' id='z' by='juliet@capulet.lit'/><delay xmlns='urn:xmpp:delay' stamp='2002-09-10T23:08:25Z'/></message>`,
  `<iq xmlns='jabber:client' type='result' id='d'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='client' type='pc'/><feature var='urn:xmpp:ping'/></query></iq>`,
  `<iq xmlns='jabber:client' type='result' id='f'><fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'><first>a</first><last>b</last><count>2</count></set></fin></iq>`,
];

const hostileValues = [
  '',
  'romeo@montague.lit',
  'juliet@capulet.lit/evil',
  'a@b@c',
  '\u0000',
  'x'.repeat(5000),
  'capulet.lit',
  'JULIET@CAPULET.LIT',
];

const MUTATIONS: Mutations = {
  values: hostileValues,
  namespaces: ['urn:evil', 'jabber:client', 'urn:xmpp:carbons:2', 'urn:xmpp:mam:2'],
};

describe('hostile corpus', () => {
  it('no parser throws, and only our own account is trusted', () => {
    const random = rng(20240601);
    let acceptedCarbons = 0;
    for (let round = 0; round < 3000; round++) {
      const stanza = parseXml(seeds[round % seeds.length]!)!;
      mutate(stanza, random, MUTATIONS);
      const from = stanza.attrs.from;
      // An oracle independent of the code under test: the only spellings of our bare JID here.
      const fromOwn = from === undefined || from.toLowerCase() === 'juliet@capulet.lit';

      const run = () => {
        const carbon = unwrapCarbon(stanza, own);
        if (carbon && !('rejected' in carbon)) {
          acceptedCarbons++;
          expect(from?.toLowerCase()).toBe('juliet@capulet.lit');
        }
        const mam = parseMamResult(stanza, { ownBareJid: own });
        if (mam && !('rejected' in mam)) expect(fromOwn).toBe(true);
        const push = parseRosterPush(stanza, own);
        if (push && !('rejected' in push)) expect(fromOwn).toBe(true);
        if (parseRosterResult(stanza, own)) expect(fromOwn).toBe(true);
        parseChatMessage(stanza, { ownJid: ownFull });
        parsePresence(stanza);
        parseDiscoInfo(stanza);
        parseMamFin(stanza, own);
        answerIq(stanza, { version: '0', nowMs: 0 });
      };
      expect(run, stanza.toString().slice(0, 300)).not.toThrow();
    }
    // The corpus still exercises the accepting path, not only rejections.
    expect(acceptedCarbons).toBeGreaterThan(10);
  });

  it('rejects garbage roots everywhere', () => {
    for (const text of [
      '<foo/>',
      "<stream:error xmlns:stream='http://etherx.jabber.org/streams'/>",
      '<message/>',
      '<iq/>',
      '<presence/>',
    ]) {
      const el = parseXml(text)!;
      expect(unwrapCarbon(el, own)).toBeNull();
      expect(parseMamResult(el, { ownBareJid: own })).toBeNull();
      expect(parseRosterPush(el, own)).toBeNull();
      expect(parseRosterResult(el, own)).toBeNull();
      expect(parsePresence(el)).toBeNull();
      expect(parseDiscoInfo(el)).toBeNull();
      expect(parseMamFin(el)).toBeNull();
      expect(answerIq(el, { version: '0', nowMs: 0 })).toBeNull();
    }
  });
});

describe('hostile client corpus (shared with the mutated-stanzas fault scenario)', () => {
  const parties = {
    own: 'juliet@capulet.lit',
    stranger: 'tybalt@evil.example',
    room: 'den@muc.evil.example',
  };
  const corpus = clientCorpus(parties);
  const mutations: Mutations = { values: networkValues(parties), namespaces: NETWORK_NAMESPACES };
  const isServer = (by: { local: string; domain: string; resource: string }) =>
    !by.local && !by.resource && by.domain === 'capulet.lit';

  it('no parser throws; no delay lands in the future; only the addressee answers an iq', () => {
    const random = rng(20261204);
    const now = Date.now();
    let trustedStamps = 0;
    for (let round = 0; round < 5000; round++) {
      const stanza = parseXml(corpus[round % corpus.length]!)!;
      mutate(stanza, random, mutations);
      const from = stanza.attrs.from as string | undefined;
      const fromOwn = from === undefined || from.toLowerCase() === parties.own;
      const run = () => {
        const carbon = unwrapCarbon(stanza, own);
        if (carbon && !('rejected' in carbon)) expect(from?.toLowerCase()).toBe(parties.own);
        const mam = parseMamResult(stanza, { ownBareJid: own });
        if (mam && !('rejected' in mam)) expect(fromOwn).toBe(true);
        const push = parseRosterPush(stanza, own);
        if (push && !('rejected' in push)) expect(fromOwn).toBe(true);
        parseChatMessage(stanza, { ownJid: ownFull });
        parsePresence(stanza);
        parseInvitation(stanza);
        parseMucPresence(stanza);
        parseGroupchatMessage(stanza);
        parseOccupantId(stanza);
        const dated = trustedDelay(stanza, isServer, now);
        expect(dated.timestamp).toBeLessThanOrEqual(now);
        if (dated.trusted) trustedStamps++;
        if (from !== undefined && from.toLowerCase() !== 'upload.capulet.lit') {
          expect(
            answersFor('upload.capulet.lit', from, { jid: ownFull, domain: 'capulet.lit' }),
          ).toBe(false);
        }
        answerIq(stanza, { version: '0', nowMs: 0 });
      };
      expect(run, stanza.toString().slice(0, 300)).not.toThrow();
    }
    // The corpus reaches the trusting path too, not only the refusals.
    expect(trustedStamps).toBeGreaterThan(10);
  });
});
