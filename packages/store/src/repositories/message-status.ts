import type { MessageStatus } from '@parley/contract';

/** Progress of an outgoing message; a later signal never undoes an earlier, stronger one. */
const RANK: Partial<Record<MessageStatus, number>> = {
  pending: 0,
  sent: 1,
  acked: 2,
  delivered: 3,
};

/**
 * Whether a message in `from` may move to `to`. Signals arrive out of order (a receipt can beat
 * the stream-management ack), so the rules are monotonic:
 * - pending < sent < acked < delivered, forward only;
 * - failed from pending, sent or acked: our server taking a message is no proof its
 *   recipient did, and their side can still bounce it (RFC 6120 §8.3); a receipt is;
 * - out of failed: to delivered (late proof it did arrive) or back to pending (the user
 *   retries); a late ack of our own server proves nothing against the bounce;
 * - received belongs to incoming messages and never changes.
 */
export function canTransition(from: MessageStatus, to: MessageStatus): boolean {
  if (from === to) return false;
  if (from === 'received' || to === 'received') return false;
  if (to === 'failed') return from === 'pending' || from === 'sent' || from === 'acked';
  if (from === 'failed') return to === 'pending' || to === 'delivered';
  const a = RANK[from];
  const b = RANK[to];
  return a !== undefined && b !== undefined && b > a;
}
