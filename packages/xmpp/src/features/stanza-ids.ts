// XEP-0359 Unique and Stable Stanza IDs: the `<stanza-id/>` an archive (our server, a room)
// stamps on a message, and the `<origin-id/>` its sender chose. One module for both, so 1:1
// chats, rooms and the incoming envelope read them the same way.
import {
  childIn,
  childrenIn,
  idAttr,
  parseJid,
  toJid,
  type Element,
  type JidInput,
} from '../stanza.js';

export const NS_SID = 'urn:xmpp:sid:0';
/** A few ids per message are plenty (one per archive that saw it); more is a hostile sender. */
export const MAX_STANZA_IDS = 8;

export interface StanzaId {
  id: string;
  /** Normalized JID of the entity that assigned it (an archive). */
  by: string;
}

/** The stanza-ids of a message (at most MAX_STANZA_IDS; invalid ones skipped). Trust one only through stanzaIdBy. */
export function parseStanzaIds(stanza: Element): StanzaId[] {
  const ids: StanzaId[] = [];
  for (const el of childrenIn(stanza, 'stanza-id', NS_SID).slice(0, MAX_STANZA_IDS)) {
    const id = idAttr(el, 'id');
    const by = parseJid(el.attrs.by);
    if (id && by) ids.push({ id, by: by.toString() });
  }
  return ids;
}

/** The origin-id: chosen by the sender, good for dedup of our own echoes only. */
export function parseOriginId(stanza: Element): string | null {
  const origin = childIn(stanza, 'origin-id', NS_SID);
  return origin ? idAttr(origin, 'id') : null;
}

/**
 * The stanza-id assigned by `by` (XEP-0359 §5: only trust ids from an entity you trust to
 * assign them — for 1:1 chats the user's own bare JID, i.e. their archive). Null when none,
 * or when several with that `by` disagree: a server that failed to strip a sender's forged
 * stanza-id leaves the real one indistinguishable, so dedup must fall back to other ids.
 */
export function stanzaIdBy(
  message: { stanzaIds: readonly StanzaId[] },
  by: JidInput,
): string | null {
  const trusted = toJid(by);
  if (!trusted) return null;
  const matches = new Set<string>();
  for (const s of message.stanzaIds) {
    const assigner = parseJid(s.by);
    if (assigner && assigner.equals(trusted)) matches.add(s.id);
  }
  return matches.size === 1 ? ([...matches][0] ?? null) : null;
}
