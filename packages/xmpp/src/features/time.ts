// XEP-0202 Entity Time.
import {
  buildIqResult,
  childIn,
  iqPayload,
  iqType,
  parseDateTime,
  requireJid,
  xml,
  type Element,
  type JidInput,
} from '../stanza.js';

export const NS_TIME = 'urn:xmpp:time';

export function isTimeRequest(iq: Element): boolean {
  const payload = iqPayload(iq);
  return iqType(iq) === 'get' && payload?.getName() === 'time' && payload.getNS() === NS_TIME;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(Math.trunc(minutes));
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign}${hh}:${mm}`;
}

/**
 * Answer a time request. `tzoMinutes` (east of UTC) defaults to 0: the real offset reveals
 * roughly where the user is, so the session passes it only if the user opts in.
 * Null when `iq` is not a time request or has no id.
 */
export function buildTimeResponse(iq: Element, nowMs: number, tzoMinutes = 0): Element | null {
  if (!isTimeRequest(iq)) return null;
  const utc = new Date(Math.trunc(nowMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return buildIqResult(
    iq,
    xml('time', { xmlns: NS_TIME }, xml('tzo', {}, formatOffset(tzoMinutes)), xml('utc', {}, utc)),
  );
}

/** A contact's clock: UTC now by their clock and their offset from UTC. */
export interface EntityTime {
  utcMs: number;
  /** Minutes east of UTC. */
  tzoMinutes: number;
}

/** Ask a resource (full JID) for its time. */
export function buildTimeQuery(to: JidInput): Element {
  return xml('iq', { type: 'get', to: requireJid(to).toString() }, xml('time', { xmlns: NS_TIME }));
}

/** The answer of a time result; null when the utc or tzo is missing or malformed. */
export function parseTimeResult(iq: Element): EntityTime | null {
  const time = childIn(iq, 'time', NS_TIME);
  if (!time) return null;
  const utcMs = parseDateTime(childIn(time, 'utc', NS_TIME)?.getText().trim());
  const tzoText = childIn(time, 'tzo', NS_TIME)?.getText().trim() ?? '';
  // XEP-0082's TZD: 'Z' or ±hh:mm (slixmpp answers 'Z' for UTC).
  const tzo = /^([+-])(\d{2}):(\d{2})$/.exec(tzoText === 'Z' ? '+00:00' : tzoText);
  if (utcMs === null || !tzo) return null;
  const minutes = Number(tzo[2]) * 60 + Number(tzo[3]);
  // Real offsets lie within -12:00..+14:00.
  if (minutes > 14 * 60 || Number(tzo[3]) > 59) return null;
  return { utcMs, tzoMinutes: tzo[1] === '-' ? -minutes : minutes };
}
