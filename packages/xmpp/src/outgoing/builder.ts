// The one function that turns an OutgoingMessage into a stanza: the envelope (to, type, id)
// here, everything inside from the registered sections.
import { requireJid, xml, type Element } from '../stanza.js';
import type { OutgoingContext, OutgoingMessage, OutgoingSection } from './message.js';

const STANZA_TYPE = { chat: 'chat', groupchat: 'groupchat', private: 'chat' } as const;

/** The address the stanza goes to: a room's bare JID, an occupant's full one. */
function addressOf(message: OutgoingMessage): string {
  const to = requireJid(message.to);
  if (message.kind === 'groupchat') return to.bare().toString();
  if (message.kind === 'private' && !to.resource) {
    throw new TypeError('A MUC private message goes to room@service/nick');
  }
  return to.toString();
}

/** Sections in stanza order; ties keep the order they were registered in. */
export function orderSections(sections: readonly OutgoingSection[]): OutgoingSection[] {
  return sections
    .map((section, index) => ({ section, index }))
    .sort((a, b) => a.section.order - b.section.order || a.index - b.index)
    .map(({ section }) => section);
}

/**
 * The stanza for `message`: each section (already ordered, see orderSections) adds its
 * elements. Throws TypeError for an invalid address or a private message not to room/nick,
 * and whatever a section throws for a part it cannot build (a caller bug).
 */
export function buildOutgoing(
  message: OutgoingMessage,
  ctx: OutgoingContext,
  sections: readonly OutgoingSection[],
): Element {
  const stanza = xml('message', {
    to: addressOf(message),
    type: STANZA_TYPE[message.kind],
    id: message.id,
  });
  for (const section of sections) {
    const out = section.build(message, ctx);
    if (out === null) continue;
    if (Array.isArray(out)) stanza.append(...(out as readonly Element[]));
    else stanza.append(out as Element);
  }
  return stanza;
}
