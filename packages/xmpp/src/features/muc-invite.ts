// Invitations to rooms: XEP-0249 direct invitations (sent straight to the invitee) and
// XEP-0045 §7.8.2 mediated ones (sent through the room, which adds who invited), and declines.
//
// An invitation is a suggestion from a stranger: the UI asks before joining, never autojoins,
// and shows the inviter's address. Parsers only guarantee that the addresses are well-formed.
import {
  capText,
  childIn,
  parseJid,
  requireJid,
  xml,
  type Element,
  type JidInput,
} from '../stanza.js';
import { MAX_MUC_REASON, NS_MUC_USER, parseBareRoom } from './muc.js';

export const NS_CONFERENCE = 'jabber:x:conference';
/** Room passwords are short secrets; a longer one is not a password we would type. */
const MAX_PASSWORD = 1024;

/** XEP-0249 §2: invite `to` (a bare or full JID) to `room`. */
export function buildDirectInvite(o: {
  to: JidInput;
  room: JidInput;
  reason?: string;
  password?: string | null;
  id?: string;
}): Element {
  return xml(
    'message',
    { to: requireJid(o.to).toString(), id: o.id },
    xml('x', {
      xmlns: NS_CONFERENCE,
      jid: requireJid(o.room).bare().toString(),
      reason: o.reason ? capText(o.reason, MAX_MUC_REASON) : undefined,
      password: o.password || undefined,
    }),
  );
}

/** §7.8.2: ask the room to invite `to` (needed in members-only rooms, where it adds a member). */
export function buildMediatedInvite(o: { room: JidInput; to: JidInput; reason?: string }): Element {
  return xml(
    'message',
    { to: requireJid(o.room).bare().toString() },
    xml(
      'x',
      { xmlns: NS_MUC_USER },
      xml(
        'invite',
        { to: requireJid(o.to).toString() },
        o.reason ? xml('reason', {}, capText(o.reason, MAX_MUC_REASON)) : null,
      ),
    ),
  );
}

/** §7.8.2: decline a mediated invitation; the room passes it on to the inviter (`to`). */
export function buildMediatedDecline(o: {
  room: JidInput;
  to: JidInput;
  reason?: string;
}): Element {
  return xml(
    'message',
    { to: requireJid(o.room).bare().toString() },
    xml(
      'x',
      { xmlns: NS_MUC_USER },
      xml(
        'decline',
        { to: requireJid(o.to).toString() },
        o.reason ? xml('reason', {}, capText(o.reason, MAX_MUC_REASON)) : null,
      ),
    ),
  );
}

export interface ParsedInvitation {
  mode: 'direct' | 'mediated';
  /** The room's bare JID. */
  room: string;
  /** The inviter's bare JID. */
  from: string;
  reason: string;
  password: string | null;
}

function carriesInvitations(stanza: Element): boolean {
  const type = stanza.attrs.type;
  return stanza.getName() === 'message' && type !== 'error' && type !== 'groupchat';
}

function bareOf(text: unknown): string | null {
  return parseJid(text)?.bare().toString() ?? null;
}

/**
 * The inviter of a mediated invitation: a real JID, reported bare; or, in a room that hides real
 * JIDs, the inviter's occupant JID (room/nick), which is all the room tells (Prosody does this).
 */
function inviterOf(text: unknown, room: string): string | null {
  const parsed = parseJid(text);
  if (!parsed) return null;
  const bare = parsed.bare().toString();
  return bare === room && parsed.resource ? parsed.toString() : bare;
}

function password(text: string | undefined | null): string | null {
  return text ? capText(text, MAX_PASSWORD) : null;
}

/**
 * An invitation, or null when the message carries none or a malformed one. Mediated: the
 * message must come from a bare room JID (the room vouches for `<invite from>`, which must be a
 * valid JID). Direct: the room in `<x jid>` must be a bare room JID and the message must have
 * a valid sender. A message with both prefers the mediated form, which the room stands behind.
 */
export function parseInvitation(stanza: Element): ParsedInvitation | null {
  if (!carriesInvitations(stanza)) return null;
  const userX = childIn(stanza, 'x', NS_MUC_USER);
  const invite = userX ? childIn(userX, 'invite', NS_MUC_USER) : null;
  const mediatedRoom = parseBareRoom(stanza.attrs.from);
  if (userX && invite && mediatedRoom) {
    const inviter = inviterOf(invite.attrs.from, mediatedRoom);
    if (inviter) {
      return {
        mode: 'mediated',
        room: mediatedRoom,
        from: inviter,
        reason: capText(childIn(invite, 'reason', NS_MUC_USER)?.getText() ?? '', MAX_MUC_REASON),
        password: password(childIn(userX, 'password', NS_MUC_USER)?.getText()),
      };
    }
  }
  const direct = childIn(stanza, 'x', NS_CONFERENCE);
  if (!direct) return null;
  const room = parseBareRoom(direct.attrs.jid);
  const inviter = bareOf(stanza.attrs.from);
  if (!room || !inviter) return null;
  return {
    mode: 'direct',
    room,
    from: inviter,
    reason: capText(direct.attrs.reason ?? '', MAX_MUC_REASON),
    password: password(direct.attrs.password),
  };
}

/**
 * Somebody declined our mediated invitation: from the bare room JID, `<decline from>` the
 * invitee (a valid JID, reported bare). Null otherwise.
 */
export function parseDecline(
  stanza: Element,
): { room: string; from: string; reason: string } | null {
  if (!carriesInvitations(stanza)) return null;
  const room = parseBareRoom(stanza.attrs.from);
  const x = childIn(stanza, 'x', NS_MUC_USER);
  const decline = x ? childIn(x, 'decline', NS_MUC_USER) : null;
  const from = decline ? bareOf(decline.attrs.from) : null;
  if (!room || !decline || !from) return null;
  return {
    room,
    from,
    reason: capText(childIn(decline, 'reason', NS_MUC_USER)?.getText() ?? '', MAX_MUC_REASON),
  };
}
