// XEP-0410 MUC Self-Ping: after a silence, ping our own occupant JID to learn whether the room
// still counts us as joined (a restarted server or a cut s2s link drops occupants silently).
import { xml, type Element, type JidInput } from '../stanza.js';
import { occupantJid } from './muc.js';
import { NS_PING } from './ping.js';

/** Advertised on rooms that answer self-pings themselves (one round trip, §3.3). */
export const FEATURE_SELF_PING_OPTIMIZATION =
  'http://jabber.org/protocol/muc#self-ping-optimization';

/** §3.2: `<ping/>` to room/nick. */
export function buildSelfPing(room: JidInput, nick: string): Element {
  return xml(
    'iq',
    { type: 'get', to: occupantJid(room, nick).toString() },
    xml('ping', { xmlns: NS_PING }),
  );
}

export type SelfPingOutcome = { result: true } | { errorCondition: string } | { timeout: true };

/**
 * What a self-ping's outcome means (§3.2):
 * - a result: joined;
 * - service-unavailable / feature-not-implemented: joined (the room passed the ping on to one
 *   of our clients, which does not do XEP-0199);
 * - item-not-found: joined, but our nick just changed from another client;
 * - no answer: unknown (the service or our other client is unreachable): ping again later;
 * - remote-server-not-found / remote-server-timeout: unknown too. The XEP lists them under
 *   "any other error", but they come from our own server, which could not reach the room:
 *   the room did not say we are out, and a rejoin would fail the same way;
 * - any other error (not-acceptable is the recommended one; not-allowed, bad-request...): not
 *   joined, rejoin.
 */
export function interpretSelfPing(outcome: SelfPingOutcome): 'joined' | 'not-joined' | 'unknown' {
  if ('result' in outcome) return 'joined';
  if ('timeout' in outcome) return 'unknown';
  switch (outcome.errorCondition) {
    case 'service-unavailable':
    case 'feature-not-implemented':
    case 'item-not-found':
      return 'joined';
    case 'remote-server-not-found':
    case 'remote-server-timeout':
      return 'unknown';
    default:
      return 'not-joined';
  }
}
