// XEP-0260 Jingle SOCKS5 Bytestreams transport and the XEP-0065 parts it uses: the
// <transport/> with its candidates (direct host addresses, or a proxy's streamhost), the
// transport-info payloads (candidate-used, candidate-error, activated, proxy-error), the
// dst.addr hash, and the proxy's streamhost query and activation. Candidates are the peer's
// claims: hosts must be IP literals or names of a sane length, ports real, lists bounded.
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import {
  childIn,
  childrenIn,
  iqType,
  parseJid,
  xml,
  type Element,
  type JidInput,
} from '../stanza.js';

export const NS_JINGLE_S5B = 'urn:xmpp:jingle:transports:s5b:1';
export const NS_BYTESTREAMS = 'http://jabber.org/protocol/bytestreams';

/** More candidates than this is no device's list of addresses. */
export const MAX_S5B_CANDIDATES = 16;
const ID = /^[\x21-\x7e]{1,128}$/u;
const HOSTNAME = /^[a-zA-Z0-9.-]{1,253}$/;

export type S5bCandidateType = 'direct' | 'assisted' | 'tunnel' | 'proxy';

/** XEP-0260 §2.2 type preferences, for the priority formula. */
export const S5B_TYPE_PREFERENCE: Record<S5bCandidateType, number> = {
  direct: 126,
  assisted: 120,
  tunnel: 110,
  proxy: 10,
};

export interface S5bCandidate {
  cid: string;
  host: string;
  port: number;
  /** The streamhost's JID: ours for direct candidates, the proxy's for a proxy. */
  jid: string;
  priority: number;
  type: S5bCandidateType;
}

export interface S5bTransport {
  sid: string;
  /** The sender's dst.addr (hex SHA-1), when given. */
  dstaddr: string | null;
  candidates: S5bCandidate[];
}

/** XEP-0260 §2.2: priority = 2^16 × type preference + 2^8 × local preference + component. */
export function s5bPriority(type: S5bCandidateType, localPreference = 0): number {
  return S5B_TYPE_PREFERENCE[type] * 65_536 + (localPreference & 0xff) * 256 + 1;
}

/**
 * XEP-0260 §2.2/2.3: the dst.addr a connection to `owner`'s candidates carries, hex SHA-1 of
 * sid + the owner's full JID + the other party's (for the initiator's candidates the owner is
 * the initiator; for the responder's, the responder).
 */
export function s5bDstAddr(sid: string, owner: JidInput, other: JidInput): string {
  return createHash('sha1').update(`${sid}${owner.toString()}${other.toString()}`).digest('hex');
}

export function buildS5bTransport(t: S5bTransport): Element {
  return xml(
    'transport',
    { xmlns: NS_JINGLE_S5B, sid: t.sid, mode: 'tcp', ...(t.dstaddr ? { dstaddr: t.dstaddr } : {}) },
    ...t.candidates.map((c) =>
      xml('candidate', {
        cid: c.cid,
        host: c.host,
        jid: c.jid,
        port: String(c.port),
        priority: String(c.priority),
        type: c.type,
      }),
    ),
  );
}

function port(text: unknown): number | null {
  if (typeof text !== 'string' || !/^\d{1,5}$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= 65_535 ? n : null;
}

function readCandidate(el: Element): S5bCandidate | null {
  const { cid, host, jid, priority, type = 'direct' } = el.attrs as Record<string, string>;
  const p = port(el.attrs.port);
  const prio = typeof priority === 'string' && /^\d{1,10}$/.test(priority) ? Number(priority) : NaN;
  if (typeof cid !== 'string' || !ID.test(cid) || p === null || !(prio <= 0xffffffff)) return null;
  if (typeof host !== 'string' || !(isIP(host) !== 0 || HOSTNAME.test(host))) return null;
  if (!parseJid(jid) || !(type in S5B_TYPE_PREFERENCE)) return null;
  return {
    cid,
    host,
    jid: String(parseJid(jid)),
    port: p,
    priority: prio,
    type: type as S5bCandidateType,
  };
}

/**
 * A SOCKS5 <transport/>: its sid, dst.addr and the well-formed candidates (at most
 * MAX_S5B_CANDIDATES; malformed ones are skipped). Null when it is none, its sid is unusable
 * or it asks for UDP.
 */
export function parseS5bTransport(transport: Element): S5bTransport | null {
  if (transport.name !== 'transport' || transport.getNS() !== NS_JINGLE_S5B) return null;
  const { sid, dstaddr, mode = 'tcp' } = transport.attrs as Record<string, string>;
  if (typeof sid !== 'string' || !ID.test(sid) || mode !== 'tcp') return null;
  const candidates = childrenIn(transport, 'candidate', NS_JINGLE_S5B)
    .slice(0, MAX_S5B_CANDIDATES)
    .map(readCandidate)
    .filter((c): c is S5bCandidate => c !== null);
  return {
    sid,
    dstaddr: typeof dstaddr === 'string' && /^[0-9a-f]{40}$/i.test(dstaddr) ? dstaddr : null,
    candidates,
  };
}

export type S5bInfo =
  | { kind: 'candidate-used'; cid: string }
  | { kind: 'candidate-error' }
  | { kind: 'activated'; cid: string }
  | { kind: 'proxy-error' };

/** A transport-info's <transport/> carrying one of the XEP-0260 §2.4–2.5 payloads. */
export function buildS5bInfo(sid: string, info: S5bInfo): Element {
  const payload =
    info.kind === 'candidate-used' || info.kind === 'activated'
      ? xml(info.kind, { cid: info.cid })
      : xml(info.kind);
  return xml('transport', { xmlns: NS_JINGLE_S5B, sid }, payload);
}

/** The payload of a transport-info's SOCKS5 <transport/>; null when it carries none we know. */
export function parseS5bInfo(transport: Element): (S5bInfo & { sid: string }) | null {
  if (transport.getNS() !== NS_JINGLE_S5B || typeof transport.attrs.sid !== 'string') return null;
  const sid = transport.attrs.sid;
  for (const kind of ['candidate-used', 'activated'] as const) {
    const el = childIn(transport, kind, NS_JINGLE_S5B);
    if (!el) continue;
    const cid = el.attrs.cid;
    return typeof cid === 'string' && ID.test(cid) ? { kind, cid, sid } : null;
  }
  if (childIn(transport, 'candidate-error', NS_JINGLE_S5B)) return { kind: 'candidate-error', sid };
  if (childIn(transport, 'proxy-error', NS_JINGLE_S5B)) return { kind: 'proxy-error', sid };
  return null;
}

/** XEP-0065 §6.3.1: ask a proxy for its network address. */
export function buildStreamhostQuery(proxy: JidInput): Element {
  return xml('iq', { type: 'get', to: proxy.toString() }, xml('query', { xmlns: NS_BYTESTREAMS }));
}

/** The proxy's first <streamhost/> (host, port, its JID); null when the answer has none usable. */
export function parseStreamhost(iq: Element): { jid: string; host: string; port: number } | null {
  if (iqType(iq) !== 'result') return null;
  const query = childIn(iq, 'query', NS_BYTESTREAMS);
  const host = query ? childIn(query, 'streamhost', NS_BYTESTREAMS) : null;
  if (!host) return null;
  const jid = parseJid(host.attrs.jid);
  const p = port(host.attrs.port);
  const address = host.attrs.host;
  if (!jid || p === null || typeof address !== 'string') return null;
  if (!(isIP(address) !== 0 || HOSTNAME.test(address))) return null;
  return { jid: jid.toString(), host: address, port: p };
}

/** XEP-0065 §6.3.5: ask the proxy to join the two connections of `sid` to `target`. */
export function buildActivate(proxy: JidInput, sid: string, target: JidInput): Element {
  return xml(
    'iq',
    { type: 'set', to: proxy.toString() },
    xml('query', { xmlns: NS_BYTESTREAMS, sid }, xml('activate', {}, target.toString())),
  );
}
