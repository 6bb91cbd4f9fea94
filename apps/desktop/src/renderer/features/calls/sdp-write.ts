// The contract's structured Jingle description → SDP for RTCPeerConnection. Every line comes
// from a field the contract's schema checked (or a constant of WebRTC's profile); no text from
// the network is copied into the SDP as it came.
import type { CallDescription, JingleContent } from '@parley/contract';
import { write, type MediaDescription } from 'sdp-transform';
import { toSdpCandidate } from './sdp-candidate';
import { directionFromSenders, parametersToFmtp, type Role } from './sdp-direction';

/** WebRTC's only RTP profile: RTP over DTLS-SRTP with feedback (RFC 5764, RFC 8834). */
const PROTOCOL = 'UDP/TLS/RTP/SAVPF';
/** Candidates come in the transport (or trickle later): the m= line names the discard port. */
const DISCARD = { port: 9, ip: '0.0.0.0' };

function media(c: JingleContent, author: Role): MediaDescription {
  const { description: d, transport: t } = c;
  const feedback = d.payloadTypes.flatMap((p) =>
    p.feedback.map((f) => ({
      payload: p.id,
      type: f.type,
      ...(f.subtype !== undefined && { subtype: f.subtype }),
    })),
  );
  return {
    type: d.media,
    port: DISCARD.port,
    protocol: PROTOCOL,
    payloads: d.payloadTypes.map((p) => p.id).join(' '),
    connection: { version: 4, ip: DISCARD.ip },
    rtcp: { port: DISCARD.port, netType: 'IN', ipVer: 4, address: DISCARD.ip },
    iceUfrag: t.ufrag,
    icePwd: t.pwd,
    iceOptions: 'trickle',
    ...(t.fingerprint && {
      fingerprint: { type: t.fingerprint.hash, hash: t.fingerprint.value },
      setup: t.fingerprint.setup,
    }),
    mid: c.name,
    ext: d.headerExtensions.map((e) => ({ value: e.id, uri: e.uri })),
    direction: directionFromSenders(c.senders, author),
    ...(d.rtcpMux && { rtcpMux: 'rtcp-mux' as const }),
    rtp: d.payloadTypes.map((p) => ({
      payload: p.id,
      codec: p.name,
      ...(p.clockrate !== undefined && { rate: p.clockrate }),
      ...(p.channels !== undefined && { encoding: p.channels }),
    })),
    fmtp: d.payloadTypes
      .filter((p) => p.parameters.length > 0)
      .map((p) => ({ payload: p.id, config: parametersToFmtp(p.parameters) })),
    rtcpFb: feedback,
    ssrcGroups: d.sourceGroups.map((g) => ({ semantics: g.semantics, ssrcs: g.ssrcs.join(' ') })),
    ssrcs: d.sources.flatMap((s) =>
      s.parameters.map((p) => ({ id: s.ssrc, attribute: p.name, value: p.value })),
    ),
    candidates: t.candidates.map(toSdpCandidate),
  };
}

/**
 * SDP for setRemoteDescription. `author` is the role of the side that wrote the description
 * (the caller's offer: 'initiator'; the callee's answer: 'responder').
 */
export function descriptionToSdp(description: CallDescription, author: Role): string {
  return write({
    version: 0,
    origin: {
      username: '-',
      sessionId: '1',
      sessionVersion: 2,
      netType: 'IN',
      ipVer: 4,
      address: '127.0.0.1',
    },
    name: '-',
    timing: { start: 0, stop: 0 },
    ...(description.bundle && {
      groups: [{ type: 'BUNDLE', mids: description.bundle.join(' ') }],
    }),
    msidSemantic: { semantic: 'WMS', token: '*' },
    media: description.contents.map((c) => media(c, author)),
  });
}
