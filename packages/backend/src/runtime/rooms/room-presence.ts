import type { Occupant, RoomNoticeKind } from '@parley/contract';
import { removalReason, describeRoomError, suggestNick, type MucPresence } from '@parley/xmpp';
import type { RoomLive } from './room-live.js';

/** What one room presence changed, for the caller to store and announce. */
export interface PresenceOutcome {
  /** The room's own view changed (state, role, count...). */
  roomChanged: boolean;
  /** We just finished joining: fetch history, flush the room's outbox. */
  joined: boolean;
  /** The room was created by our join (status 201) and is locked until configured. */
  created: boolean;
  /** Our nickname is now this (210 assigned at join, or 303 change). */
  newOwnNick: string | null;
  /** We are out of the room and should not rejoin on our own (kicked, banned, destroyed). */
  removed: boolean;
  notices: Array<{
    kind: RoomNoticeKind;
    nick: string;
    value: string | null;
    actor: string | null;
    reason: string | null;
  }>;
  upserted: Occupant | null;
  removedNick: string | null;
}

/**
 * Occupants kept per room. A room decides how many it announces; past this many a new nick is
 * not kept (nor announced), so a hostile or huge room costs bounded memory. Ours always is.
 */
export const MAX_OCCUPANTS_PER_ROOM = 20_000;

/** Renames announced (303) and not yet followed by the new nick's presence, at most. */
const MAX_PENDING_RENAMES = 1_000;

function emptyOutcome(): PresenceOutcome {
  return {
    roomChanged: false,
    joined: false,
    created: false,
    newOwnNick: null,
    removed: false,
    notices: [],
    upserted: null,
    removedNick: null,
  };
}

function toOccupant(p: MucPresence): Occupant {
  return {
    nick: p.nick,
    jid: p.jid,
    role: p.role,
    affiliation: p.affiliation,
    show: p.show,
    status: p.status,
  };
}

/**
 * Applies one presence from a room to its live state (XEP-0045 §7.2, §9, §10). `ownNick` is the
 * nick the store knows us by. Our own presence is recognised by status 110 *and* our nick (the
 * one we asked for, or one the room assigned with 210): status codes alone could be forged.
 */
export function applyRoomPresence(
  live: RoomLive,
  p: MucPresence,
  ownNick: string,
): PresenceOutcome {
  const out = emptyOutcome();
  live.lastActivity = Date.now();
  const codes = new Set(p.statusCodes);
  const mine =
    p.nick === ownNick ||
    p.nick === live.requestedNick ||
    (codes.has(110) && codes.has(210) && live.state === 'joining');

  if (p.type === 'error') {
    const error = p.error ?? {
      code: 'unknown' as const,
      condition: 'undefined-condition',
      text: null,
    };
    if (live.state === 'joining') {
      live.state = 'error';
      live.error = {
        code: error.code,
        message: describeRoomError(error.code, error.text ?? undefined),
      };
      live.suggestedNick =
        error.code === 'nickname-in-use'
          ? suggestNick(live.requestedNick ?? ownNick, (n) => live.occupants.has(n))
          : null;
      live.resetOccupants();
      live.settle();
    } else if (live.requestedNick !== null && live.requestedNick !== ownNick) {
      // A refused nickname change: we keep the old one.
      live.error = {
        code: error.code,
        message: describeRoomError(error.code, error.text ?? undefined),
      };
      live.requestedNick = ownNick;
    } else {
      return out;
    }
    out.roomChanged = true;
    return out;
  }

  if (p.type === 'unavailable') {
    if (mine && codes.has(303) && p.newNick) {
      // Our nick change: the presence under the new nick follows.
      live.occupants.delete(p.nick);
      out.removedNick = p.nick;
      out.newOwnNick = p.newNick;
      live.requestedNick = p.newNick;
      out.notices.push({ kind: 'nick', nick: p.nick, value: p.newNick, actor: null, reason: null });
      return out;
    }
    if (mine && (codes.has(110) || live.state !== 'joining')) {
      const why = removalReason(p);
      live.resetOccupants();
      if (why === null) {
        live.state = 'left';
        live.error = null;
      } else {
        live.state = 'error';
        live.error = { code: why, message: removalMessage(why, p) };
        // Shutdown (332) and technical removal (333, e.g. a bounced stanza) are not the room
        // refusing us: stay "joined" in the store so the next session rejoins.
        out.removed = why !== 'removed' || !(codes.has(332) || codes.has(333));
        out.notices.push({
          kind: why === 'banned' ? 'ban' : why === 'kicked' ? 'kick' : 'destroyed',
          nick: p.nick,
          value: p.destroyed?.alternate ?? null,
          actor: p.actor,
          reason: p.reason ?? p.destroyed?.reason ?? null,
        });
      }
      out.roomChanged = true;
      live.settle();
      return out;
    }
    if (!live.occupants.has(p.nick)) return out;
    live.occupants.delete(p.nick);
    out.removedNick = p.nick;
    out.roomChanged = true;
    if (live.state !== 'joined') return out;
    const kind: RoomNoticeKind = codes.has(303)
      ? 'nick'
      : codes.has(301)
        ? 'ban'
        : codes.has(307)
          ? 'kick'
          : 'leave';
    const value = kind === 'nick' ? p.newNick : kind === 'leave' && p.status ? p.status : null;
    if (kind === 'nick' && p.newNick) {
      if (live.renamedTo.size >= MAX_PENDING_RENAMES) live.renamedTo.clear();
      live.renamedTo.add(p.newNick);
    }
    out.notices.push({ kind, nick: p.nick, value, actor: p.actor, reason: p.reason });
    return out;
  }

  // Available.
  const before = live.occupants.get(p.nick);
  if (!before && !mine && live.occupants.size >= MAX_OCCUPANTS_PER_ROOM) return out;
  const occupant = toOccupant(p);
  live.occupants.set(p.nick, occupant);
  out.upserted = occupant;
  if (!before) out.roomChanged = true;

  if (mine) {
    const roleChanged = live.ownRole !== p.role || live.ownAffiliation !== p.affiliation;
    live.ownRole = p.role;
    live.ownAffiliation = p.affiliation;
    if (p.nick !== ownNick) out.newOwnNick = p.nick;
    if (live.state !== 'joined') {
      live.state = 'joined';
      live.error = null;
      live.suggestedNick = null;
      live.joinedAt = Date.now();
      out.joined = true;
      out.created = codes.has(201);
      out.roomChanged = true;
      live.settle();
      return out;
    }
    if (roleChanged) out.roomChanged = true;
  }
  if (live.state !== 'joined') return out;
  if (!before) {
    // The presence under a new nick after a 303 was announced as the rename already.
    const renamed = live.renamedTo.delete(p.nick);
    if (!mine && !renamed)
      out.notices.push({ kind: 'join', nick: p.nick, value: null, actor: null, reason: null });
    return out;
  }
  if (before.role !== p.role) {
    out.notices.push({
      kind: 'role',
      nick: p.nick,
      value: p.role,
      actor: p.actor,
      reason: p.reason,
    });
  }
  if (before.affiliation !== p.affiliation) {
    out.notices.push({
      kind: 'affiliation',
      nick: p.nick,
      value: p.affiliation,
      actor: p.actor,
      reason: p.reason,
    });
  }
  return out;
}

function removalMessage(
  why: 'kicked' | 'banned' | 'removed' | 'destroyed',
  p: MucPresence,
): string {
  const by = p.actor ? ` by ${p.actor}` : '';
  const because = p.reason ? `: ${p.reason}` : '';
  switch (why) {
    case 'kicked':
      return `You were kicked from the room${by}${because}`;
    case 'banned':
      return `You were banned from the room${by}${because}`;
    case 'destroyed': {
      const reason = p.destroyed?.reason ? `: ${p.destroyed.reason}` : '';
      return `The room was destroyed${reason}`;
    }
    case 'removed':
      return p.statusCodes.includes(332)
        ? 'The room service is shutting down'
        : `You were removed from the room${because}`;
  }
}
