// XEP-0167 Jingle RTP sessions: the <description/> of an audio or video content, with its
// payload types, XEP-0293 feedback, XEP-0294 header extensions and XEP-0339 sources. Parsing
// reads attributes into plain values only; the zod schema (jingle-content.ts) then decides.
import type { PayloadType, RtpDescription } from '@parley/contract';
import { childIn, childrenIn, xml, type Element } from '../stanza.js';

export const NS_JINGLE_RTP = 'urn:xmpp:jingle:apps:rtp:1';
export const NS_JINGLE_RTP_AUDIO = 'urn:xmpp:jingle:apps:rtp:audio';
export const NS_JINGLE_RTP_VIDEO = 'urn:xmpp:jingle:apps:rtp:video';
export const NS_RTCP_FB = 'urn:xmpp:jingle:apps:rtp:rtcp-fb:0';
export const NS_RTP_HDREXT = 'urn:xmpp:jingle:apps:rtp:rtp-hdrext:0';
export const NS_SSMA = 'urn:xmpp:jingle:apps:rtp:ssma:0';

/** More children than this in one description is no call's: the rest is not read. */
const MAX_CHILDREN = 256;

const str = (v: unknown) => (v === undefined ? undefined : String(v));
/** A decimal attribute as a number; absent stays absent, anything else is NaN (the schema refuses). */
function num(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'string' && /^\d{1,10}$/u.test(v) ? Number(v) : Number.NaN;
}

function parameters(el: Element, ns: string | undefined): PayloadType['parameters'] {
  return childrenIn(el, 'parameter', ns)
    .slice(0, MAX_CHILDREN)
    .map((p) => ({ name: str(p.attrs.name) ?? '', value: str(p.attrs.value) ?? '' }));
}

function feedback(el: Element): PayloadType['feedback'] {
  return childrenIn(el, 'rtcp-fb', NS_RTCP_FB)
    .slice(0, MAX_CHILDREN)
    .map((f) => ({
      type: str(f.attrs.type) ?? '',
      ...(f.attrs.subtype !== undefined ? { subtype: str(f.attrs.subtype) } : {}),
    }));
}

/** The plain values of an RTP `<description/>`, unchecked (see jingle-content.ts). */
export function readRtpDescription(desc: Element): unknown {
  // XEP-0293 §3: feedback at description level applies to every payload type.
  const shared = feedback(desc);
  return {
    media: desc.attrs.media,
    payloadTypes: childrenIn(desc, 'payload-type', NS_JINGLE_RTP)
      .slice(0, MAX_CHILDREN)
      .map((p) => ({
        id: num(p.attrs.id),
        name: str(p.attrs.name) ?? '',
        ...(p.attrs.clockrate !== undefined ? { clockrate: num(p.attrs.clockrate) } : {}),
        ...(p.attrs.channels !== undefined ? { channels: num(p.attrs.channels) } : {}),
        parameters: parameters(p, NS_JINGLE_RTP),
        feedback: [...feedback(p), ...shared],
      })),
    headerExtensions: childrenIn(desc, 'rtp-hdrext', NS_RTP_HDREXT)
      .slice(0, MAX_CHILDREN)
      .map((h) => ({
        id: num(h.attrs.id),
        uri: str(h.attrs.uri) ?? '',
        ...(h.attrs.senders !== undefined ? { senders: h.attrs.senders } : {}),
      })),
    rtcpMux: childIn(desc, 'rtcp-mux', NS_JINGLE_RTP) !== null,
    sources: childrenIn(desc, 'source', NS_SSMA)
      .slice(0, MAX_CHILDREN)
      .map((s) => ({ ssrc: num(s.attrs.ssrc), parameters: parameters(s, NS_SSMA) })),
    sourceGroups: childrenIn(desc, 'ssrc-group', NS_SSMA)
      .slice(0, MAX_CHILDREN)
      .map((g) => ({
        semantics: str(g.attrs.semantics) ?? '',
        ssrcs: childrenIn(g, 'source', NS_SSMA)
          .slice(0, MAX_CHILDREN)
          .map((s) => num(s.attrs.ssrc)),
      })),
  };
}

/** The `<description xmlns='urn:xmpp:jingle:apps:rtp:1'/>` of a checked description. */
export function buildRtpDescription(d: RtpDescription): Element {
  const payloads = d.payloadTypes.map((p) =>
    xml(
      'payload-type',
      {
        id: String(p.id),
        name: p.name,
        ...(p.clockrate !== undefined ? { clockrate: String(p.clockrate) } : {}),
        ...(p.channels !== undefined ? { channels: String(p.channels) } : {}),
      },
      ...p.parameters.map((x) => xml('parameter', { name: x.name, value: x.value })),
      ...p.feedback.map((f) =>
        xml('rtcp-fb', {
          xmlns: NS_RTCP_FB,
          type: f.type,
          ...(f.subtype ? { subtype: f.subtype } : {}),
        }),
      ),
    ),
  );
  const extensions = d.headerExtensions.map((h) =>
    xml('rtp-hdrext', {
      xmlns: NS_RTP_HDREXT,
      id: String(h.id),
      uri: h.uri,
      ...(h.senders ? { senders: h.senders } : {}),
    }),
  );
  const sources = d.sources.map((s) =>
    xml(
      'source',
      { xmlns: NS_SSMA, ssrc: String(s.ssrc) },
      ...s.parameters.map((x) => xml('parameter', { name: x.name, value: x.value })),
    ),
  );
  const groups = d.sourceGroups.map((g) =>
    xml(
      'ssrc-group',
      { xmlns: NS_SSMA, semantics: g.semantics },
      ...g.ssrcs.map((ssrc) => xml('source', { ssrc: String(ssrc) })),
    ),
  );
  return xml(
    'description',
    { xmlns: NS_JINGLE_RTP, media: d.media },
    ...payloads,
    ...extensions,
    ...sources,
    ...groups,
    d.rtcpMux ? xml('rtcp-mux') : null,
  );
}
