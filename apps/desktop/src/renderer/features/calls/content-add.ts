// XEP-0166 content-add / content-accept as WebRTC renegotiation: Jingle sends only the contents
// that are new, while RTCPeerConnection wants the whole session description again. These keep
// the other side's last whole description and fold a content-add or content-accept into it.
import type { CallDescription, JingleContent } from '@parley/contract';
import type { Role } from './sdp-direction';

/**
 * The other side's description with `added` folded in: contents already known are replaced in
 * place (the m-line order of the first offer must not change), new ones appended; the BUNDLE
 * group is the one the new description names, or the old one with the new names added.
 */
export function mergeDescription(base: CallDescription, added: CallDescription): CallDescription {
  const contents = base.contents.map(
    (c) => added.contents.find((a) => a.name === c.name) ?? bundledWith(c, added),
  );
  const fresh = added.contents.filter((a) => !base.contents.some((c) => c.name === a.name));
  contents.push(...fresh);
  const bundle =
    added.bundle ?? (base.bundle ? [...base.bundle, ...fresh.map((c) => c.name)] : null);
  return { contents, bundle };
}

/**
 * A content bundled with the added ones shares their transport: its ICE credentials and DTLS
 * role are theirs now. The side that adds may have answered before and offers now, so the role
 * of the old m-lines (actpass in the first offer) must follow, or Chromium refuses the SDP.
 */
function bundledWith(content: JingleContent, added: CallDescription): JingleContent {
  const shared = added.contents[0]?.transport;
  const bundle = added.bundle ?? [];
  if (!shared?.fingerprint || !bundle.includes(content.name)) return content;
  const { ufrag, pwd, fingerprint } = shared;
  return { ...content, transport: { ...content.transport, ufrag, pwd, fingerprint } };
}

/**
 * The contents of a whole local description that `known` does not name yet (what a
 * content-add carries), created by `creator` (XEP-0166 §7.2.1: the side that adds it).
 */
export function addedContents(
  whole: CallDescription,
  known: ReadonlySet<string>,
  creator: Role,
): CallDescription {
  const contents: JingleContent[] = whole.contents
    .filter((c) => !known.has(c.name))
    .map((c) => ({ ...c, creator }));
  if (contents.length === 0) throw new Error('no new content to add');
  return { contents, bundle: whole.bundle };
}

/** The contents of a whole local description named in `names` (what a content-accept carries). */
export function acceptedContents(whole: CallDescription, added: CallDescription): CallDescription {
  const contents = whole.contents.flatMap((c) => {
    const asked = added.contents.find((a) => a.name === c.name);
    return asked ? [{ ...c, creator: asked.creator }] : [];
  });
  if (contents.length === 0) throw new Error('the answer has none of the added contents');
  return { contents, bundle: whole.bundle };
}
