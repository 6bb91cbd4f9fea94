// XEP-0424 Message Retraction. Two wire forms are in use:
// - current (:1): <retract xmlns='urn:xmpp:message-retract:1' id='…'/> directly in the message;
// - older (:0), inside XEP-0422 fastening: <apply-to xmlns='urn:xmpp:fasten:0' id='…'>
//   <retract xmlns='urn:xmpp:message-retract:0'/></apply-to> (slixmpp 1.8.3, older Gajim and
//   Conversations speak only this).
// Both are read; both are sent, with an XEP-0428 fallback body for clients that know neither,
// as Gajim and Dino do. A retraction that carries a moderation (<moderated/>) is XEP-0425's:
// see moderation.ts; it is not taken as the sender's own retraction here.
import { childIn, idAttr, xml, type Element } from '../stanza.js';
import { NS_HINTS } from './hints.js';

export const NS_RETRACT = 'urn:xmpp:message-retract:1';
export const NS_RETRACT_0 = 'urn:xmpp:message-retract:0';
export const NS_FASTEN = 'urn:xmpp:fasten:0';
import { NS_FALLBACK } from './reply.js';
export const NS_MODERATE = 'urn:xmpp:message-moderate:1';
export const NS_MODERATE_0 = 'urn:xmpp:message-moderate:0';

/** What clients without XEP-0424 show instead. */
export const RETRACTION_FALLBACK_BODY =
  'This person attempted to retract a previous message, but it is unsupported by your client.';

export interface Retraction {
  /** The id of the message retracted: its origin-id/id (1:1) or the room's stanza-id (rooms). */
  target: string;
  /** The wire form it came in: 1 = current, 0 = XEP-0422 fastening. */
  version: 0 | 1;
}

/** The sender's own retraction in a message, or null (moderations are not). */
export function parseRetraction(stanza: Element): Retraction | null {
  if (stanza.getName() !== 'message') return null;
  const current = childIn(stanza, 'retract', NS_RETRACT);
  if (current) {
    if (childIn(current, 'moderated', NS_MODERATE)) return null;
    const target = idAttr(current, 'id');
    return target ? { target, version: 1 } : null;
  }
  const applyTo = childIn(stanza, 'apply-to', NS_FASTEN);
  if (!applyTo || !childIn(applyTo, 'retract', NS_RETRACT_0)) return null;
  if (childIn(applyTo, 'moderated', NS_MODERATE_0)) return null;
  const target = idAttr(applyTo, 'id');
  return target ? { target, version: 0 } : null;
}

/**
 * The children of an outgoing retraction: both wire forms, the fallback marker and body, and a
 * store hint (a message without a body-of-its-own must still reach the archive). `target` is
 * what :1 names (in a room the room's stanza-id, else the origin-id); `legacyTarget` what :0
 * names (always the origin-id).
 */
export function retractionElements(target: string, legacyTarget = target): Element[] {
  return [
    ...retractionMarkers(target, legacyTarget),
    xml('body', {}, RETRACTION_FALLBACK_BODY),
    xml('store', { xmlns: NS_HINTS }),
  ];
}

/**
 * What makes a message a retraction, without its body and hint (the outgoing builder adds
 * those): both wire forms and the XEP-0428 marker saying the body is only a fallback.
 */
export function retractionMarkers(target: string, legacyTarget = target): Element[] {
  return [
    xml('retract', { xmlns: NS_RETRACT, id: target }),
    xml(
      'apply-to',
      { xmlns: NS_FASTEN, id: legacyTarget },
      xml('retract', { xmlns: NS_RETRACT_0 }),
    ),
    xml('fallback', { xmlns: NS_FALLBACK, for: NS_RETRACT }),
  ];
}
