import { describe, expect, it } from 'vitest';
import { xml } from '../stanza.js';
import { capsHash, parseCaps, verifyCaps } from '../features/disco.js';
import { answerIq } from '../features/iq-responder.js';
import { parseDiscoInfo } from '../features/disco.js';
import {
  buildCaps,
  featuresOf,
  ownDiscoInfo,
  PARLEY_MODULES,
  sectionsOf,
  type XmppModule,
} from './index.js';

/** What Parley announced before the features came from the modules (a hand-kept list). */
const ANNOUNCED_BEFORE = [
  'http://jabber.org/protocol/caps',
  'http://jabber.org/protocol/chatstates',
  'http://jabber.org/protocol/disco#info',
  'http://jabber.org/protocol/muc',
  'jabber:iq:version',
  'jabber:x:conference',
  'jabber:x:oob',
  'urn:xmpp:bookmarks:1+notify',
  'urn:xmpp:carbons:2',
  'urn:xmpp:hash-function-text-names:sha-256',
  'urn:xmpp:hashes:2',
  'urn:xmpp:mam:2',
  'urn:xmpp:ping',
  'urn:xmpp:receipts',
  'urn:xmpp:sfs:0',
  'urn:xmpp:sid:0',
  'urn:xmpp:time',
];
/** The caps ver of that list, as peers have cached it. */
const VER_BEFORE = '2TxV5cVTHfNddRcdpa9fS8XeqhM=';

/** What the registered modules announce today: the old list plus edits, replies, markers, reactions, styling, calls, direct files. */
const ANNOUNCED = [
  ...ANNOUNCED_BEFORE,
  'urn:xmpp:message-correct:0',
  'urn:xmpp:message-retract:0',
  'urn:xmpp:message-retract:1',
  'urn:xmpp:reply:0',
  'urn:xmpp:fallback:0',
  'urn:xmpp:chat-markers:0',
  'urn:xmpp:reactions:0',
  'urn:xmpp:styling:0',
  'http://jabber.org/protocol/nick+notify',
  'urn:xmpp:avatar:metadata+notify',
  // Calls (XEP-0166/0167/0176/0320/0353): what clients check before offering a call button.
  'urn:xmpp:jingle:1',
  'urn:xmpp:jingle:apps:rtp:1',
  'urn:xmpp:jingle:apps:rtp:audio',
  'urn:xmpp:jingle:apps:rtp:video',
  'urn:xmpp:jingle:transports:ice-udp:1',
  'urn:xmpp:jingle:apps:dtls:0',
  'urn:xmpp:jingle-message:0',
  // Direct files (XEP-0234 over XEP-0260/0065 and XEP-0261/0047): what a peer checks first.
  'urn:xmpp:jingle:apps:file-transfer:5',
  'urn:xmpp:jingle:transports:s5b:1',
  'http://jabber.org/protocol/bytestreams',
  'urn:xmpp:jingle:transports:ibb:1',
  'http://jabber.org/protocol/ibb',
].sort();

describe('disco features from the registered modules', () => {
  it('announce what the old hand-kept list did and what each newer module adds, with a caps hash that verifies', () => {
    expect(ownDiscoInfo().features).toEqual(ANNOUNCED);
    const caps = parseCaps(xml('presence', {}, buildCaps()));
    expect(caps?.ver).toBe(capsHash(ownDiscoInfo()));
    expect(verifyCaps(ownDiscoInfo(), caps!)).toBe(true);
  });

  it('a disco#info request is answered with the registered features', () => {
    const answer = answerIq(
      xml(
        'iq',
        { type: 'get', id: 'q1', from: 'romeo@montague.lit/home' },
        xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' }),
      ),
      { version: '1', nowMs: 0 },
    );
    const info = parseDiscoInfo(answer!);
    expect(info?.features).toEqual(ANNOUNCED);
    expect(capsHash(info!)).toBe(capsHash(ownDiscoInfo()));
  });

  it('a newly registered module is announced and changes the hash; duplicates count once', () => {
    const extra: XmppModule = { name: 'XEP-0308', features: ['urn:xmpp:message-correct:0'] };
    const twice: XmppModule = { name: 'again', features: ['urn:xmpp:receipts'] };
    const modules = [...PARLEY_MODULES, extra, twice];
    expect(featuresOf(modules)).toContain('urn:xmpp:message-correct:0');
    expect(featuresOf(modules).filter((f) => f === 'urn:xmpp:receipts')).toHaveLength(1);
    const info = ownDiscoInfo('Parley', modules);
    expect(info.features).toContain('urn:xmpp:message-correct:0');
    expect(capsHash(info)).not.toBe(VER_BEFORE);
    expect(verifyCaps(info, { node: 'n', hash: 'sha-1', ver: capsHash(info) })).toBe(true);
  });

  it('a module without features announces nothing, and its sections are collected', () => {
    expect(ownDiscoInfo('Parley', [{ name: 'quiet' }]).features).toEqual([]);
    expect(sectionsOf(PARLEY_MODULES).map((s) => s.name)).toContain('XEP-0184 receipt request');
  });
});
