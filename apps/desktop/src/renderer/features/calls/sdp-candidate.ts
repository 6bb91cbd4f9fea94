// One ICE candidate between its SDP line (what RTCPeerConnection speaks) and the contract's
// structured form (what XEP-0176 carries). sdp-transform's grammar does the parsing; the line
// is wrapped in a one-media SDP because the library parses whole descriptions only.
import type { IceCandidate } from '@parley/contract';
import { parse, write, type MediaAttributes } from 'sdp-transform';

export type SdpCandidate = NonNullable<MediaAttributes['candidates']>[number];

const TYPES = new Set(['host', 'srflx', 'prflx', 'relay']);
const TCP_TYPES = new Set(['active', 'passive', 'so']);

/** A fresh Jingle candidate id: unique within the session, as XEP-0176 asks. */
export function newCandidateId(): string {
  return crypto.randomUUID().replaceAll('-', '').slice(0, 16);
}

/** sdp-transform's candidate → the contract's; null for kinds Jingle cannot carry. */
export function fromSdpCandidate(c: SdpCandidate, id = newCandidateId()): IceCandidate | null {
  const protocol = c.transport.toLowerCase();
  if ((protocol !== 'udp' && protocol !== 'tcp') || !TYPES.has(c.type)) return null;
  return {
    component: c.component,
    foundation: String(c.foundation),
    generation: c.generation ?? 0,
    id,
    ip: c.ip,
    port: c.port,
    priority: c.priority,
    protocol,
    type: c.type as IceCandidate['type'],
    ...(c.raddr !== undefined && { relAddr: c.raddr }),
    ...(c.rport !== undefined && { relPort: c.rport }),
    ...(c['network-id'] !== undefined && { network: c['network-id'] }),
    ...(c.tcptype !== undefined &&
      TCP_TYPES.has(c.tcptype) && { tcpType: c.tcptype as IceCandidate['tcpType'] }),
  };
}

/** The contract's candidate → sdp-transform's (only the fields the contract checked). */
export function toSdpCandidate(c: IceCandidate): SdpCandidate {
  return {
    foundation: c.foundation,
    component: c.component,
    transport: c.protocol,
    priority: c.priority,
    ip: c.ip,
    port: c.port,
    type: c.type,
    ...(c.relAddr !== undefined && { raddr: c.relAddr }),
    ...(c.relPort !== undefined && { rport: c.relPort }),
    ...(c.tcpType !== undefined && { tcptype: c.tcpType }),
    generation: c.generation,
    ...(c.network !== undefined && { 'network-id': c.network }),
  };
}

/** `candidate:…` as RTCIceCandidate.candidate has it → the contract's candidate (or null). */
export function parseCandidateLine(line: string): IceCandidate | null {
  const media = parse(`v=0\r\nm=audio 9 UDP 0\r\na=${line.replace(/^a=/u, '')}\r\n`).media[0];
  const candidate = media?.candidates?.[0];
  return candidate ? fromSdpCandidate(candidate) : null;
}

/** The contract's candidate → `candidate:…` for new RTCIceCandidate({ candidate }). */
export function candidateLine(c: IceCandidate): string {
  const sdp = write({
    version: 0,
    origin: {
      username: '-',
      sessionId: 0,
      sessionVersion: 0,
      netType: 'IN',
      ipVer: 4,
      address: '0.0.0.0',
    },
    name: '-',
    timing: { start: 0, stop: 0 },
    media: [
      {
        type: 'audio',
        port: 9,
        protocol: 'UDP',
        payloads: '0',
        rtp: [],
        fmtp: [],
        candidates: [toSdpCandidate(c)],
      },
    ],
  });
  const line = sdp.split('\r\n').find((l) => l.startsWith('a=candidate:'));
  if (!line) throw new Error('candidate not written');
  return line.slice(2);
}
