// One place that answers the iq requests a client must answer by itself (RFC 6120 §8.2.3:
// every get/set gets a result or an error), so the session needs a single call.
import { iqType, type Element } from '../stanza.js';
import { ownDiscoInfo } from '../modules/index.js';
import { buildDiscoInfoResponse, isDiscoInfoRequest, type DiscoInfo } from './disco.js';
import { buildIqError } from './errors.js';
import { buildPong, isPing } from './ping.js';
import { buildTimeResponse, isTimeRequest } from './time.js';
import { buildVersionResponse, isVersionRequest } from './version.js';

export interface ResponderOptions {
  /** Parley's version for XEP-0092. */
  version: string;
  /** Current time, UTC ms, for XEP-0202. */
  nowMs: number;
  /** Reported timezone offset in minutes (default 0, see time.ts). */
  tzoMinutes?: number;
  /** What we advertise; default ownDiscoInfo(). */
  discoInfo?: DiscoInfo;
}

/**
 * The reply to an incoming iq: ping, version, time and disco#info are answered; any other
 * get/set gets service-unavailable. Null for result/error iqs (never answered) and iqs without
 * an id. Call it only after the session's own handlers (roster pushes, iq results of its
 * requests) have declined the stanza.
 */
export function answerIq(iq: Element, options: ResponderOptions): Element | null {
  const type = iqType(iq);
  if (type !== 'get' && type !== 'set') return null;
  if (isPing(iq)) return buildPong(iq);
  if (isVersionRequest(iq)) return buildVersionResponse(iq, options.version);
  if (isTimeRequest(iq)) return buildTimeResponse(iq, options.nowMs, options.tzoMinutes);
  if (isDiscoInfoRequest(iq))
    return buildDiscoInfoResponse(iq, options.discoInfo ?? ownDiscoInfo());
  return buildIqError(iq, 'service-unavailable', 'cancel');
}
