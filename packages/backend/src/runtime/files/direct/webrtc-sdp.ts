// SDP ↔ XEP-0343 transport for the backend's werift peer connection. werift speaks SDP only:
// our own description is read out of its SDP, the peer's is written into one. Only values that
// passed the contract's schemas reach an SDP line (no newline or space can be smuggled in), and
// only candidates with a literal IP address (werift resolves no mDNS names).
import { isIP } from 'node:net';
import { iceCandidate, type IceCandidate } from '@parley/contract';
import { DEFAULT_SCTP_PORT, type DataChannelTransport } from '@parley/xmpp';

/** The one m-line's mid in the SDPs we write (werift's own offers use it too). */
export const MID = '0';

/** `a=candidate:` value (RFC 8839 §5.1) of a checked candidate. */
export function candidateToSdp(c: IceCandidate): string {
  const parts = [
    `candidate:${c.foundation}`,
    c.component,
    c.protocol,
    c.priority,
    c.ip,
    c.port,
    'typ',
    c.type,
  ];
  if (c.relAddr !== undefined && c.relPort !== undefined) {
    parts.push('raddr', c.relAddr, 'rport', c.relPort);
  }
  if (c.tcpType !== undefined) parts.push('tcptype', c.tcpType);
  parts.push('generation', c.generation);
  return parts.join(' ');
}

/** A candidate line (ours, from werift) as the contract's candidate; null when it is none. */
export function candidateFromSdp(line: string, id: string): IceCandidate | null {
  const words = line
    .replace(/^a=/u, '')
    .replace(/^candidate:/u, '')
    .trim()
    .split(/\s+/u);
  const [foundation, component, protocol, priority, ip, port, typ, type] = words;
  if (typ !== 'typ' || words.length < 8) return null;
  const extra = new Map<string, string>();
  for (let i = 8; i + 1 < words.length; i += 2) extra.set(words[i]!, words[i + 1]!);
  const relAddr = extra.get('raddr');
  const relPort = extra.get('rport');
  const tcpType = extra.get('tcptype');
  const checked = iceCandidate.safeParse({
    component: Number(component),
    foundation,
    generation: Number(extra.get('generation') ?? 0),
    id,
    ip,
    port: Number(port),
    priority: Number(priority),
    protocol: protocol?.toLowerCase(),
    type,
    ...(relAddr !== undefined && relPort !== undefined
      ? { relAddr, relPort: Number(relPort) }
      : {}),
    ...(tcpType !== undefined ? { tcpType } : {}),
  });
  return checked.success ? checked.data : null;
}

/** Whether werift can use a remote candidate: UDP to a literal address on a real port. */
export function usableCandidate(c: IceCandidate): boolean {
  return c.protocol === 'udp' && c.component === 1 && isIP(c.ip) !== 0 && c.port > 0;
}

/**
 * The peer's transport as an SDP offer (when it initiated) or answer. Our role in DTLS follows
 * its setup: actpass in an offer, active/passive in an answer (RFC 8842).
 */
export function remoteSdp(t: DataChannelTransport, type: 'offer' | 'answer'): string {
  if (!t.pwd || !t.fingerprint) throw new Error('no ICE password or DTLS fingerprint');
  const lines = [
    'v=0',
    'o=- 1 0 IN IP4 0.0.0.0',
    's=-',
    't=0 0',
    `a=group:BUNDLE ${MID}`,
    'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
    'c=IN IP4 0.0.0.0',
    `a=ice-ufrag:${t.ufrag}`,
    `a=ice-pwd:${t.pwd}`,
    'a=ice-options:trickle',
    `a=fingerprint:${t.fingerprint.hash} ${t.fingerprint.value}`,
    `a=setup:${setupOf(t, type)}`,
    `a=mid:${MID}`,
    `a=sctp-port:${t.sctpPort}`,
    ...(t.maxMessageSize !== null ? [`a=max-message-size:${t.maxMessageSize}`] : []),
    ...t.candidates.filter(usableCandidate).map((c) => `a=${candidateToSdp(c)}`),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** An offer is actpass; an answer that says actpass (not allowed, RFC 8842 §5.3) is active. */
function setupOf(t: DataChannelTransport, type: 'offer' | 'answer'): string {
  if (type === 'offer') return 'actpass';
  return t.fingerprint?.setup === 'passive' ? 'passive' : 'active';
}

/** Our own description (werift's SDP) as the transport to send; candidates numbered by `id`. */
export function localTransport(sdp: string, id: (n: number) => string): DataChannelTransport {
  const attr = (name: string) =>
    sdp
      .split(/\r?\n/u)
      .filter((l) => l.startsWith(`a=${name}:`))
      .map((l) => l.slice(name.length + 3).trim());
  const [hash, value] = (attr('fingerprint')[0] ?? '').split(' ');
  const setup = attr('setup')[0];
  const maxSize = attr('max-message-size')[0];
  const candidates = attr('candidate')
    .map((line, n) => candidateFromSdp(line, id(n)))
    .filter((c): c is IceCandidate => c !== null);
  return {
    sctpPort: Number(attr('sctp-port')[0] ?? DEFAULT_SCTP_PORT),
    maxMessageSize: maxSize !== undefined ? Number(maxSize) : null,
    ufrag: attr('ice-ufrag')[0] ?? '',
    pwd: attr('ice-pwd')[0] ?? '',
    fingerprint:
      hash && value
        ? {
            hash: hash as 'sha-256',
            setup: (setup ?? 'actpass') as 'actpass',
            value: value.toUpperCase(),
          }
        : null,
    candidates,
  };
}
