// XEP-0343 Jingle WebRTC data channel transport: DTLS/SCTP over ICE-UDP, for XEP-0234 files.
// On the wire as Conversations sends it (the namespace ':1'): an outer <transport/> carrying
// the SDP's sctp-port and max-message-size around an XEP-0176 ICE-UDP <transport/> with the
// XEP-0320 fingerprint. The XEP's own 0.3 examples (an ICE-UDP <transport/> with a dtls-sctp
// <sctpmap/>) are read too. Everything is checked against the contract's ICE schemas whole.
import {
  iceCandidate,
  iceTransport,
  type DtlsFingerprint,
  type IceCandidate,
} from '@parley/contract';
import { childIn, xml, type Element } from '../stanza.js';
import { NS_JINGLE_ICE, buildIceTransport, readIceTransport } from './jingle-ice.js';

export const NS_JINGLE_WEBRTC_DC = 'urn:xmpp:jingle:transports:webrtc-datachannel:1';
/** XEP-0343 0.3's <sctpmap/> (read only: no peer we know of sends it any more). */
export const NS_JINGLE_DTLS_SCTP = 'urn:xmpp:jingle:transports:dtls-sctp:1';

/** RFC 8841: the SCTP port when none is given. */
export const DEFAULT_SCTP_PORT = 5000;
/** RFC 8841 §6: a peer that names no max-message-size takes 64 KiB. */
export const DEFAULT_MAX_MESSAGE_SIZE = 65_536;
/** Larger messages than this are never sent, whatever the peer allows (memory per message). */
export const MAX_MESSAGE_SIZE_CAP = 1 << 20;

/** A data channel transport: the SCTP parameters and the ICE-UDP part. */
export interface DataChannelTransport {
  sctpPort: number;
  /** The peer's largest message; 0 for "no limit" (RFC 8841), null when not given. */
  maxMessageSize: number | null;
  ufrag: string;
  /** Absent in a transport-info (XEP-0176 §5.1 needs only the ufrag). */
  pwd?: string;
  fingerprint: DtlsFingerprint | null;
  candidates: IceCandidate[];
}

export function buildDataChannelTransport(t: DataChannelTransport): Element {
  return xml(
    'transport',
    {
      xmlns: NS_JINGLE_WEBRTC_DC,
      'sctp-port': String(t.sctpPort),
      ...(t.maxMessageSize !== null ? { 'max-message-size': String(t.maxMessageSize) } : {}),
    },
    buildIceTransport(t),
  );
}

/** A transport-info's payload: one (or more) trickled candidates under the ufrag. */
export function buildDataChannelCandidates(
  ufrag: string,
  candidates: readonly IceCandidate[],
): Element {
  return xml(
    'transport',
    { xmlns: NS_JINGLE_WEBRTC_DC },
    buildIceTransport({ ufrag, candidates: [...candidates] }),
  );
}

function intAttr(v: unknown, min: number, max: number): number | null | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d{1,10}$/u.test(v)) return null;
  const n = Number(v);
  return n >= min && n <= max ? n : null;
}

/** The ICE-UDP element and SCTP attributes of either form; null when neither. */
function locate(t: Element): { ice: Element; port: unknown; maxSize: unknown } | null {
  if (t.name !== 'transport') return null;
  if (t.getNS() === NS_JINGLE_WEBRTC_DC) {
    const ice = childIn(t, 'transport', NS_JINGLE_ICE);
    return ice ? { ice, port: t.attrs['sctp-port'], maxSize: t.attrs['max-message-size'] } : null;
  }
  if (t.getNS() === NS_JINGLE_ICE) {
    const map = childIn(t, 'sctpmap', NS_JINGLE_DTLS_SCTP);
    if (!map || map.attrs.protocol !== 'webrtc-datachannel') return null;
    return { ice: t, port: map.attrs.number, maxSize: undefined };
  }
  return null;
}

/**
 * A session-initiate's, accept's or transport-replace's data channel transport, checked whole:
 * null when anything (a candidate, the fingerprint, a port) is outside the schema.
 */
export function parseDataChannelTransport(t: Element): DataChannelTransport | null {
  const found = locate(t);
  if (!found) return null;
  const sctpPort = intAttr(found.port, 1, 65_535);
  const maxMessageSize = intAttr(found.maxSize, 0, 2 ** 32 - 1);
  if (sctpPort === null || maxMessageSize === null) return null;
  // The XEP's initiate example writes "mlns" on the fingerprint: read as none (no DTLS → refused
  // later by the transport, which needs one), never guessed.
  const checked = iceTransport.safeParse(readIceTransport(found.ice));
  if (!checked.success) return null;
  return {
    sctpPort: sctpPort ?? DEFAULT_SCTP_PORT,
    maxMessageSize: maxMessageSize ?? null,
    ...checked.data,
  };
}

/** A transport-info's candidates and their ufrag; null when any part is outside the schema. */
export function parseDataChannelCandidates(
  t: Element,
): { ufrag: string; candidates: IceCandidate[] } | null {
  const found = locate(t);
  if (!found) return null;
  const read = readIceTransport(found.ice) as { ufrag: unknown; candidates: unknown[] };
  const ufrag = iceTransport.shape.ufrag.safeParse(read.ufrag);
  const candidates = iceTransport.shape.candidates.safeParse(read.candidates);
  if (!ufrag.success || !candidates.success) return null;
  return { ufrag: ufrag.data, candidates: candidates.data.map((c) => iceCandidate.parse(c)) };
}
