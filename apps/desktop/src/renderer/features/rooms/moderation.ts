import type { MucAffiliation, MucRole, Occupant, Room } from '@parley/contract';
import { tFor } from '../../i18n';

const t = tFor('rooms');

/** Who acts: our own nick, role and affiliation in the room. */
export interface Actor {
  nick: string;
  role: MucRole;
  affiliation: MucAffiliation;
}

export type ModerationAction =
  | { kind: 'kick' }
  | { kind: 'voice'; grant: boolean }
  | { kind: 'moderator'; grant: boolean }
  | { kind: 'ban' }
  | { kind: 'affiliation'; affiliation: 'owner' | 'admin' | 'member' | 'none' };

const RANK: Record<MucAffiliation, number> = { outcast: 0, none: 1, member: 2, admin: 3, owner: 4 };
const privileged = (a: MucAffiliation): boolean => a === 'admin' || a === 'owner';

export function actorOf(room: Room): Actor {
  return { nick: room.nick, role: room.ownRole, affiliation: room.ownAffiliation };
}

/**
 * What we may do to an occupant, per XEP-0045 (the server has the last word; this only
 * decides what to offer):
 * - kick (§8.2): moderators; "a user cannot be kicked by a moderator with a lower affiliation".
 * - voice (§8.3, §8.4): moderators grant it to visitors; revoking it is refused for admins and
 *   owners, and a moderator who is not an admin/owner cannot revoke it from a user "at or
 *   above the moderator's level".
 * - moderator status (§9.6, §9.7): admins and owners; it cannot be revoked from an admin/owner.
 * - ban and affiliations (§9.1, §9.3, §10): admins handle members and bans of users below
 *   admin; only owners grant or take admin and owner status (or ban admins/owners). These
 *   need the occupant's real JID.
 * Nothing is offered on ourselves.
 */
export function occupantActions(actor: Actor, target: Occupant): ModerationAction[] {
  if (actor.role === 'none' || target.nick === actor.nick) return [];
  const actions: ModerationAction[] = [];
  const moderator = actor.role === 'moderator';
  const isAdmin = privileged(actor.affiliation);
  const isOwner = actor.affiliation === 'owner';
  const targetRank = RANK[target.affiliation];
  const actorRank = RANK[actor.affiliation];

  if (moderator && target.role !== 'none' && targetRank <= actorRank)
    actions.push({ kind: 'kick' });
  if (moderator && target.role === 'visitor') actions.push({ kind: 'voice', grant: true });
  if (
    moderator &&
    target.role === 'participant' &&
    !privileged(target.affiliation) &&
    (isAdmin || targetRank < actorRank)
  ) {
    actions.push({ kind: 'voice', grant: false });
  }
  if (isAdmin && (target.role === 'participant' || target.role === 'visitor')) {
    actions.push({ kind: 'moderator', grant: true });
  }
  if (isAdmin && target.role === 'moderator' && !privileged(target.affiliation)) {
    actions.push({ kind: 'moderator', grant: false });
  }
  // Affiliations are kept by real JID: without it (anonymous room) there is nothing to address.
  if (!target.jid || !isAdmin) return actions;
  // An admin may not touch admins and owners.
  const mayTouch = isOwner || !privileged(target.affiliation);
  if (!mayTouch) return actions;
  if (target.affiliation !== 'outcast') actions.push({ kind: 'ban' });
  const choices = isOwner ? (['member', 'admin', 'owner'] as const) : (['member'] as const);
  for (const affiliation of choices) {
    if (target.affiliation !== affiliation) actions.push({ kind: 'affiliation', affiliation });
  }
  if (target.affiliation !== 'none' && target.affiliation !== 'outcast') {
    actions.push({ kind: 'affiliation', affiliation: 'none' });
  }
  return actions;
}

/** The role or affiliation an action sets (rooms.setRole / rooms.setAffiliation). */
export function actionTarget(
  action: ModerationAction,
): { role: MucRole } | { affiliation: MucAffiliation } {
  switch (action.kind) {
    case 'kick':
      return { role: 'none' };
    case 'voice':
      return { role: action.grant ? 'participant' : 'visitor' };
    case 'moderator':
      return { role: action.grant ? 'moderator' : 'participant' };
    case 'ban':
      return { affiliation: 'outcast' };
    case 'affiliation':
      return { affiliation: action.affiliation };
  }
}

export function actionLabel(action: ModerationAction): string {
  switch (action.kind) {
    case 'kick':
      return t('Kick');
    case 'voice':
      return action.grant ? t('Grant voice') : t('Revoke voice');
    case 'moderator':
      return action.grant ? t('Make moderator') : t('Revoke moderator');
    case 'ban':
      return t('Ban');
    case 'affiliation': {
      const verbs: Record<'owner' | 'admin' | 'member' | 'none', string> = {
        owner: t('Make owner'),
        admin: t('Make admin'),
        member: t('Make member'),
        none: t('Remove affiliation'),
      };
      return verbs[action.affiliation];
    }
  }
}

/** A stable id for testids and keys: kick, voice, voice-revoke, moderator, ban, affiliation-admin… */
export function actionId(action: ModerationAction): string {
  switch (action.kind) {
    case 'voice':
    case 'moderator':
      return action.grant ? action.kind : `${action.kind}-revoke`;
    case 'affiliation':
      return `affiliation-${action.affiliation}`;
    default:
      return action.kind;
  }
}

/** Kicks and bans remove someone from the room: shown in red, confirmed with care. */
export function isRemoval(action: ModerationAction): boolean {
  return action.kind === 'kick' || action.kind === 'ban';
}

export const canConfigure = (room: Room): boolean => room.ownAffiliation === 'owner';
export const canDestroy = (room: Room): boolean => room.ownAffiliation === 'owner';
export const canManageMembers = (room: Room): boolean => privileged(room.ownAffiliation);

/** Affiliation lists we may see and edit: admins the member and ban lists, owners all four. */
export function editableLists(room: Room): ('member' | 'admin' | 'owner' | 'outcast')[] {
  if (room.ownAffiliation === 'owner') return ['member', 'admin', 'owner', 'outcast'];
  if (room.ownAffiliation === 'admin') return ['member', 'outcast'];
  return [];
}
