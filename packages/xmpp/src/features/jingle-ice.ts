// XEP-0176 Jingle ICE-UDP transport and XEP-0320 DTLS fingerprints: the <transport/> of a
// content and its candidates. Read into plain values; the zod schema decides (jingle-content.ts).
import type { IceCandidate, IceTransport } from '@parley/contract';
import { childIn, childrenIn, xml, type Element } from '../stanza.js';

export const NS_JINGLE_ICE = 'urn:xmpp:jingle:transports:ice-udp:1';
export const NS_JINGLE_DTLS = 'urn:xmpp:jingle:apps:dtls:0';

/** Candidates beyond this in one transport are not read (the schema allows 64). */
const MAX_READ = 128;

function num(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'string' && /^\d{1,10}$/u.test(v) ? Number(v) : Number.NaN;
}

function readCandidate(c: Element): unknown {
  const a = c.attrs;
  return {
    component: num(a.component),
    foundation: a.foundation,
    generation: num(a.generation ?? '0'),
    id: a.id,
    ip: a.ip,
    port: num(a.port),
    priority: num(a.priority),
    protocol: a.protocol,
    type: a.type,
    ...(a['rel-addr'] !== undefined ? { relAddr: a['rel-addr'] } : {}),
    ...(a['rel-port'] !== undefined ? { relPort: num(a['rel-port']) } : {}),
    ...(a.network !== undefined ? { network: num(a.network) } : {}),
    ...(a.tcptype !== undefined ? { tcpType: a.tcptype } : {}),
  };
}

/** The plain values of an ICE-UDP `<transport/>`, unchecked. */
export function readIceTransport(t: Element): unknown {
  const fp = childIn(t, 'fingerprint', NS_JINGLE_DTLS);
  return {
    ufrag: t.attrs.ufrag,
    pwd: t.attrs.pwd,
    // SDP writes the hex upper case; some peers send it lower case.
    fingerprint: fp
      ? { hash: fp.attrs.hash, setup: fp.attrs.setup, value: fp.text().trim().toUpperCase() }
      : null,
    candidates: childrenIn(t, 'candidate', NS_JINGLE_ICE).slice(0, MAX_READ).map(readCandidate),
  };
}

export function buildCandidate(c: IceCandidate): Element {
  return xml('candidate', {
    component: String(c.component),
    foundation: c.foundation,
    generation: String(c.generation),
    id: c.id,
    ip: c.ip,
    port: String(c.port),
    priority: String(c.priority),
    protocol: c.protocol,
    type: c.type,
    ...(c.relAddr !== undefined ? { 'rel-addr': c.relAddr } : {}),
    ...(c.relPort !== undefined ? { 'rel-port': String(c.relPort) } : {}),
    ...(c.network !== undefined ? { network: String(c.network) } : {}),
    ...(c.tcpType !== undefined ? { tcptype: c.tcpType } : {}),
  });
}

/**
 * The `<transport/>` of a checked transport. `pwd` may be left out for a transport-info
 * (XEP-0176 §5.1 only needs the ufrag to tell ICE restarts apart).
 */
export function buildIceTransport(
  t: Pick<IceTransport, 'ufrag' | 'candidates'> &
    Partial<Pick<IceTransport, 'pwd' | 'fingerprint'>>,
): Element {
  return xml(
    'transport',
    { xmlns: NS_JINGLE_ICE, ufrag: t.ufrag, ...(t.pwd ? { pwd: t.pwd } : {}) },
    t.fingerprint
      ? xml(
          'fingerprint',
          { xmlns: NS_JINGLE_DTLS, hash: t.fingerprint.hash, setup: t.fingerprint.setup },
          t.fingerprint.value,
        )
      : null,
    ...t.candidates.map(buildCandidate),
  );
}
