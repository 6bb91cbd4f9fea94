import { randomUUID } from 'node:crypto';

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Message ids
 * are keys of a unique index; random (v4) ids land on a random leaf page each, so a commit of
 * a few dozen received messages rewrote (and re-encrypted) a few dozen index pages instead of
 * one. Time-ordered ids append at the right edge. Built on randomUUID, whose random bits come
 * from a pooled buffer (a randomBytes call per id cost more than the insert).
 */
export function timeOrderedId(now = Date.now()): string {
  const random = randomUUID();
  const time = Math.max(0, Math.floor(now)).toString(16).padStart(12, '0').slice(-12);
  // randomUUID: xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx; its variant bits are already RFC 9562's.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}
