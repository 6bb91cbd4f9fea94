/**
 * Which group chats OMEMO works in (XEP-0384 §5.8 "Group Chats"; OMEMO.md §3.6): a room that is
 * non-anonymous (every occupant sees the real JIDs, so we know whose devices to encrypt for and
 * who sent what) and members-only (the recipients are a known list, not whoever walks in).
 * Conversations (`isConversationAxolotlCapable`) and Dino ask for the same two features. Read
 * from the room's disco#info, refreshed when the room announces a configuration change.
 */
import type { BackendText, RoomFeatures } from '@parley/contract';

/** For the lock's tooltip; a refused message says the same (omemo-room-support.ts). */
export const PRIVATE_ROOM_NEEDED = { id: 'omemo.room-private-needed' } as const;
export const ROOM_NOT_KNOWN = { id: 'omemo.room-not-known' } as const;

export type RoomEligibility =
  { eligible: true; reason: null } | { eligible: false; reason: BackendText };

/** Whether a room with these features (null: not known yet) allows OMEMO, and why not. */
export function roomEligibility(features: RoomFeatures | null | undefined): RoomEligibility {
  if (!features) return { eligible: false, reason: ROOM_NOT_KNOWN };
  if (features.membersOnly && features.nonAnonymous) return { eligible: true, reason: null };
  return { eligible: false, reason: PRIVATE_ROOM_NEEDED };
}

/**
 * XEP-0045 §10.2.1 status codes of a configuration change the room announces: 104 (a setting
 * other than privacy changed: members-only may be it), 172 (now non-anonymous), 173
 * (now semi-anonymous), 174 (now fully anonymous). Any of them: read the features again.
 */
export const CONFIG_CHANGE_CODES: readonly number[] = [104, 172, 173, 174];

export function isConfigChange(codes: readonly number[]): boolean {
  return codes.some((c) => CONFIG_CHANGE_CODES.includes(c));
}
