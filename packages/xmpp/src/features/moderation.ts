// XEP-0425 Moderated Message Retraction: a moderator asks the room (an iq) to retract an
// occupant's message; the room then broadcasts the retraction from its own bare JID. Two
// versions are in use: :1 (<moderate id/> in the iq; <retract id><moderated/></retract> in the
// broadcast) and :0 (both inside an XEP-0422 <apply-to/>). Both are read; the request is sent in
// the version the room announces. Only a broadcast from the room itself means anything: the
// caller checks that the sender is the room's bare JID.
import {
  capText,
  childIn,
  idAttr,
  parseDateTime,
  parseJid,
  requireJid,
  xml,
  type Element,
  type JidInput,
} from '../stanza.js';
import { NS_FASTEN, NS_MODERATE, NS_MODERATE_0, NS_RETRACT, NS_RETRACT_0 } from './retraction.js';
import { NS_OCCUPANT_ID } from './occupant-id.js';

export { NS_MODERATE, NS_MODERATE_0 } from './retraction.js';

/** A reason is the moderator's words, shown in the tombstone: bounded like other reasons. */
export const MAX_MODERATION_REASON = 1024;

export interface Moderation {
  /** The room's stanza-id of the message removed. */
  target: string;
  /** The moderator as the room names them (room/nick), when it does. */
  by: string | null;
  /** The moderator's occupant id (XEP-0421), when the room gives one. */
  byOccupantId: string | null;
  reason: string | null;
  version: 0 | 1;
}

function reasonOf(el: Element | null): string | null {
  const text = el?.getText().trim() ?? '';
  return text ? capText(text, MAX_MODERATION_REASON) : null;
}

/** The moderation a room's groupchat broadcast carries, or null. */
export function parseModeration(stanza: Element): Moderation | null {
  if (stanza.getName() !== 'message') return null;
  const retract = childIn(stanza, 'retract', NS_RETRACT);
  const moderated1 = retract ? childIn(retract, 'moderated', NS_MODERATE) : null;
  if (retract && moderated1) {
    const target = idAttr(retract, 'id');
    if (!target) return null;
    return {
      target,
      by: parseJid(moderated1.attrs.by)?.toString() ?? null,
      byOccupantId: idAttrOf(childIn(moderated1, 'occupant-id', NS_OCCUPANT_ID)),
      reason: reasonOf(childIn(retract, 'reason', NS_RETRACT)),
      version: 1,
    };
  }
  const applyTo = childIn(stanza, 'apply-to', NS_FASTEN);
  const moderated0 = applyTo ? childIn(applyTo, 'moderated', NS_MODERATE_0) : null;
  if (!applyTo || !moderated0 || !childIn(moderated0, 'retract', NS_RETRACT_0)) return null;
  const target = idAttr(applyTo, 'id');
  if (!target) return null;
  return {
    target,
    by: parseJid(moderated0.attrs.by)?.toString() ?? null,
    byOccupantId: idAttrOf(childIn(moderated0, 'occupant-id', NS_OCCUPANT_ID)),
    reason: reasonOf(childIn(moderated0, 'reason', NS_MODERATE_0)),
    version: 0,
  };
}

function idAttrOf(el: Element | null): string | null {
  return el ? idAttr(el, 'id') : null;
}

/**
 * The iq a moderator sends to the room (the caller sets the iq id). `target` is the room's
 * stanza-id of the message; `version` the one the room announces in disco (:1 preferred).
 */
export function buildModerationRequest(o: {
  room: JidInput;
  target: string;
  reason: string | null;
  version: 0 | 1;
}): Element {
  const to = requireJid(o.room).bare().toString();
  const reason = o.reason ? capText(o.reason, MAX_MODERATION_REASON) : null;
  if (o.version === 1) {
    return xml(
      'iq',
      { type: 'set', to },
      xml(
        'moderate',
        { xmlns: NS_MODERATE, id: o.target },
        xml('retract', { xmlns: NS_RETRACT }),
        reason ? xml('reason', {}, reason) : null,
      ),
    );
  }
  return xml(
    'iq',
    { type: 'set', to },
    xml(
      'apply-to',
      { xmlns: NS_FASTEN, id: o.target },
      xml(
        'moderate',
        { xmlns: NS_MODERATE_0 },
        xml('retract', { xmlns: NS_RETRACT_0 }),
        reason ? xml('reason', {}, reason) : null,
      ),
    ),
  );
}

/**
 * What an archive keeps of a retracted or moderated message (XEP-0424 §6, XEP-0425 §7): the
 * original replaced by `<retracted/>`, with `<moderated/>` inside when a moderator did it. The
 * legacy (:0) moderation tombstone is the other way round: `<moderated><retracted/></moderated>`.
 * Only an archive's word: the caller reads it from archive results alone.
 */
export interface Tombstone {
  /** When it was retracted (UTC ms), when the archive says. */
  stamp: number | null;
  /** The moderator as the room names them; null for the sender's own retraction. */
  moderatedBy: string | null;
  moderated: boolean;
  reason: string | null;
}

/** The tombstone an archived message is, or null. */
export function parseTombstone(stanza: Element): Tombstone | null {
  if (stanza.getName() !== 'message') return null;
  const retracted = childIn(stanza, 'retracted', NS_RETRACT);
  if (retracted) {
    const moderated = childIn(retracted, 'moderated', NS_MODERATE);
    return {
      stamp: parseDateTime(retracted.attrs.stamp),
      moderatedBy: moderated ? (parseJid(moderated.attrs.by)?.toString() ?? null) : null,
      moderated: moderated !== null,
      reason: moderated ? reasonOf(childIn(retracted, 'reason', NS_RETRACT)) : null,
    };
  }
  const moderated0 = childIn(stanza, 'moderated', NS_MODERATE_0);
  const retracted0 = moderated0 ? childIn(moderated0, 'retracted', NS_RETRACT_0) : null;
  if (!moderated0 || !retracted0) return null;
  return {
    stamp: parseDateTime(retracted0.attrs.stamp),
    moderatedBy: parseJid(moderated0.attrs.by)?.toString() ?? null,
    moderated: true,
    reason: reasonOf(childIn(moderated0, 'reason', NS_MODERATE_0)),
  };
}
