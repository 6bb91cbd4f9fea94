// The XEP-0343 transport against the seam, two instances wired to each other as two sessions'
// Jingle iqs would wire them (the Session itself is not used by this transport).
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { jid, parseXml, type Element, type Session } from '@parley/xmpp';
import { TransportFailed, TransportRefused, type TransportContext } from './transport.js';
import { webrtcTransportKind } from './webrtc-transport.js';

const controllers: AbortController[] = [];
afterEach(() => controllers.splice(0).forEach((c) => c.abort()));

function contexts(deliver: { toA: (t: Element) => void; toB: (t: Element) => void }) {
  const initiator = jid('romeo@montague.lit/orchard');
  const responder = jid('juliet@capulet.lit/balcony');
  const make = (role: 'initiator' | 'responder'): TransportContext => {
    const ac = new AbortController();
    controllers.push(ac);
    return {
      accountId: 'a1',
      session: {} as Session,
      sid: 'a73sjjvkla37jfea',
      role,
      own: role === 'initiator' ? initiator : responder,
      peer: role === 'initiator' ? responder : initiator,
      initiator,
      responder,
      // Through a string, as the server would carry it.
      sendInfo: (t) => {
        (role === 'initiator' ? deliver.toB : deliver.toA)(parseXml(t.toString())!);
        return Promise.resolve();
      },
      signal: ac.signal,
    };
  };
  return { a: make('initiator'), b: make('responder') };
}

const kind = webrtcTransportKind({
  iceServers: () => Promise.resolve([]),
  hostAddresses: ['127.0.0.1'],
  connectTimeoutMs: 10_000,
});

function wired() {
  const wire = { toA: (_t: Element) => {}, toB: (_t: Element) => {} };
  const { a, b } = contexts(wire);
  const ta = kind.create(a);
  const tb = kind.create(b);
  wire.toA = (t) => ta.info(t);
  wire.toB = (t) => tb.info(t);
  return { ta, tb, ctxA: a };
}

describe('webrtc transport (XEP-0343 on the direct-transfer seam)', () => {
  it('negotiates through Jingle elements and carries a file', async () => {
    const { ta, tb } = wired();
    const offer = await ta.local();
    expect(offer.attrs.xmlns).toBe('urn:xmpp:jingle:transports:webrtc-datachannel:1');
    tb.take(parseXml(offer.toString())!);
    const answer = await tb.local();
    ta.take(parseXml(answer.toString())!);
    const [out, inn] = await Promise.all([ta.connect(), tb.connect()]);
    const data = randomBytes(1024 * 1024 + 3);
    const got: Buffer[] = [];
    inn.on('data', (d: Buffer) => got.push(d));
    const ended = new Promise((r) => inn.once('end', r));
    out.end(data);
    await ended;
    const hash = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(hash(Buffer.concat(got))).toBe(hash(data));
    ta.close();
    tb.close();
  }, 60_000);

  it('refuses a transport without fingerprint, and a garbled transport-info', async () => {
    const { ta, tb } = wired();
    const offer = await ta.local();
    const stripped = parseXml(offer.toString())!;
    const ice = stripped.getChild('transport')!;
    ice.children = ice.children.filter((c) => typeof c === 'string' || c.name !== 'fingerprint');
    expect(() => tb.take(stripped)).toThrow(TransportRefused);
    const bad = parseXml(
      `<transport xmlns='urn:xmpp:jingle:transports:webrtc-datachannel:1'><transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='a b'/></transport>`,
    )!;
    expect(() => tb.info(bad)).toThrow(TransportRefused);
    ta.close();
  });

  it('fails connect with TransportFailed when the session ends first', async () => {
    const { ta, ctxA } = wired();
    await ta.local();
    const pending = ta.connect();
    controllers.find((c) => c.signal === ctxA.signal)!.abort();
    await expect(pending).rejects.toBeInstanceOf(TransportFailed);
  });
});
