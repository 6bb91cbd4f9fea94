// Jingle <content/> elements ↔ the contract's CallDescription: RTP description (jingle-rtp.ts),
// ICE-UDP transport (jingle-ice.ts) and the XEP-0338 BUNDLE group. Whatever comes from the
// network is read into plain values and must pass the contract's zod schema whole; anything
// else is refused (the caller answers the iq with an error), never handed on in part.
import {
  callDescription,
  iceCandidate,
  iceTransport,
  type CallDescription,
  type IceCandidate,
  type JingleContent,
} from '@parley/contract';
import { childIn, childrenIn, xml, type Element } from '../stanza.js';
import { NS_JINGLE } from './jingle.js';
import { NS_JINGLE_ICE, buildIceTransport, readIceTransport } from './jingle-ice.js';
import { NS_JINGLE_RTP, buildRtpDescription, readRtpDescription } from './jingle-rtp.js';

export const NS_JINGLE_GROUPING = 'urn:xmpp:jingle:apps:grouping:0';

/** More contents than this in one iq is no call's (the schema allows 8). */
const MAX_CONTENTS = 16;

export function buildContent(c: JingleContent): Element {
  return xml(
    'content',
    { creator: c.creator, name: c.name, senders: c.senders },
    buildRtpDescription(c.description),
    buildIceTransport(c.transport),
  );
}

/** The contents and the BUNDLE group of a description, for a Jingle iq's children. */
export function buildDescriptionChildren(d: CallDescription): {
  contents: Element[];
  extra: Element[];
} {
  const group = d.bundle
    ? xml(
        'group',
        { xmlns: NS_JINGLE_GROUPING, semantics: 'BUNDLE' },
        ...d.bundle.map((name) => xml('content', { name })),
      )
    : null;
  return { contents: d.contents.map(buildContent), extra: group ? [group] : [] };
}

/** Why a description was refused: for logs and the iq's error text. */
export type DescriptionRefusal = 'no-contents' | 'unsupported' | 'invalid';

/**
 * The description a session-initiate, session-accept or content-add carries. A content that is
 * not RTP over ICE-UDP is 'unsupported' (answered unsupported-applications/transports); any
 * value outside the schema is 'invalid'.
 */
export function parseDescription(
  jingle: Element,
): { description: CallDescription } | { refused: DescriptionRefusal } {
  const contents = childrenIn(jingle, 'content', NS_JINGLE);
  if (contents.length === 0) return { refused: 'no-contents' };
  if (contents.length > MAX_CONTENTS) return { refused: 'invalid' };
  const read: unknown[] = [];
  for (const c of contents) {
    const desc = childIn(c, 'description', NS_JINGLE_RTP);
    const transport = childIn(c, 'transport', NS_JINGLE_ICE);
    if (!desc || !transport) return { refused: 'unsupported' };
    read.push({
      name: c.attrs.name,
      creator: c.attrs.creator,
      senders: c.attrs.senders ?? 'both',
      description: readRtpDescription(desc),
      transport: readIceTransport(transport),
    });
  }
  const group = childrenIn(jingle, 'group', NS_JINGLE_GROUPING).find(
    (g) => g.attrs.semantics === 'BUNDLE',
  );
  const bundle = group
    ? childrenIn(group, 'content', NS_JINGLE_GROUPING)
        .slice(0, MAX_CONTENTS)
        .map((c) => c.attrs.name)
    : null;
  const checked = callDescription.safeParse({ contents: read, bundle });
  return checked.success ? { description: checked.data } : { refused: 'invalid' };
}

/** One trickled candidate, as `calls.candidate` and `call.candidate` carry it. */
export interface TrickledCandidate {
  content: string;
  ufrag: string;
  candidate: IceCandidate;
}

/** A transport-info with one content and one candidate (XEP-0176 §5.1 trickle). */
export function buildTransportInfoContent(
  t: TrickledCandidate & { creator: 'initiator' | 'responder'; pwd?: string },
): Element {
  return xml(
    'content',
    { creator: t.creator, name: t.content },
    buildIceTransport({ ufrag: t.ufrag, pwd: t.pwd, candidates: [t.candidate] }),
  );
}

/** The candidates of a transport-info; null when any part is outside the schema. */
export function parseTransportInfo(jingle: Element): TrickledCandidate[] | null {
  const out: TrickledCandidate[] = [];
  const contents = childrenIn(jingle, 'content', NS_JINGLE);
  if (contents.length === 0 || contents.length > MAX_CONTENTS) return null;
  for (const c of contents) {
    const transport = childIn(c, 'transport', NS_JINGLE_ICE);
    const name = c.attrs.name;
    if (!transport || typeof name !== 'string') return null;
    const read = readIceTransport(transport) as { ufrag: unknown; candidates: unknown[] };
    const ufrag = iceTransport.shape.ufrag.safeParse(read.ufrag);
    const candidates = iceTransport.shape.candidates.safeParse(read.candidates);
    if (!ufrag.success || !candidates.success || !/^[\x21-\x7e]{1,64}$/u.test(name)) return null;
    for (const candidate of candidates.data) {
      out.push({ content: name, ufrag: ufrag.data, candidate: iceCandidate.parse(candidate) });
    }
  }
  return out;
}

/**
 * The content names of a content-reject or content-remove (XEP-0166 §7.2.4, §7.2.5): they name
 * the contents and carry nothing else we act on. Null when a name is missing or malformed.
 */
export function parseContentNames(jingle: Element): string[] | null {
  const contents = childrenIn(jingle, 'content', NS_JINGLE);
  if (contents.length === 0 || contents.length > MAX_CONTENTS) return null;
  const names = contents.map((c) => c.attrs.name);
  return names.every((n): n is string => typeof n === 'string' && /^[\x21-\x7e]{1,64}$/u.test(n))
    ? [...new Set(names)]
    : null;
}
