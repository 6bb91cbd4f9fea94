// RTCPeerConnection's SDP → the contract's structured Jingle description (XEP-0167/0176/0320/
// 0338/0293/0294/0339). sdp-transform parses; this keeps what the contract can carry and the
// contract's schema checks the result, so Chromium producing something unexpected fails here,
// in the page, and never reaches the backend half-formed.
import { callDescription, type CallDescription, type JingleContent } from '@parley/contract';
import { parse, type MediaDescription } from 'sdp-transform';
import { fromSdpCandidate, newCandidateId } from './sdp-candidate';
import { fmtpToParameters, sendersFromDirection, type Role } from './sdp-direction';

const MAX_CANDIDATES = 64;
const SETUPS = new Set(['actpass', 'active', 'passive']);

function payloadTypes(m: MediaDescription): JingleContent['description']['payloadTypes'] {
  const order = (m.payloads ?? '').split(' ').map(Number);
  const byId = new Map(m.rtp.map((r) => [r.payload, r]));
  return order.flatMap((id) => {
    const rtp = byId.get(id);
    if (!rtp) return [];
    const fmtp = m.fmtp.find((f) => f.payload === id);
    const feedback = (m.rtcpFb ?? [])
      .filter((f) => f.payload === id || f.payload === '*')
      .map((f) => ({ type: f.type, ...(f.subtype !== undefined && { subtype: f.subtype }) }));
    return [
      {
        id,
        name: rtp.codec,
        ...(rtp.rate !== undefined && { clockrate: rtp.rate }),
        ...(rtp.encoding !== undefined && { channels: rtp.encoding }),
        parameters: fmtp ? fmtpToParameters(fmtp.config) : [],
        feedback,
      },
    ];
  });
}

function sources(m: MediaDescription): JingleContent['description']['sources'] {
  const bySsrc = new Map<number, { name: string; value: string }[]>();
  for (const line of m.ssrcs ?? []) {
    const params = bySsrc.get(line.id) ?? [];
    params.push({ name: line.attribute, value: line.value ?? '' });
    bySsrc.set(line.id, params);
  }
  return [...bySsrc].map(([ssrc, parameters]) => ({ ssrc, parameters }));
}

function content(m: MediaDescription, session: MediaDescription | object, author: Role) {
  const shared = { ...session, ...m } as MediaDescription;
  if (m.type !== 'audio' && m.type !== 'video') return null;
  if (m.mid === undefined) throw new Error('SDP media without a=mid');
  const fp = shared.fingerprint;
  const setup = shared.setup;
  const candidates = (m.candidates ?? [])
    .map((c) => fromSdpCandidate(c, newCandidateId()))
    .filter((c) => c !== null)
    .slice(0, MAX_CANDIDATES);
  return {
    name: String(m.mid),
    creator: 'initiator' as const,
    senders: sendersFromDirection(m.direction ?? shared.direction, author),
    description: {
      media: m.type,
      payloadTypes: payloadTypes(m),
      headerExtensions: (m.ext ?? []).map((e) => ({ id: e.value, uri: e.uri })),
      rtcpMux: m.rtcpMux !== undefined,
      sources: sources(m),
      sourceGroups: (m.ssrcGroups ?? []).map((g) => ({
        semantics: g.semantics,
        ssrcs: g.ssrcs.split(' ').map(Number),
      })),
    },
    transport: {
      ufrag: shared.iceUfrag ?? '',
      pwd: shared.icePwd ?? '',
      fingerprint:
        fp && setup && SETUPS.has(setup)
          ? { hash: fp.type.toLowerCase(), setup, value: fp.hash.toUpperCase() }
          : null,
      candidates,
    },
  };
}

/**
 * A local description (offer or answer) as the contract carries it. `author` is our role in
 * the session: the caller is the initiator, the callee the responder.
 */
export function sdpToDescription(sdp: string, author: Role): CallDescription {
  const parsed = parse(sdp);
  const { media, ...session } = parsed;
  const contents = media.map((m) => content(m, session, author)).filter((c) => c !== null);
  const bundle = parsed.groups?.find((g) => g.type === 'BUNDLE');
  return callDescription.parse({
    contents,
    // A single mid (`a=group:BUNDLE 0`) comes back from the parser as a number.
    bundle: bundle
      ? String(bundle.mids)
          .split(' ')
          .filter((mid) => mid !== '')
      : null,
  });
}
