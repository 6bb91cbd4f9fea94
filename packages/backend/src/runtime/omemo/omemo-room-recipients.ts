/**
 * Who a group chat message is encrypted for (XEP-0384 §5.8): every device of every member, by
 * the same rules as a one-to-one message (omemo-recipients.ts: version per device, trust),
 * and our own other devices once. A member none of whose devices can be encrypted for makes
 * the message refused, naming them: Conversations does the same (a target without trusted
 * keys stops the send at its trust screen; a member without keys makes the room "not OMEMO
 * capable"), so nobody in the room silently gets a message they cannot read.
 */
import { candidates, type Candidate, type DeviceLists } from './omemo-recipients.js';
import type { BackendText } from '@parley/contract';

/** Candidates for every member (each member's own devices), then ours but this device. */
export function memberCandidates(
  members: readonly { jid: string; lists: DeviceLists }[],
  own: { jid: string; lists: DeviceLists; deviceId: number },
): Candidate[] {
  const out: Candidate[] = [];
  for (const member of members) {
    if (member.jid === own.jid) continue;
    out.push(...candidates(member, own).filter((c) => c.jid === member.jid));
  }
  // Our own JID as the peer: our devices but this one, once.
  out.push(...candidates({ jid: own.jid, lists: own.lists }, own));
  return out;
}

/** How many members are named in a refusal before "and N more". */
const NAMED = 5;

/** Why a group chat message was not sent: the members it could not be encrypted for. */
export function roomRefusal(
  unreached: readonly string[],
  skipped: readonly { candidate: Candidate; reason: string }[],
): string {
  const named = unreached.slice(0, NAMED).map((jid) => {
    const reasons = [
      ...new Set(skipped.filter((s) => s.candidate.jid === jid).map((s) => s.reason)),
    ];
    return reasons.length === 0 ? `${jid} (no OMEMO device)` : `${jid} (${reasons.join(', ')})`;
  });
  const more = unreached.length > NAMED ? ` and ${unreached.length - NAMED} more` : '';
  const who = unreached.length === 1 ? 'this member' : 'these members';
  return `Not sent: it cannot be encrypted for ${who}: ${named.join('; ')}${more}. Check their devices and trust, or turn the lock off to send it unencrypted.`;
}

export const NO_OTHER_MEMBERS = { id: 'omemo.not-sent-no-members' } as const;

export function tooManyMembers(max: number): BackendText {
  return { id: 'omemo.not-sent-too-many-members', params: { max } };
}

export const ROOMS_UNAVAILABLE = { id: 'omemo.not-sent-rooms-unavailable' } as const;

export const PRIVATE_MESSAGE_REFUSED = { id: 'omemo.not-sent-private-message' } as const;
