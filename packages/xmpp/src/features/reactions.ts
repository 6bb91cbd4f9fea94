// XEP-0444 Message Reactions: a message carrying `<reactions id='…'>` with the sender's whole
// current set of emoji for one message (an empty set removes them). Plus §4's room
// restrictions, announced in the room's disco#info as a `urn:xmpp:reactions:0:restrictions`
// form. Which id a reaction names (1:1: the message's id; rooms: the room's stanza-id) is the
// caller's business: this module only reads and writes the elements.
import {
  childIn,
  childrenIn,
  idAttr,
  requireJid,
  xml,
  type Element,
  type JidInput,
} from '../stanza.js';
import type { DiscoInfo } from './disco.js';
import { storeHint } from './hints.js';

export const NS_REACTIONS = 'urn:xmpp:reactions:0';
export const FORM_REACTIONS_RESTRICTIONS = 'urn:xmpp:reactions:0:restrictions';
/** A hostile stanza can list thousands of `<reaction>`s: only this many are read. */
export const MAX_REACTIONS_PARSED = 32;
/**
 * One reaction is one emoji (XEP-0444 §3.2), which can be a long grapheme cluster (a family
 * with skin tones is ~35 UTF-16 units); anything longer than this is not an emoji.
 */
export const MAX_REACTION_LENGTH = 64;

export interface Reactions {
  /** The id of the message reacted to. */
  id: string;
  /** The sender's whole set, deduplicated, in the order sent; empty = all removed. */
  emojis: string[];
}

/** A reaction's text: trimmed, non-empty, short, no control characters. */
export function validReaction(text: string): boolean {
  if (text.length === 0 || text.length > MAX_REACTION_LENGTH) return false;
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u001f\u007f\s]/u.test(text);
}

/** The `<reactions>` of a message, or null when it has none (or no usable id). */
export function parseReactions(stanza: Element): Reactions | null {
  const el = childIn(stanza, 'reactions', NS_REACTIONS);
  if (!el) return null;
  const id = idAttr(el, 'id');
  if (!id) return null;
  const emojis: string[] = [];
  for (const r of childrenIn(el, 'reaction', NS_REACTIONS).slice(0, MAX_REACTIONS_PARSED)) {
    const text = r.getText().trim();
    if (validReaction(text) && !emojis.includes(text)) emojis.push(text);
  }
  return { id, emojis };
}

/** The `<reactions>` element for a message (the whole set: XEP-0444 §3.2 replaces, never adds). */
export function buildReactionsElement(id: string, emojis: readonly string[]): Element {
  const unique = [...new Set(emojis)];
  return xml(
    'reactions',
    { xmlns: NS_REACTIONS, id },
    ...unique.map((e) => xml('reaction', {}, e)),
  );
}

/**
 * A reaction message. No body (§3.2); a `<store/>` hint so the archive keeps it even on
 * servers that store only messages with a body (XEP-0444 §5).
 */
export function buildReactionsMessage(o: {
  to: JidInput;
  type: 'chat' | 'groupchat';
  id: string;
  target: string;
  emojis: readonly string[];
}): Element {
  const to = requireJid(o.to);
  return xml(
    'message',
    { to: (o.type === 'groupchat' ? to.bare() : to).toString(), type: o.type, id: o.id },
    buildReactionsElement(o.target, o.emojis),
    storeHint(),
  );
}

export interface ReactionRestrictions {
  /** At most this many emoji per person per message; null = no limit announced. */
  maxPerUser: number | null;
  /** Only these emoji are allowed; null = any. */
  allowlist: string[] | null;
}

/** §4: the room's restrictions from its disco#info; null when it announces none. */
export function parseReactionRestrictions(info: DiscoInfo): ReactionRestrictions | null {
  const form = info.forms.find((f) => f.formType === FORM_REACTIONS_RESTRICTIONS);
  if (!form) return null;
  const value = (name: string) => form.fields.find((f) => f.var === name)?.values;
  const max = Number.parseInt(value('max_reactions_per_user')?.[0] ?? '', 10);
  const allow = value('allowlist');
  return {
    maxPerUser: Number.isInteger(max) && max >= 0 ? max : null,
    allowlist: allow ? allow.filter(validReaction) : null,
  };
}

/** Whether a set of emoji keeps to the room's restrictions (no restrictions: always). */
export function keepsRestrictions(
  emojis: readonly string[],
  restrictions: ReactionRestrictions | null,
): boolean {
  if (!restrictions) return true;
  if (restrictions.maxPerUser !== null && emojis.length > restrictions.maxPerUser) return false;
  const allow = restrictions.allowlist;
  return allow === null || emojis.every((e) => allow.includes(e));
}
