// XEP-0333 Displayed Markers (namespace urn:xmpp:chat-markers:0). A sender marks a message
// `<markable/>`; the receiver answers `<displayed id='…'/>` once the user has seen it, which
// also means "and everything before it". `received` and `acknowledged` are read, not acted on.
// Which id a marker names (1:1: the message's id; rooms: the room's stanza-id) is the
// caller's business.
import { childIn, idAttr, requireJid, xml, type Element, type JidInput } from '../stanza.js';
import { storeHint } from './hints.js';

export const NS_MARKERS = 'urn:xmpp:chat-markers:0';

export type MarkerKind = 'received' | 'displayed' | 'acknowledged';

export interface ChatMarker {
  kind: MarkerKind;
  /** The id of the message marked. */
  id: string;
}

/** Whether the sender asks for markers on this message. */
export function isMarkable(stanza: Element): boolean {
  return childIn(stanza, 'markable', NS_MARKERS) !== null;
}

/** The marker a message carries, or null. A message carries at most one (the first wins). */
export function parseChatMarker(stanza: Element): ChatMarker | null {
  for (const kind of ['displayed', 'received', 'acknowledged'] as const) {
    const el = childIn(stanza, kind, NS_MARKERS);
    if (!el) continue;
    const id = idAttr(el, 'id');
    return id ? { kind, id } : null;
  }
  return null;
}

/** The `<markable/>` our outgoing messages carry. */
export function markableElement(): Element {
  return xml('markable', { xmlns: NS_MARKERS });
}

/**
 * A displayed marker. No body; a `<store/>` hint so our archive keeps it and our other
 * devices can learn from it that we read the conversation (read state across devices).
 */
export function buildDisplayedMarker(o: {
  to: JidInput;
  type: 'chat' | 'groupchat';
  id: string;
  target: string;
}): Element {
  const to = requireJid(o.to);
  return xml(
    'message',
    { to: (o.type === 'groupchat' ? to.bare() : to).toString(), type: o.type, id: o.id },
    xml('displayed', { xmlns: NS_MARKERS, id: o.target }),
    storeHint(),
  );
}
