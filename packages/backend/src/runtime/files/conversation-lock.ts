/**
 * Whether a file sent to a conversation goes encrypted (XEP-0454, OMEMO.md §3.4 and §7.3
 * "Files"): exactly when the conversation's OMEMO lock is on, read the way the outgoing OMEMO
 * transform reads it (the default decided once the contact's device lists are known), so the
 * file's message, which that transform then encrypts, never meets a plaintext upload. Asked when
 * an upload starts, each attempt anew: a slot is single-use and the key is fresh per attempt.
 */
import type { ConversationEncryption } from '@parley/contract';
import type { IqSender, Session } from '@parley/xmpp';

/** What is read of the conversation's lock (OmemoChoice). */
export interface LockReader {
  readonly enabled: boolean;
  chosen(peer: string): boolean;
  decide(peer: string, room?: boolean): { encryption: ConversationEncryption };
}

/** Where a contact's device lists are learnt (DeviceDirectory). */
export interface DeviceLists {
  devicesOf(send: IqSender, jid: string): Promise<unknown>;
}

export interface ConversationLock {
  lock: LockReader;
  devices: DeviceLists;
  /** The account's online session, to learn a contact's device lists; null offline. */
  online(): Session | null;
}

/**
 * True when files to `peer` must go encrypted. Nothing chosen yet for a one-to-one chat: the
 * contact's device lists are fetched first (a failed fetch leaves what is known), as the
 * transform does before the first message, then the lock decides (and stores the default).
 */
export async function filesGoEncrypted(
  { lock, devices, online }: ConversationLock,
  peer: string,
  room: boolean,
): Promise<boolean> {
  if (!lock.enabled) return false;
  const session = online();
  if (!room && session && !lock.chosen(peer)) {
    const send: IqSender = (iq) => session.iq(iq);
    await devices.devicesOf(send, peer).catch(() => null);
  }
  return lock.decide(peer, room).encryption === 'omemo';
}
