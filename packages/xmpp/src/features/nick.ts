// XEP-0172 User Nickname over PEP: our nick published when the profile's nickname changes;
// contacts' nicks arrive as PEP notifications (we announce +notify) and name a contact that
// has no roster name. Only a notification from the contact's own bare JID counts (XEP-0163
// §4.3.1: PEP events come from the owner's bare JID).
import { bareOf, capText, childIn, parseJid, xml, type Element } from '../stanza.js';
import { FORM_PUBLISH_OPTIONS, NS_PUBSUB, NS_PUBSUB_EVENT } from './bookmarks.js';
import { NS_DATA } from './disco.js';
import { MAX_NICK, NS_NICK } from './presence.js';

export { NS_NICK } from './presence.js';
/** Nicks are names to show: shorter than status texts. */
export const MAX_PEP_NICK = Math.min(MAX_NICK, 256);

export interface NickUpdate {
  /** Bare JID of the owner (the sender). */
  from: string;
  /** The nick, or null when it was retracted or published empty. */
  nick: string | null;
}

function cleanNick(text: string): string | null {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return clean ? capText(clean, MAX_PEP_NICK) : null;
}

/**
 * A nick notification: `<message from='bare'><event><items node='…nick'>` with an item holding
 * `<nick/>` (or a retract). Null for anything else, for a sender with a resource, and when
 * the sender is missing (our own server sends none of these without a from).
 */
export function parseNickEvent(stanza: Element): NickUpdate | null {
  if (stanza.getName() !== 'message') return null;
  const from = parseJid(stanza.attrs.from);
  if (!from || from.resource) return null;
  const event = childIn(stanza, 'event', NS_PUBSUB_EVENT);
  const items = event ? childIn(event, 'items', NS_PUBSUB_EVENT) : null;
  if (!items || items.attrs.node !== NS_NICK) return null;
  const item = childIn(items, 'item', NS_PUBSUB_EVENT);
  if (item) {
    const nick = childIn(item, 'nick', NS_NICK);
    return { from: bareOf(from), nick: cleanNick(nick?.getText() ?? '') };
  }
  if (childIn(items, 'retract', NS_PUBSUB_EVENT)) return { from: bareOf(from), nick: null };
  return null;
}

/** Publish our nick, readable by contacts with a presence subscription (PEP's default). */
export function buildNickPublish(nick: string): Element {
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'pubsub',
      { xmlns: NS_PUBSUB },
      xml(
        'publish',
        { node: NS_NICK },
        xml(
          'item',
          { id: 'current' },
          xml('nick', { xmlns: NS_NICK }, capText(nick, MAX_PEP_NICK)),
        ),
      ),
      xml(
        'publish-options',
        {},
        xml(
          'x',
          { xmlns: NS_DATA, type: 'submit' },
          xml(
            'field',
            { var: 'FORM_TYPE', type: 'hidden' },
            xml('value', {}, FORM_PUBLISH_OPTIONS),
          ),
          xml('field', { var: 'pubsub#access_model' }, xml('value', {}, 'presence')),
        ),
      ),
    ),
  );
}
